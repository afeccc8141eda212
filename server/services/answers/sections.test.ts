import { describe, expect, it } from 'vitest';
import { slugify, splitPolicy } from './sections.ts';

const POLICY = `# Personvern

Innledning med en [lenke](https://x.example) og *uthevet* tekst.

## Hvem er vi?

Vi er et firma. Vi holder til i Oslo.

## Rettslig grunnlag

### Samtykke

- Et punkt;
- et punkt til.

## Hvem er vi?

Igjen.
`;

describe('splitPolicy', () => {
  it('keeps the intro under the document title and folds deeper headings into their section', () => {
    const { title, sections } = splitPolicy(POLICY);
    expect(title).toBe('Personvern');
    expect(sections.map((s) => s.title)).toEqual(['Personvern', 'Hvem er vi?', 'Rettslig grunnlag', 'Hvem er vi?']);
    expect(sections[2]!.subheadings).toEqual(['Samtykke']);
    expect(sections[2]!.sentences).toEqual(['Et punkt;', 'et punkt til.']);
    expect(sections[2]!.path).toEqual(['Personvern', 'Rettslig grunnlag']);
  });

  it('turns Markdown into plain sentences', () => {
    const { sections } = splitPolicy(POLICY);
    expect(sections[0]!.sentences).toEqual(['Innledning med en lenke og uthevet tekst.']);
    expect(sections[1]!.sentences).toEqual(['Vi er et firma.', 'Vi holder til i Oslo.']);
  });

  it('gives repeated headings distinct anchors, as Markdown renderers do', () => {
    expect(splitPolicy(POLICY).sections.map((s) => s.id)).toEqual(['personvern', 'hvem-er-vi', 'rettslig-grunnlag', 'hvem-er-vi-1']);
  });
});

describe('slugify', () => {
  it('keeps Norwegian letters and drops punctuation', () => {
    expect(slugify('Overføring til USA?')).toBe('overføring-til-usa');
    expect(slugify('Endringer i personvernerklæringen')).toBe('endringer-i-personvernerklæringen');
  });
});
