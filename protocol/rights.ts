import { z } from 'zod';
import { Lang } from './config.ts';
import { ApiErrorBody } from './errors.ts';
import { ChatText } from './chat.ts';
import { RightsKind } from './rights-kind.ts';
import { plain, plainText } from './text.ts';

export { RightsKind };

const name = plain(z.string().trim().min(1, 'must not be empty').max(200));
const email = z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' }));

/** Each request asks only for what it needs (data minimisation, Art. 5(1)(c)). */
export const RightsRequestBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('access'), name, email }).strict(),
  z.object({ kind: z.literal('portability'), name, email }).strict(),
  z.object({ kind: z.literal('erasure'), name, email }).strict(),
  z.object({ kind: z.literal('rectification'), name, email, correction: ChatText }).strict(),
  z.object({ kind: z.literal('withdraw-consent'), name, email, purpose: z.enum(['marketing-email', 'statistics', 'marketing', 'followup', 'all']) }).strict(),
  z.object({ kind: z.literal('restriction'), name, email, reason: ChatText }).strict(),
  z.object({ kind: z.literal('objection'), name, email, reason: ChatText }).strict(),
  z.object({ kind: z.literal('question'), name, email, message: ChatText }).strict(),
]);
export type RightsRequestBody = z.infer<typeof RightsRequestBody>;

/** `POST /v1/requests`. The answer is the same whether or not the email is known to us. */
export const CreateRightsRequest = z
  .object({ site: plainText(80), lang: Lang, request: RightsRequestBody, conversationId: plain(z.string().max(80)).optional() })
  .strict();
export type CreateRightsRequest = z.infer<typeof CreateRightsRequest>;

export const RightsStatus = z.enum(['awaiting-verification', 'verified', 'in-progress', 'completed', 'rejected', 'withdrawn', 'expired']);
export type RightsStatus = z.infer<typeof RightsStatus>;

/** Returned on create: the token is the requester's key to this request, kept by their browser. */
export const CreatedRightsRequest = z.object({ id: z.string(), token: z.string(), status: RightsStatus });
export type CreatedRightsRequest = z.infer<typeof CreatedRightsRequest>;

/** `POST /v1/requests/:id/verify` with `Authorization: Bearer <token>`: the 6-digit code from the email. */
export const VerifyCode = z.object({ code: z.string().regex(/^\d{6}$/, 'must be the 6 digits from the email') }).strict();

/**
 * A refused code (`wrong_code` 400, `too_many_attempts` 429): the error shape plus how many tries
 * the requester has left, counting both this code's limit and the request's lifetime limit.
 */
export const CodeRefused = ApiErrorBody.extend({ error: z.enum(['wrong_code', 'too_many_attempts']), attemptsLeft: z.number().int().nonnegative() });
export type CodeRefused = z.infer<typeof CodeRefused>;

/** What the requester may see of their own request: never personal data. */
export const RightsRequestStatus = z.object({
  id: z.string(),
  kind: RightsKind,
  status: RightsStatus,
  /** Shown after verification, e.g. `NF-2026-000123`. */
  reference: z.string().optional(),
  receivedAt: z.string(),
  /** One calendar month from receipt (GDPR Art. 12(3)), set once verified. */
  dueAt: z.string().optional(),
});
export type RightsRequestStatus = z.infer<typeof RightsRequestStatus>;
