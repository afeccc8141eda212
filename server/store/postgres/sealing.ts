import type { DataCipher } from '../../util/data-cipher.ts';
import { checkTrailKeys, dataCipherFor, newDataKey, reseal, resealRequest } from '../data-key.ts';
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
  let stored = await get();
  if (!given && !stored) {
    await sql`INSERT INTO meta (key, value) VALUES ('data_key', ${newDataKey()}), ('data_key_created_at', ${clock().toISOString()})
      ON CONFLICT (key) DO NOTHING`;
    stored = await get();
  }
  return dataCipherFor({ given, stored, old });
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
      const body = reseal(m.body, sealContext.messageBody(m.conversation_id, m.id), cipher);
      await tx`UPDATE messages SET body = ${body} WHERE conversation_id = ${m.conversation_id} AND seq = ${m.seq}`;
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
      const sealed = resealRequest(r, cipher, emailHash);
      await tx`UPDATE requests SET name = ${sealed.name}, email = ${sealed.email}, details = ${sealed.details}, email_hash = ${sealed.emailHash} WHERE id = ${r.id}`;
      resealed++;
    }
    const exports = await tx<{ request_id: string; body: string }[]>`
      SELECT request_id, body FROM request_exports WHERE body <> '' AND body NOT LIKE ${current}`;
    for (const e of exports) {
      const body = reseal(e.body, sealContext.requestExport(e.request_id), cipher);
      await tx`UPDATE request_exports SET body = ${body} WHERE request_id = ${e.request_id}`;
      resealed++;
    }
    const secrets = await tx<{ account_id: number; secret: string }[]>`
      SELECT account_id, secret FROM account_totp WHERE secret NOT LIKE ${current}`;
    for (const t of secrets) {
      await tx`UPDATE account_totp SET secret = ${reseal(t.secret, sealContext.totpSecret(t.account_id), cipher)} WHERE account_id = ${t.account_id}`;
      resealed++;
    }
    const hooks = await tx<{ id: string; secret: string }[]>`
      SELECT id, secret FROM webhook_endpoints WHERE secret NOT LIKE ${current}`;
    for (const h of hooks) {
      await tx`UPDATE webhook_endpoints SET secret = ${reseal(h.secret, sealContext.webhookSecret(h.id), cipher)} WHERE id = ${h.id}`;
      resealed++;
    }
    const trailKeys = (await tx<{ id: string }[]>`SELECT DISTINCT substr(data, 8, 12) AS id FROM request_events WHERE data LIKE 'enc:v1:%'`).map((r) => r.id);
    if (checkTrailKeys(trailKeys, cipher, storedKeyId).forgetStoredKey) await tx`DELETE FROM meta WHERE key IN ('data_key', 'data_key_created_at')`;
    return { resealed };
  });
}
