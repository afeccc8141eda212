import { hmacHex, randomToken } from '../../util/crypto.ts';
import type { Sql } from './connect.ts';

const MISMATCH =
  'SAMTYKKE_SECRET differs from the secret this database was created with; stored email hashes would no longer match. ' +
  'Use the original secret (or unset SAMTYKKE_SECRET if it was generated and kept in the database).';

/**
 * The HMAC key, by the same rules as the SQLite store: SAMTYKKE_SECRET when given, else one
 * generated on first open and kept in `meta`; a fingerprint in `meta` catches a changed key at boot.
 * Instances starting at once each insert with ON CONFLICT DO NOTHING and read back, so they all
 * end up with the first one's secret and fingerprint.
 */
export async function resolvePgSecret(sql: Sql, given: string | undefined, clock: () => Date): Promise<string> {
  const get = async (key: string) => (await sql<{ value: string }[]>`SELECT value FROM meta WHERE key = ${key}`)[0]?.value;
  let secret = given;
  if (!secret) {
    // Made with SAMTYKKE_SECRET and now started without: storing a generated one would only hide the mistake.
    if ((await get('secret_fingerprint')) && !(await get('secret'))) throw new Error(MISMATCH);
    await sql`INSERT INTO meta (key, value) VALUES ('secret', ${randomToken('')}), ('secret_created_at', ${clock().toISOString()})
      ON CONFLICT (key) DO NOTHING`;
    secret = (await get('secret'))!;
  }
  const fingerprint = hmacHex(secret, 'samtykke:fingerprint');
  await sql`INSERT INTO meta (key, value) VALUES ('secret_fingerprint', ${fingerprint}) ON CONFLICT (key) DO NOTHING`;
  if ((await get('secret_fingerprint')) !== fingerprint) throw new Error(MISMATCH);
  return secret;
}
