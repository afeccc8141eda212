import { randomBytes } from 'node:crypto';
import { createDataCipher, decodeKey, keyIdOf, type DataCipher } from '../../util/data-cipher.ts';
import { sealContext } from '../seal-context.ts';
import type { Sql } from './connect.ts';

/** Single-key advisory lock held while sealing at open, so two instances starting at once do it once. */
const SEAL_LOCK = 0x5a4d_5345_414c;

/**
 * The data key, as in sqlite/sealing.ts: SAMTYKKE_DATA_KEY when given, else one generated on first
 * open and kept in `meta` (development only). Instances starting at once insert with ON CONFLICT
 * DO NOTHING and read back, so they share the first one's key.
 */
export async function resolvePgDataCipher(sql: Sql, given: string | undefined, old: string[], clock: () => Date): Promise<{ cipher: DataCipher; storedKeyId?: string }> {
  const get = async () => (await sql<{ value: string }[]>`SELECT value FROM meta WHERE key = 'data_key'`)[0]?.value;
  const olds = old.map((k) => decodeKey(k, 'SAMTYKKE_DATA_KEYS_OLD'));
  const stored = await get();
  if (given) {
    const storedKey = stored ? decodeKey(stored, 'meta data_key') : undefined;
    return { cipher: createDataCipher({ current: decodeKey(given, 'SAMTYKKE_DATA_KEY'), old: storedKey ? [...olds, storedKey] : olds }), ...(storedKey ? { storedKeyId: keyIdOf(storedKey) } : {}) };
  }
  if (!stored) {
    await sql`INSERT INTO meta (key, value) VALUES ('data_key', ${randomBytes(32).toString('base64')}), ('data_key_created_at', ${clock().toISOString()})
      ON CONFLICT (key) DO NOTHING`;
  }
  return { cipher: createDataCipher({ current: decodeKey((await get())!, 'meta data_key'), old: olds }) };
}

/**
 * Port of sqlite/sealing.ts `sealAll`: seals every personal value still plain or sealed with an
 * older key, and fills the email lookup hashes, in one transaction under an advisory lock (the
 * second instance waits, then finds nothing left). Only stale rows are read: a current value starts
 * with `enc:v1:<current key id>:`. `request_events` is append-only and never rewritten, so every
 * key its values name must stay listed.
 */
export async function sealAllPg(sql: Sql, cipher: DataCipher, emailHash: (email: string) => string, storedKeyId: string | undefined): Promise<{ resealed: number }> {
  const current = `enc:v1:${cipher.keyId}:%`;
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SEAL_LOCK})`;
    let resealed = 0;
    const messages = await tx<{ conversation_id: string; seq: number; id: string; body: string }[]>`
      SELECT conversation_id, seq, id, body FROM messages WHERE body <> '' AND body NOT LIKE ${current}`;
    for (const m of messages) {
      const ctx = sealContext.messageBody(m.conversation_id, m.id);
      await tx`UPDATE messages SET body = ${cipher.seal(cipher.open(m.body, ctx), ctx)} WHERE conversation_id = ${m.conversation_id} AND seq = ${m.seq}`;
      resealed++;
    }
    const convs = await tx<{ id: string; reply_email: string }[]>`
      SELECT id, reply_email FROM conversations WHERE reply_email IS NOT NULL AND reply_email <> '' AND reply_email NOT LIKE ${current}`;
    for (const c of convs) {
      const ctx = sealContext.replyEmail(c.id);
      const email = cipher.open(c.reply_email, ctx);
      await tx`UPDATE conversations SET reply_email = ${cipher.seal(email, ctx)}, reply_email_hash = ${emailHash(email)} WHERE id = ${c.id}`;
      resealed++;
    }
    const stale = (column: string) => tx`(${tx(column)} <> '' AND ${tx(column)} NOT LIKE ${current})`;
    const requests = await tx<{ id: string; name: string; email: string; details: string }[]>`
      SELECT id, name, email, details FROM requests WHERE ${stale('name')} OR ${stale('email')} OR ${stale('details')}`;
    for (const r of requests) {
      const [name, email, details] = (['name', 'email', 'details'] as const).map((f) => cipher.open(r[f], sealContext.requestField(r.id, f)));
      const seal = (f: 'name' | 'email' | 'details', v: string) => (v === '' ? '' : cipher.seal(v, sealContext.requestField(r.id, f)));
      await tx`UPDATE requests SET name = ${seal('name', name!)}, email = ${seal('email', email!)}, details = ${seal('details', details!)},
        email_hash = ${email ? emailHash(email) : null} WHERE id = ${r.id}`;
      resealed++;
    }
    const exports = await tx<{ request_id: string; body: string }[]>`
      SELECT request_id, body FROM request_exports WHERE body <> '' AND body NOT LIKE ${current}`;
    for (const e of exports) {
      const ctx = sealContext.requestExport(e.request_id);
      await tx`UPDATE request_exports SET body = ${cipher.seal(cipher.open(e.body, ctx), ctx)} WHERE request_id = ${e.request_id}`;
      resealed++;
    }
    const trailKeys = (await tx<{ id: string }[]>`SELECT DISTINCT substr(data, 8, 12) AS id FROM request_events WHERE data LIKE 'enc:v1:%'`).map((r) => r.id);
    const unknown = trailKeys.filter((id) => !cipher.knows(id));
    if (unknown.length) {
      throw new Error(`The request trail holds values sealed with data key(s) ${unknown.join(', ')}: list the old key(s) in SAMTYKKE_DATA_KEYS_OLD`);
    }
    // A development key left in the database once a real key has taken over everything it sealed.
    if (storedKeyId && !trailKeys.includes(storedKeyId)) await tx`DELETE FROM meta WHERE key IN ('data_key', 'data_key_created_at')`;
    return { resealed };
  });
}
