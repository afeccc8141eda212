import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, isPlainHeading, toMarkdown } from './ingest.ts';
import { splitPolicy } from './sections.ts';

const customer = fs.readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/policies/nettfokus.txt'), 'utf8');
const titles = (text: string) => splitPolicy(toMarkdown(text)).sections.map((s) => s.title);

describe('the plain-text heading finder', () => {
  it('finds the customer’s headings in its policy as pasted, with no Markdown in it', () => {
    expect(detectFormat(customer)).toBe('text');
    const found = titles(customer);
    for (const heading of [
      'Hvem er vi?',
      'Når samler vi inn og behandler personopplysninger om deg?',
      'Hvorfor samler vi inn og bruker personopplysninger?',
      'Vår hjemmel for å samle inn personopplysninger',
      'Hvilken type personopplysninger samles inn?',
      'Hvor lenge tar vi vare på personopplysninger?',
      // The rights list has no heading of its own: the line ending in ":" before it is one.
      'Du har følgende rettigheter til personopplysningene dine',
      'Deler vi opplysningene dine med noen?',
      'Datasikkerhet',
      'Internasjonal Overføring',
      'Tilsynsmyndighet',
      'Endringer i personvernerklæringen vår',
      'Kontakt oss',
    ]) expect(found).toContain(heading);
  });

  it('keeps sentences, e-mail lines, addresses and dates as text', () => {
    const found = titles(customer);
    expect(found.some((t) => t.includes('@'))).toBe(false);
    expect(found).not.toContain('Denne personvernerklæringen ble publisert 11.02.2024');
    expect(found).not.toContain('Send post til: grane solutions, brennalia 78, 1481 Hagan, Norge');
    for (const line of ['Vi lagrer dataene i 30 dager.', 'send en e-post til oss', 'Brennalia 78, 1481 Hagan, Norge', 'Send en e-post til sander.grane@nettfokus.no']) expect(isPlainHeading(line), line).toBe(false);
    for (const line of ['3. Dine rettigheter', '2.1 Samtykke', 'Kontakt oss', 'Hvem er vi?', 'Datasikkerhet:']) expect(isPlainHeading(line), line).toBe(true);
  });

  it('puts the rights list under its own heading, so the retention section no longer holds it', () => {
    const { sections } = splitPolicy(toMarkdown(customer));
    const retention = sections.find((s) => s.title.startsWith('Hvor lenge'))!;
    const rights = sections.find((s) => s.title.startsWith('Du har følgende rettigheter'))!;
    expect(retention.sentences.join(' ')).not.toMatch(/Rett til/);
    expect(rights.blocks.filter((b) => b.item)).toHaveLength(7);
  });

  it('finds no sections in text without headings', () => {
    expect(splitPolicy(toMarkdown('vi tar vare på dataene dine og sletter dem når vi ikke trenger dem. les mer på nettsiden vår.')).sections).toEqual([]);
  });
});

describe('HTML policies', () => {
  it('take their headings and lists from the elements, and links only as text', () => {
    const html = `<html><head><title>x</title><script>alert(1)</script></head><body>
      <h1>Personvern</h1><p>Intro &amp; mer.</p>
      <h2>Hvor lenge lagrer vi data?</h2><p>Vi sletter etter <b>30 dager</b>. Les <a href="javascript:alert(document.cookie)">her</a>.</p>
      <h2>Dine rettigheter</h2><ul><li>Innsyn</li><li>Sletting</li></ul></body></html>`;
    expect(detectFormat(html)).toBe('html');
    const md = toMarkdown(html);
    expect(md).not.toMatch(/javascript:|alert|<script/);
    const { title, sections } = splitPolicy(md);
    expect(title).toBe('Personvern');
    expect(sections.map((s) => s.title)).toEqual(['Personvern', 'Hvor lenge lagrer vi data?', 'Dine rettigheter']);
    expect(sections[1]!.sentences).toEqual(['Vi sletter etter 30 dager.', 'Les her.']);
    expect(sections[2]!.blocks).toEqual([{ item: true, sentences: ['Innsyn'] }, { item: true, sentences: ['Sletting'] }]);
  });
});

describe('hostile input', () => {
  it('reads a huge text in linear time, without a heading made of it', () => {
    const huge = `${'a'.repeat(500_000)}\n\n${'Overskrift\n\ntekst. '.repeat(20_000)}`;
    const started = process.hrtime.bigint();
    const { sections } = splitPolicy(toMarkdown(huge));
    // Printed, not asserted: a backtracking regex would take minutes here.
    process.stdout.write(`[ingest] ${huge.length} characters in ${Number(process.hrtime.bigint() - started) / 1e6} ms\n`);
    expect(sections.length).toBeGreaterThan(0);
  });

  it('drops the control characters of binary input and does not throw', () => {
    const bytes = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const md = toMarkdown(`\u0000\u0001PK\u0003\u0004${bytes}`);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(() => splitPolicy(md)).not.toThrow();
  });

  it('leaves a Markdown policy as it is', () => {
    const md = '# Tittel\n\n## Del\n\nTekst.';
    expect(detectFormat(md)).toBe('markdown');
    expect(toMarkdown(md)).toBe(md);
  });
});
