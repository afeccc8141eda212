import { describe, expect, it } from 'vitest';
import { RightsRequestBody, type RightsKind } from '../../protocol/index.ts';
import type { FieldName } from './copy.ts';
import { checkRequest, FIELDS, normaliseCode } from './validate.ts';

const base = { name: 'Kari Nordmann', email: 'kari@example.no' };
const extra: Record<RightsKind, Partial<Record<FieldName, string>>> = {
  access: {},
  portability: {},
  erasure: {},
  rectification: { correction: 'Etternavnet er feilstavet' },
  'withdraw-consent': { purpose: 'marketing-email' },
  restriction: { reason: 'Jeg har bestridt at opplysningene er riktige' },
  objection: { reason: 'Jeg vil ikke profileres' },
  question: { message: 'Hvem kan se saken min?' },
};

// The same cases go to the hand check and to the protocol schema, so the two cannot drift apart.
const cases: Array<{ name: string; kind: RightsKind; values: Partial<Record<FieldName, string>>; bad?: FieldName }> = [
  ...(Object.keys(extra) as RightsKind[]).map((kind) => ({ name: `a complete ${kind} request`, kind, values: { ...base, ...extra[kind] } })),
  { name: 'a missing name', kind: 'erasure', values: { email: 'kari@example.no' }, bad: 'name' },
  { name: 'a name of spaces', kind: 'access', values: { ...base, name: '   ' }, bad: 'name' },
  { name: 'an email without @', kind: 'access', values: { ...base, email: 'kari.example.no' }, bad: 'email' },
  { name: 'an email without a domain', kind: 'access', values: { ...base, email: 'kari@localhost' }, bad: 'email' },
  { name: 'an email with two dots', kind: 'access', values: { ...base, email: 'kari..n@example.no' }, bad: 'email' },
  { name: 'a too long name', kind: 'access', values: { ...base, name: 'x'.repeat(201) }, bad: 'name' },
  { name: 'a rectification without what to correct', kind: 'rectification', values: base, bad: 'correction' },
  { name: 'an unknown consent purpose', kind: 'withdraw-consent', values: { ...base, purpose: 'newsletter' }, bad: 'purpose' },
  { name: 'an objection without a reason', kind: 'objection', values: base, bad: 'reason' },
  { name: 'a too long question', kind: 'question', values: { ...base, message: 'x'.repeat(2001) }, bad: 'message' },
];

describe('checkRequest', () => {
  for (const c of cases) {
    it(`agrees with the protocol schema on ${c.name}`, () => {
      const checked = checkRequest(c.kind, c.values);
      const raw = { kind: c.kind, ...Object.fromEntries(FIELDS[c.kind].map((f) => [f, c.values[f]])) };
      expect(RightsRequestBody.safeParse(raw).success).toBe(!c.bad);
      expect(checked.ok).toBe(!c.bad);
      if (checked.ok) expect(RightsRequestBody.parse(checked.body)).toEqual(checked.body);
      else expect(Object.keys(checked.problems)).toEqual([c.bad]);
    });
  }

  it('sends only the fields that right needs, even when others were typed earlier', () => {
    const checked = checkRequest('erasure', { ...base, correction: 'left over from another form', reason: 'x' });
    expect(checked).toEqual({ ok: true, body: { kind: 'erasure', ...base } });
  });

  it('drops control characters and unpaired surrogates the schema refuses, keeping tabs, line breaks and emoji', () => {
    const values = { ...base, name: 'Kari\u0000 Nordmann\u001b', message: 'Linje 1\r\n\tLinje 2 \ud83d\ude00\u0007\ud83d' };
    expect(RightsRequestBody.safeParse({ kind: 'question', ...values }).success).toBe(false);
    const checked = checkRequest('question', values);
    expect(checked).toEqual({ ok: true, body: { kind: 'question', name: 'Kari Nordmann', email: base.email, message: 'Linje 1\r\n\tLinje 2 \ud83d\ude00' } });
    if (checked.ok) expect(RightsRequestBody.parse(checked.body)).toEqual(checked.body);
  });

  it('takes the code with spaces or a dash, and nothing but 6 digits', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('123-456')).toBe('123456');
    expect(normaliseCode('12345')).toBeUndefined();
    expect(normaliseCode('12345a')).toBeUndefined();
  });
});
