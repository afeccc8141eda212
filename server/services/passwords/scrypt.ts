import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. @default 2 ** 17 (OWASP Password Storage Cheat Sheet) */
  N: number;
  /** @default 8 */
  r: number;
  /** @default 1 */
  p: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time; false for a malformed stored hash rather than a throw. */
  verify(password: string, stored: string): Promise<boolean>;
  /** A real hash of nothing, so a login for an unknown email costs as much as a known one. */
  readonly dummyHash: Promise<string>;
}

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (128 MiB at OWASP settings), above Node's 32 MiB default maxmem.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Hashes are self-describing (`scrypt$N$r$p$salt$key`, base64url), so parameters can be raised
 * later without breaking stored accounts. Tests pass a small N; production keeps the default.
 */
export function createPasswordHasher(params: Partial<ScryptParams> = {}): PasswordHasher {
  const { N = 2 ** 17, r = 8, p = 1 } = params;
  if (!Number.isInteger(Math.log2(N)) || N < 2) throw new Error('createPasswordHasher: N must be a power of two');
  const hash = async (password: string) => {
    const salt = randomBytes(16);
    const key = await derive(password, salt, { N, r, p });
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  };
  let dummy: Promise<string> | undefined;
  return {
    hash,
    async verify(password, stored) {
      const [scheme, n, rr, pp, salt, key] = stored.split('$');
      if (scheme !== 'scrypt' || !salt || !key) return false;
      const expected = Buffer.from(key, 'base64url');
      const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(rr), p: Number(pp) });
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
    get dummyHash() {
      dummy ??= hash(randomBytes(16).toString('hex'));
      return dummy;
    },
  };
}
