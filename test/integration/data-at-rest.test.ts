/**
 * Data at rest: after an end-to-end-like run over a real socket (consent with a truncated address,
 * a chat handed over with a reply address, a staff answer, a verified rectification request read
 * by staff), the raw SQLite files and the captured server log hold none of the test's names,
 * request emails, message texts or request details, and no client IP address; chat messages and
 * request details are AES-256-GCM sealed with a key id, and keys rotate.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY, startServer } from '../../server/boot.ts';
import { readEnv } from '../../server/env.ts';
import type { Logger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite/index.ts';
import { formEvent } from '../../server/testing.ts';
import { createDataCipher } from '../../server/util/data-cipher.ts';

const key = () => randomBytes(32).toString('base64');
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-rest-'));

/** Every file of the database (main, WAL, shared memory) as one Latin-1 string, so any UTF-8 text shows as its bytes. */
const rawBytes = (dbPath: string) =>
  fs
    .readdirSync(path.dirname(dbPath))
    .filter((f) => f.startsWith(path.basename(dbPath)))
    .map((f) => fs.readFileSync(path.join(path.dirname(dbPath), f)).toString('latin1'))
    .join('\n');
const asBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('the data cipher', () => {
  it('opens what it sealed, and refuses a flipped bit, another row and an unknown key', () => {
    const current = randomBytes(32);
    const cipher = createDataCipher({ current });
    const sealed = cipher.seal('Kari Nordmann', 'requests.name:r1');
    expect(sealed).toMatch(new RegExp(`^enc:v1:${cipher.keyId}:`));
    expect(sealed).not.toContain('Kari');
    expect(cipher.open(sealed, 'requests.name:r1')).toBe('Kari Nordmann');
    const body = Buffer.from(sealed.split(':')[3]!, 'base64url');
    body[body.length - 1]! ^= 1;
    expect(() => cipher.open(`enc:v1:${cipher.keyId}:${body.toString('base64url')}`, 'requests.name:r1')).toThrow();
    expect(() => cipher.open(sealed, 'requests.name:r2')).toThrow();
    expect(() => createDataCipher({ current: randomBytes(32) }).open(sealed, 'requests.name:r1')).toThrow(/SAMTYKKE_DATA_KEYS_OLD/);
  });
});

describe('key rotation', () => {
  it('seals every value again with the new key at open, while old keys are listed', async () => {
    const dbPath = path.join(tempDir(), 'rot.db');
    const k1 = key();
    const k2 = key();
    let store = openSqliteStore({ path: dbPath, secret: 'rotation-secret-0123456789abcdef', dataKey: k1 });
    await store.upsertSite({ key: 'pk_rotation_1', name: 'R', origins: ['https://r.example'], policy: { url: 'https://r.example/p', version: '2024-01-01' } });
    await store.createConversation({ id: 'c1', site: 'pk_rotation_1', lang: 'nb', tokenHash: 'x', at: new Date() });
    await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Roterende hemmelighet', at: new Date() });
    await store.createRightsRequest({ id: 'r1', site: 'pk_rotation_1', tokenHash: 'y', kind: 'question', lang: 'nb', name: 'Rota Rotasen', email: 'rota@example.no', details: { message: 'Hva vet dere?' }, conversationId: 'c1', receivedAt: new Date() });
    await store.close();
    const id1 = createDataCipher({ current: Buffer.from(k1, 'base64') }).keyId;
    const id2 = createDataCipher({ current: Buffer.from(k2, 'base64') }).keyId;

    // Without the old key the trail (append-only, sealed with k1) cannot be read: refuse to start.
    await expect(() => openSqliteStore({ path: dbPath, secret: 'rotation-secret-0123456789abcdef', dataKey: k2 })).toThrow(/SAMTYKKE_DATA_KEYS_OLD/);

    store = openSqliteStore({ path: dbPath, secret: 'rotation-secret-0123456789abcdef', dataKey: k2, oldDataKeys: [k1] });
    expect((await store.messagesAfter('c1', 0))[0]!.text).toBe('Roterende hemmelighet');
    expect(await store.getRightsRequest('r1')).toMatchObject({ name: 'Rota Rotasen', email: 'rota@example.no', details: { message: 'Hva vet dere?' } });
    expect((await store.requestsByEmail('ROTA@example.no ', 'pk_rotation_1')).map((r) => r.id)).toEqual(['r1']);
    await store.close();
    const db = new Database(dbPath, { readonly: true });
    const ids = (sql: string) => (db.prepare(sql).all() as { v: string }[]).map((r) => r.v.split(':')[2]);
    const rewritten = [...ids('SELECT body AS v FROM messages'), ...ids('SELECT name AS v FROM requests'), ...ids('SELECT email AS v FROM requests'), ...ids('SELECT details AS v FROM requests')];
    const trail = ids('SELECT data AS v FROM request_events WHERE data IS NOT NULL');
    db.close();
    console.log(`[data-at-rest] rotation: ${rewritten.length} values now under ${id2}; ${trail.length} trail values kept under ${id1}`);
    expect(new Set(rewritten)).toEqual(new Set([id2]));
    expect(trail.every((id) => id === id1)).toBe(true);
  });
});

