import { randomInt } from 'node:crypto';

/** Six digits from the OS's CSPRNG, uniform over 000000–999999. */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export const CODE_TTL_MINUTES = 15;
export const CODE_MAX_ATTEMPTS = 5;
