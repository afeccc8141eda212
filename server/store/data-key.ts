/** @module Which data key seals and which keys still open, and resealing under the current key. Backend-neutral: each backend reads and writes the rows. */
import { randomBytes } from 'node:crypto';
import { createDataCipher, decodeKey, keyIdOf, type DataCipher } from '../util/data-cipher.ts';
import { sealContext } from './seal-context.ts';

/** A development data key, for `meta` when SAMTYKKE_DATA_KEY is not given. */
export const newDataKey = (): string => randomBytes(32).toString('base64');

/**
 * The cipher for the data key in use: SAMTYKKE_DATA_KEY when given, else the development key kept
 * in `meta`. A key kept in `meta` by an earlier start still opens what it sealed after
 * SAMTYKKE_DATA_KEY is set, until `sealAll` has moved everything to the new key; `storedKeyId`
 * names it then.
 */
export function dataCipherFor({ given, stored, old }: { given: string | undefined; stored: string | undefined; old: string[] }): { cipher: DataCipher; storedKeyId?: string } {
  const olds = old.map((k) => decodeKey(k, 'SAMTYKKE_DATA_KEYS_OLD'));
  const storedKey = stored ? decodeKey(stored, 'meta data_key') : undefined;
  if (given) {
    return { cipher: createDataCipher({ current: decodeKey(given, 'SAMTYKKE_DATA_KEY'), old: storedKey ? [...olds, storedKey] : olds }), ...(storedKey ? { storedKeyId: keyIdOf(storedKey) } : {}) };
  }
  if (!storedKey) throw new Error('No data key: give SAMTYKKE_DATA_KEY or store a generated one in meta first');
  return { cipher: createDataCipher({ current: storedKey, old: olds }) };
}

/** A sealed value opened and sealed again under the current key. */
export function reseal(value: string, context: string, cipher: DataCipher): string {
  return cipher.seal(cipher.open(value, context), context);
}

/** A request's personal fields sealed again under the current key, with its address's lookup hash. An emptied (purged) field stays empty. */
export function resealRequest(r: { id: string; name: string; email: string; details: string }, cipher: DataCipher, emailHash: (email: string) => string) {
  const [name, email, details] = (['name', 'email', 'details'] as const).map((f) => cipher.open(r[f], sealContext.requestField(r.id, f)));
  const seal = (f: 'name' | 'email' | 'details', v: string) => (v === '' ? '' : cipher.seal(v, sealContext.requestField(r.id, f)));
  return { name: seal('name', name!), email: seal('email', email!), details: seal('details', details!), emailHash: email ? emailHash(email) : null };
}

/**
 * `request_events` is append-only and never rewritten, so every key its values were sealed with
 * must stay listed: throws naming the missing ones. Answers whether the development key kept in
 * `meta` (`storedKeyId`) can be forgotten, because a real key has taken over everything it sealed.
 */
export function checkTrailKeys(trailKeys: string[], cipher: DataCipher, storedKeyId: string | undefined): { forgetStoredKey: boolean } {
  const unknown = trailKeys.filter((id) => !cipher.knows(id));
  if (unknown.length) {
    throw new Error(`The request trail holds values sealed with data key(s) ${unknown.join(', ')}: list the old key(s) in SAMTYKKE_DATA_KEYS_OLD`);
  }
  return { forgetStoredKey: !!storedKeyId && !trailKeys.includes(storedKeyId) };
}