describe('an end-to-end-like run', () => {
  it('leaves no name, request email, message text, request detail or client address in the database files or the log', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'e2e.db');
    const lines: string[] = [];
    const capture = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ level, message, ...fields }));
    const log: Logger = { info: capture('info'), warn: capture('warn'), error: capture('error') };
    const mailDir = path.join(dir, 'mail');
    const s = await startServer(readEnv({ DATABASE_PATH: dbPath, PORT: '0', TRUST_PROXY: 'true', SAMTYKKE_DATA_KEY: key(), MAIL_OUTBOX_DIR: mailDir }), { log });
    const site = (await s.store.getSite(DEMO_SITE_KEY))!.settings;
    await s.store.upsertSite({ ...site, ipAddress: 'truncated', chat: { ...site.chat, dpoEmail: 'dpo-rest@example.no' } });
    const admin = { Authorization: `Bearer ${s.adminToken}` };
    const ipv4 = '198.51.100.73';
    const ipv6 = '2001:db8:1234:5678::abcd';
    const secrets = {
      consentEmail: 'samtykke.rest@example.no',
      name: 'Ingeborg Hemmelig-Lund',
      requestEmail: 'ingeborg.hemmelig@example.no',
      replyEmail: 'svar.hemmelig@example.no',
      visitorText: 'Min hemmelige chatmelding om helsen min',
      staffText: 'Svar fra oss om den hemmelige saken',
      correction: 'Riktig adresse er Hemmeligveien 7',
    };
    const call = (p: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; from?: string } = {}) =>
      fetch(`${s.url}${p}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { Origin: s.url, 'X-Forwarded-For': init.from ?? ipv4, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    try {
      const config = (await (await call(`/v1/sites/${DEMO_SITE_KEY}/config`)).json()) as { texts: { marketingEmail: { hash: string } }; policy: { url: string; version: string } };
      const hash = config.texts.marketingEmail.hash;
      const notice = { textHash: hash, lang: 'nb' as const, policyUrl: config.policy.url, policyVersion: config.policy.version };
      for (const from of [ipv4, ipv6]) {
        const res = await call('/v1/events', { body: { site: DEMO_SITE_KEY, events: [formEvent(hash, { notice, subject: { email: secrets.consentEmail } })] }, from });
        expect((await res.json()).acked).toHaveLength(1);
      }

      const conv = (await (await call('/v1/conversations', { body: { site: DEMO_SITE_KEY, lang: 'nb' } })).json()) as { id: string; token: string };
      const asVisitor = { Authorization: `Bearer ${conv.token}` };
      expect((await call(`/v1/conversations/${conv.id}/messages`, { body: { id: crypto.randomUUID(), text: secrets.visitorText }, headers: asVisitor })).status).toBe(200);
      expect((await call(`/v1/conversations/${conv.id}/handover`, { body: { email: secrets.replyEmail }, headers: asVisitor })).status).toBe(200);
      expect((await call(`/admin/v1/conversations/${conv.id}/messages`, { body: { text: secrets.staffText }, headers: admin })).status).toBe(201);
      const seen = (await (await call(`/v1/conversations/${conv.id}/messages`, { headers: asVisitor })).json()) as { messages: { text: string }[] };
      expect(seen.messages.map((m) => m.text)).toEqual(expect.arrayContaining([secrets.visitorText, secrets.staffText]));

      const created = await call('/v1/requests', { body: { site: DEMO_SITE_KEY, lang: 'nb', conversationId: conv.id, request: { kind: 'rectification', name: secrets.name, email: secrets.requestEmail, correction: secrets.correction } } });
      const request = (await created.json()) as { id: string; token: string };
      const code = await waitForCode(mailDir);
      const verified = await call(`/v1/requests/${request.id}/verify`, { body: { code }, headers: { Authorization: `Bearer ${request.token}` } });
      expect(verified.status).toBe(200);
      // Staff see the plain values: the store opens them for its callers.
      const staffView = (await (await call(`/admin/v1/requests/${request.id}`, { headers: admin })).json()) as { request: { name: string; email: string; details: { correction: string } } };
      expect(staffView.request).toMatchObject({ name: secrets.name, email: secrets.requestEmail, details: { correction: secrets.correction } });
      expect(await s.store.requestsByEmail(secrets.requestEmail, DEMO_SITE_KEY)).toHaveLength(1);
      expect((await s.store.subjectChats(secrets.replyEmail, DEMO_SITE_KEY))[0]?.messages.map((m) => m.text)).toContain(secrets.visitorText);
    } finally {
      await s.close();
    }

    const raw = rawBytes(dbPath);
    const logText = lines.join('\n');
    const inDb = Object.entries(secrets).filter(([name, v]) => name !== 'consentEmail' && raw.includes(asBytes(v)));
    const inLog = Object.entries({ ...secrets, ipv4, ipv6 }).filter(([, v]) => logText.includes(v));
    const db = new Database(dbPath, { readonly: true });
    // The consent subject's address is kept in subjects.email on purpose (the marketing list needs it): nowhere else.
    const tablesWithConsentEmail = tablesHolding(db, secrets.consentEmail);
    const tablesWithIp = [ipv4, ipv6, '2001:db8:1234:5678'].flatMap((v) => tablesHolding(db, v).map((t) => `${t}:${v}`));
    const truncated = db.prepare('SELECT DISTINCT ip_truncated AS ip FROM consent_events ORDER BY ip').all() as { ip: string }[];
    const sealed = db.prepare("SELECT (SELECT COUNT(*) FROM messages WHERE body LIKE 'enc:v1:%') AS messages, (SELECT COUNT(*) FROM requests WHERE name LIKE 'enc:v1:%' AND email LIKE 'enc:v1:%' AND details LIKE 'enc:v1:%') AS requests").get();
    db.close();
    console.log(`[data-at-rest] ${(raw.length / 1024).toFixed(0)} KiB of database files, ${lines.length} log lines; secrets found in db: ${inDb.length}, in log: ${inLog.length}; sealed ${JSON.stringify(sealed)}; stored addresses ${truncated.map((r) => r.ip).join(', ')}; consent email only in ${tablesWithConsentEmail.join(', ')}`);
    expect(inDb).toEqual([]);
    expect(inLog).toEqual([]);
    expect(tablesWithIp).toEqual([]);
    expect(raw.includes(ipv4)).toBe(false);
    expect(truncated.map((r) => r.ip)).toEqual(['198.51.100.0', '2001:db8:1234::']);
    expect(tablesWithConsentEmail).toEqual(['subjects']);
  });
});

/** Tables with any column whose text contains `needle`. */
function tablesHolding(db: Database.Database, needle: string): string[] {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  return tables.filter((t) => {
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => `CAST("${c.name}" AS TEXT) LIKE @n`);
    return cols.length > 0 && db.prepare(`SELECT 1 FROM "${t}" WHERE ${cols.join(' OR ')} LIMIT 1`).get({ n: `%${needle}%` }) !== undefined;
  });
}

async function waitForCode(dir: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      const m = /\b(\d{6})\b/.exec(fs.readFileSync(path.join(dir, f), 'utf8').split(/\r?\n\r?\n/).slice(1).join('\n'));
      if (m) return m[1]!;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no verification code was written to the mail outbox');
}
