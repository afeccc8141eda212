import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for personal fields at rest (chat messages, rights-request details). A sealed value
 * is `enc:v1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>`; the key id is derived from the key, so
 * rotation needs no registry: the current key seals, every listed key opens. `context` is bound as
 * additional data (table, column, row id), so a ciphertext moved to another row or column fails to open.
 */
export interface DataCipher {
  /** Id of the key new values are sealed with. */
  keyId: string;
  seal(plain: string, context: string): string;
  /** Opens a sealed value; a value that is not sealed (written before encryption, or emptied by a purge) is returned as it is. */
  open(value: string, context: string): string;
  /** Whether a stored value is sealed with the current key (re-sealing after a rotation skips those). */
  isCurrent(value: string): boolean;
  /** The key id a sealed value names, or undefined for a plain value. */
  keyIdOf(value: string): string | undefined;
  knows(keyId: string): boolean;
}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('samtykke:data-key-id').update(key).digest('hex').slice(0, 12);
}

export function decodeKey(base64: string, name: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}

/** `current` seals and opens; `old` keys only open, until every value has been sealed again. */
export function createDataCipher({ current, old = [] }: { current: Buffer; old?: Buffer[] }): DataCipher {
  const keys = new Map<string, Buffer>();
  for (const k of [current, ...old]) keys.set(keyIdOf(k), k);
  const currentId = keyIdOf(current);
  const idOf = (value: string) => (value.startsWith(PREFIX) ? value.slice(PREFIX.length, value.indexOf(':', PREFIX.length)) : undefined);
  return {
    keyId: currentId,
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${currentId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(value, context) {
      const id = idOf(value);
      if (id === undefined) return value;
      const key = keys.get(id);
      // Names the variable to fix; the value itself is never put in an error.
      if (!key) throw new Error(`A stored value is sealed with data key ${id}, which is neither SAMTYKKE_DATA_KEY nor in SAMTYKKE_DATA_KEYS_OLD`);
      const raw = Buffer.from(value.slice(PREFIX.length + id.length + 1), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    isCurrent: (value) => idOf(value) === currentId,
    keyIdOf: idOf,
    knows: (id) => keys.has(id),
  };
}
