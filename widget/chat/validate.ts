import type { RightsKind, RightsRequestBody } from '../../protocol/index.ts';
import type { FieldName, Purpose } from './copy.ts';

/** What each request asks for, and nothing more (data minimisation, GDPR Art. 5(1)(c)). */
export const FIELDS: Record<RightsKind, FieldName[]> = {
  access: ['name', 'email'],
  portability: ['name', 'email'],
  erasure: ['name', 'email'],
  rectification: ['name', 'email', 'correction'],
  'withdraw-consent': ['name', 'email', 'purpose'],
  restriction: ['name', 'email', 'reason'],
  objection: ['name', 'email', 'reason'],
  question: ['name', 'email', 'message'],
};

export const PURPOSES: Purpose[] = ['marketing-email', 'statistics', 'marketing', 'followup', 'all'];

export type FieldProblem = 'required' | 'email' | 'long';
export type Checked = { ok: true; body: RightsRequestBody } | { ok: false; problems: Partial<Record<FieldName, FieldProblem>> };

// zod's own email pattern (z.email()), so the server never refuses what we let through.
export const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const MAX: Record<FieldName, number> = { name: 200, email: 254, correction: 2000, purpose: 40, reason: 2000, message: 2000 };

/**
 * Drops what the server refuses in text (protocol/text.ts): control characters other than tab and
 * line breaks, which a paste can bring, and unpaired surrogates, which a cut inside an emoji leaves.
 */
export const plain = (text: string) => text.replace(/[\0-\b\v\f\x0e-\x1f\x7f]|\p{Cs}/gu, '');

/**
 * The protocol's RightsRequestBody checked by hand: zod would cost the chunk several KB for one
 * form. validate.test.ts feeds the same cases to this and to the schema, so the two cannot drift.
 */
export function checkRequest(kind: RightsKind, values: Partial<Record<FieldName, string>>): Checked {
  const problems: Partial<Record<FieldName, FieldProblem>> = {};
  const body: Record<string, string> = { kind };
  for (const field of FIELDS[kind]) {
    const value = plain(values[field] ?? '').trim();
    if (!value) problems[field] = 'required';
    else if (value.length > MAX[field]) problems[field] = 'long';
    else if (field === 'email' && !EMAIL.test(value)) problems[field] = 'email';
    else if (field === 'purpose' && !PURPOSES.includes(value as Purpose)) problems[field] = 'required';
    body[field] = value;
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, body: body as unknown as RightsRequestBody };
}

/** The 6 digits from the email, forgiving the spaces people type or paste between them. */
export function normaliseCode(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}
