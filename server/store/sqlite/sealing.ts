import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createDataCipher, decodeKey, keyIdOf, type DataCipher } from '../../util/data-cipher.ts';
import { sealContext } from '../seal-context.ts';

/**
 * The data key: SAMTYKKE_DATA_KEY when given, else one generated on first open and kept in `meta`
 * (development only: a key beside the data protects against little). A key kept in `meta` by an
 * earlier start still opens what it sealed after SAMTYKKE_DATA_KEY is set, until `sealAll` has moved
 * everything to the new key.
 */
export function resolveDataCipher(db: Database.Database, given: string | undefined, old: string[], clock: () => Date): { cipher: DataCipher; storedKeyId?: string } {
  const get = () => (db.prepare("SELECT value FROM meta WHERE key = 'data_key'").get() as { value: string } | undefined)?.value;
  const stored = get();
  if (given) {
    const olds = old.map((k) => decodeKey(k, 'SAMTYKKE_DATA_KEYS_OLD'));
    const storedKey = stored ? decodeKey(stored, 'meta data_key') : undefined;
    return { cipher: createDataCipher({ current: decodeKey(given, 'SAMTYKKE_DATA_KEY'), old: storedKey ? [...olds, storedKey] : olds }), ...(storedKey ? { storedKeyId: keyIdOf(storedKey) } : {}) };
  }
  let key = stored;
  if (!key) {
    key = randomBytes(32).toString('base64');
    db.prepare("INSERT INTO meta (key, value) VALUES ('data_key', ?), ('data_key_created_at', ?)").run(key, clock().toISOString());
  }
  return { cipher: createDataCipher({ current: decodeKey(key, 'meta data_key'), old: old.map((k) => decodeKey(k, 'SAMTYKKE_DATA_KEYS_OLD')) }) };
}

/**
 * Seals every personal value that is still plain (rows from before encryption) or sealed with an
 * older key (after a rotation), and fills the email lookup hashes. One transaction at open, so a
 * crash leaves all or nothing. `request_events` is append-only and is never rewritten: its values
 * keep the key they were sealed with, which must therefore stay listed (checked here).
 */
export function sealAll(db: Database.Database, cipher: DataCipher, emailHash: (email: string) => string, storedKeyId: string | undefined): { resealed: number } {
  let resealed = 0;
  const stale = (v: string | null) => v !== null && v !== '' && !cipher.isCurrent(v);
  db.transaction(() => {
    const messages = db.prepare<[], { conversation_id: string; seq: number; id: string; body: string }>('SELECT conversation_id, seq, id, body FROM messages').all();
    const setBody = db.prepare('UPDATE messages SET body = ? WHERE conversation_id = ? AND seq = ?');
    for (const m of messages) {
      if (!stale(m.body)) continue;
      const ctx = sealContext.messageBody(m.conversation_id, m.id);
      setBody.run(cipher.seal(cipher.open(m.body, ctx), ctx), m.conversation_id, m.seq);
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
      const [name, email, details] = (['name', 'email', 'details'] as const).map((f) => cipher.open(r[f], sealContext.requestField(r.id, f)));
      const seal = (f: 'name' | 'email' | 'details', v: string) => (v === '' ? '' : cipher.seal(v, sealContext.requestField(r.id, f)));
      setRequest.run(seal('name', name!), seal('email', email!), seal('details', details!), email ? emailHash(email) : null, r.id);
      resealed++;
    }
    const exports = db.prepare<[], { request_id: string; body: string }>('SELECT request_id, body FROM request_exports').all();
    const setExport = db.prepare('UPDATE request_exports SET body = ? WHERE request_id = ?');
    for (const e of exports) {
      if (!stale(e.body)) continue;
      const ctx = sealContext.requestExport(e.request_id);
      setExport.run(cipher.seal(cipher.open(e.body, ctx), ctx), e.request_id);
      resealed++;
    }
    const trailKeys = db
      .prepare<[], { id: string }>("SELECT DISTINCT substr(data, 8, 12) AS id FROM request_events WHERE data LIKE 'enc:v1:%'")
      .all()
      .map((r) => r.id);
    const unknown = trailKeys.filter((id) => !cipher.knows(id));
    if (unknown.length) {
      throw new Error(`The request trail holds values sealed with data key(s) ${unknown.join(', ')}: list the old key(s) in SAMTYKKE_DATA_KEYS_OLD`);
    }
    // A development key left in the database once a real key has taken over everything it sealed.
    if (storedKeyId && !trailKeys.includes(storedKeyId)) db.prepare("DELETE FROM meta WHERE key IN ('data_key', 'data_key_created_at')").run();
  }).immediate();
  return { resealed };
}
