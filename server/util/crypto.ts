import { createHash, createHmac, randomBytes } from 'node:crypto';

/** SHA-256 of a UTF-8 string, lowercase hex. The one digest used for texts, bodies and the chain. */
export function sha256Hex(input: string): string {
  return createHash('sha256').update(input, 'utf8').digest('hex');
}

/** HMAC-SHA256, lowercase hex: a keyed pseudonym, so a leaked table cannot be reversed by guessing emails. */
export function hmacHex(secret: string, input: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('hex');
}

/** A random token with a readable prefix (`sk_`, `at_`), 256 bits, URL-safe. */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
