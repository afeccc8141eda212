import type Database from 'better-sqlite3';
import type { DataCipher } from '../../util/data-cipher.ts';
import { checkTrailKeys, dataCipherFor, newDataKey, reseal, resealRequest } from '../data-key.ts';
import { sealContext } from '../seal-context.ts';

/**
 * The data key: SAMTYKKE_DATA_KEY when given, else one generated on first open and kept in `meta`
 * (development only: a key beside the data protects against little). A key kept in `meta` by an
 * earlier start still opens what it sealed after SAMTYKKE_DATA_KEY is set, until `sealAll` has moved
 * everything to the new key.
 */
export function resolveDataCipher(db: Database.Database, given: string | undefined, old: string[], clock: () => Date): { cipher: DataCipher; storedKeyId?: string } {
  let stored = (db.prepare("SELECT value FROM meta WHERE key = 'data_key'").get() as { value: string } | undefined)?.value;
  if (!given && !stored) {
    stored = newDataKey();
    db.prepare("INSERT INTO meta (key, value) VALUES ('data_key', ?), ('data_key_created_at', ?)").run(stored, clock().toISOString());
  }
  return dataCipherFor({ given, stored, old });
}

/**
 * Seals every personal value that is still plain (rows from before encryption) or sealed with an
 * older key (after a rotation), and fills the email lookup hashes. One transaction at open, so a
 * crash leaves all or nothing. `request_events` is append-only and is never rewritten (the purge
 * may only blank an entry's data): its values keep the key they were sealed with, which must therefore stay listed (checked here).
 */
export function sealAll(db: Database.Database, cipher: DataCipher, emailHash: (email: string) => string, storedKeyId: string | undefined): { resealed: number } {
  let resealed = 0;
  const stale = (v: string | null) => v !== null && v !== '' && !cipher.isCurrent(v);
  db.transaction(() => {
    const messages = db.prepare<[], { conversation_id: string; seq: number; id: string; body: string }>('SELECT conversation_id, seq, id, body FROM messages').all();
    const setBody = db.prepare('UPDATE messages SET body = ? WHERE conversation_id = ? AND seq = ?');
    for (const m of messages) {
      if (!stale(m.body)) continue;
      setBody.run(reseal(m.body, sealContext.messageBody(m.conversation_id, m.id), cipher), m.conversation_id, m.seq);
      resealed++;
    }
    const convs = db.prepare<[], { id: string; reply_email: string }>('SELECT id, reply_email FROM conversations WHERE reply_email IS NOT NULL').all();
    const setReply = db.prepare('UPDATE conversations SET reply_email = ?, reply_email_hash = ? WHERE id = ?');
    for (const c of convs) {
      if (!stale(c.reply_email)) continue;
      const ctx = sealContext.replyEmail(c.id);
      const email = cipher.open(c.reply_email, ctx);
      setReply.run(cipher.seal(email, ctx), emailHash(email), c.id);
      resealed++;
    }
    const requests = db.prepare<[], { id: string; name: string; email: string; details: string }>('SELECT id, name, email, details FROM requests').all();
    const setRequest = db.prepare('UPDATE requests SET name = ?, email = ?, details = ?, email_hash = ? WHERE id = ?');
    for (const r of requests) {
      if (!stale(r.name) && !stale(r.email) && !stale(r.details)) continue;
      const sealed = resealRequest(r, cipher, emailHash);
      setRequest.run(sealed.name, sealed.email, sealed.details, sealed.emailHash, r.id);
      resealed++;
    }
    const exports = db.prepare<[], { request_id: string; body: string }>('SELECT request_id, body FROM request_exports').all();
    const setExport = db.prepare('UPDATE request_exports SET body = ? WHERE request_id = ?');
    for (const e of exports) {
      if (!stale(e.body)) continue;
      setExport.run(reseal(e.body, sealContext.requestExport(e.request_id), cipher), e.request_id);
      resealed++;
    }
    const secrets = db.prepare<[], { account_id: number; secret: string }>('SELECT account_id, secret FROM account_totp').all();
    const setSecret = db.prepare('UPDATE account_totp SET secret = ? WHERE account_id = ?');
    for (const t of secrets) {
      if (!stale(t.secret)) continue;
      setSecret.run(reseal(t.secret, sealContext.totpSecret(t.account_id), cipher), t.account_id);
      resealed++;
    }
    const hooks = db.prepare<[], { id: string; secret: string }>('SELECT id, secret FROM webhook_endpoints').all();
    const setHook = db.prepare('UPDATE webhook_endpoints SET secret = ? WHERE id = ?');
    for (const h of hooks) {
      if (!stale(h.secret)) continue;
      setHook.run(reseal(h.secret, sealContext.webhookSecret(h.id), cipher), h.id);
      resealed++;
    }
    const trailKeys = db
      .prepare<[], { id: string }>("SELECT DISTINCT substr(data, 8, 12) AS id FROM request_events WHERE data LIKE 'enc:v1:%'")
      .all()
      .map((r) => r.id);
    if (checkTrailKeys(trailKeys, cipher, storedKeyId).forgetStoredKey) db.prepare("DELETE FROM meta WHERE key IN ('data_key', 'data_key_created_at')").run();
  }).immediate();
  return { resealed };
}
