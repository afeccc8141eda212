import { randomInt } from 'node:crypto';
import { sha256Hex } from '../../util/crypto.ts';

// No 0/o, 1/l/i: a code read off paper is typed back without guessing which was meant.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;
const LENGTH = 16;

/**
 * Ten one-time codes, `xxxx-xxxx-xxxx-xxxx`: 16 characters from 31, about 79 bits each, so a
 * plain SHA-256 stored for each is as safe as a slow hash would be (nobody can try 2^79).
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** A code as typed (any case, spaces or dashes) reduced to its characters. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Bound to the account, so one code's hash says nothing about another account's. */
export function recoveryCodeHash(accountId: number, code: string): string {
  return sha256Hex(`recovery:${accountId}:${normaliseRecoveryCode(code)}`);
}
