import { timingSafeEqual } from 'node:crypto';
import { hmacHex } from '../../util/crypto.ts';
import type { CodeCheck } from '../chat-types.ts';

/** A verification_codes row: the code itself is kept only as an HMAC. */
export interface CodeRow {
  id: number;
  code_hash: string;
  expires_at: string;
  attempts: number;
  used_at: string | null;
  retired_at: string | null;
}

export function verificationCodeHash(hmacKey: string, requestId: string, code: string): string {
  return hmacHex(hmacKey, `verification-code:${requestId}:${code}`);
}

/**
 * What a code check answers, and what it must write first: `used` marks the code used, `wrong`
 * counts the attempt and puts `code-wrong` in the request's trail, `none` writes nothing.
 */
export type CodeVerdict =
  | { write: 'none'; result: CodeCheck }
  | { write: 'used' | 'wrong'; codeId: number; attempts: number; result: CodeCheck };

/**
 * Judges `givenHash` against the request's latest code; the backend writes what the verdict says,
 * in the same transaction. `guessesLeft` is what the request has left over its whole life (all
 * its codes), so new codes never bring new guesses past that cap.
 */
export function judgeCode(row: CodeRow | undefined, givenHash: string, at: Date, maxAttempts: number, guessesLeft = Infinity): CodeVerdict {
  if (!row || row.used_at || row.retired_at) return { write: 'none', result: { ok: false, reason: 'no_code' } };
  if (row.attempts >= maxAttempts || guessesLeft <= 0) return { write: 'none', result: { ok: false, reason: 'too_many_attempts' } };
  if (at.toISOString() >= row.expires_at) return { write: 'none', result: { ok: false, reason: 'code_expired' } };
  const attempts = row.attempts + 1;
  if (timingSafeEqual(Buffer.from(row.code_hash, 'hex'), Buffer.from(givenHash, 'hex'))) {
    return { write: 'used', codeId: row.id, attempts, result: { ok: true } };
  }
  const left = Math.min(maxAttempts - attempts, guessesLeft - 1);
  const result: CodeCheck = left <= 0 ? { ok: false, reason: 'too_many_attempts' } : { ok: false, reason: 'wrong_code', attemptsLeft: left };
  return { write: 'wrong', codeId: row.id, attempts, result };
}

/** A rate-limit row's key: a keyed hash of the limit's name and its key (an address group, a request id). */
export function rateLimitBucket(hmacKey: string, name: string, key: string): string {
  return hmacHex(hmacKey, `rate-limit:${name}:${key}`);
}
