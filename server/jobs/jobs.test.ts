import Database from 'better-sqlite3';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../log.ts';
import type { Mail } from '../services/mail/index.ts';
import { createOutboundGuard } from '../services/outbound/index.ts';
import { formEvent, SITE, tempStore } from '../testing.ts';
import { createDailyJobs } from './index.ts';

async function seeded(n = 3) {
  const t = await tempStore();
  const events = Array.from({ length: n }, () => formEvent(t.textHash));
  await t.store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: new Date('2024-03-01T10:00:00Z'), source: 'browser' as const })));
  return { ...t, events };
}

/** Raw access, as someone with the database file would have: triggers off, then an edit. */
async function tamper(dbPath: string, store: { close(): Promise<void> }, sql: (db: Database.Database) => void) {
  await store.close();
  const db = new Database(dbPath);
  db.exec('DROP TRIGGER consent_events_no_update; DROP TRIGGER consent_events_no_delete;');
  sql(db);
  db.close();
}

describe('chain verification', () => {
  it('names the first record after an edited one', async () => {
    const t = await seeded();
    await tamper(t.dbPath, t.store, (db) => db.prepare("UPDATE consent_events SET purposes = '[]' WHERE event_id = ?").run(t.events[1]!.id));
    const store = (await tempStore({ path: t.dbPath })).store;
    expect(await store.verifyChain(SITE)).toMatchObject({ ok: false, firstBroken: { eventId: t.events[1]!.id, reason: expect.stringContaining('contents') } });
  });

  it('names the record after a deleted one', async () => {
    const t = await seeded();
    await tamper(t.dbPath, t.store, (db) => db.prepare('DELETE FROM consent_events WHERE event_id = ?').run(t.events[1]!.id));
    const store = (await tempStore({ path: t.dbPath })).store;
    expect(await store.verifyChain(SITE)).toMatchObject({ ok: false, firstBroken: { eventId: t.events[2]!.id, reason: expect.stringContaining('prev_hash') } });
  });

  it('catches an inserted record, even one whose own hash is right', async () => {
    const t = await seeded();
    await tamper(t.dbPath, t.store, (db) => {
      const rows = db.prepare('SELECT * FROM consent_events ORDER BY seq').all() as Record<string, unknown>[];
      // Move the last record up to make room, as a forger would, and insert a copy of the first with a new id.
      db.prepare('UPDATE consent_events SET seq = seq + 10 WHERE seq > ?').run(rows[0]!.seq);
      db.prepare(`INSERT INTO consent_events SELECT seq + 1, site, 'forged-id', receipt_id, kind, subject_id, subject_hash, consent_id, purposes, basis, text_hash, lang,
        policy_url, policy_version, form_id, page_url, client_time, received_at, widget_version, user_agent, source, ip_truncated, body_hash, hash, hash FROM consent_events WHERE seq = ?`).run(rows[0]!.seq);
    });
    const store = (await tempStore({ path: t.dbPath })).store;
    const check = await store.verifyChain(SITE);
    expect(check.ok).toBe(false);
    expect(check.firstBroken?.eventId).toBe('forged-id');
  });
});

describe('daily jobs', () => {
  it('mails the chain head to the site owner once a day', async () => {
    const t = await seeded(2);
    const sent: Mail[] = [];
    let now = new Date('2024-03-02T03:00:00Z');
    await t.store.setConsoleSiteSettings({ site: SITE, digestEmail: 'eier@example.no', digestWebhook: null }, now);
    const jobs = createDailyJobs({ store: t.store, clock: () => now, log: silentLogger, mailer: { target: 't', send: async (m) => void sent.push(m), close() {} } });
    await jobs.tick();
    await jobs.tick();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'eier@example.no', kind: 'chain-digest' });
    expect(sent[0]!.text).toContain((await t.store.chainHead(SITE)).headHash);
    now = new Date('2024-03-03T03:00:00Z');
    await jobs.tick();
    expect(sent).toHaveLength(2);
  });

  it('posts the digest to a webhook', async () => {
    const t = await seeded(1);
    const now = new Date('2024-03-02T03:00:00Z');
    const posted: unknown[] = [];
    const receiver = await listen(http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    }));
    await t.store.setConsoleSiteSettings({ site: SITE, digestEmail: null, digestWebhook: `http://127.0.0.1:${receiver.port}/samtykke` }, now);
    // A receiver on loopback needs a guard that lets it through; production's guard never does.
    const outbound = createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true });
    await createDailyJobs({ store: t.store, clock: () => now, log: silentLogger, outbound }).tick();
    expect(posted).toEqual([expect.objectContaining({ site: SITE, ok: true, count: 1, head: (await t.store.chainHead(SITE)).headHash })]);
  });

  it('never connects to a webhook target on loopback, however it is written', async () => {
    const t = await seeded(1);
    const now = new Date('2024-03-02T03:00:00Z');
    // A raw TCP listener: it counts the connection even if TLS never starts.
    const target = await listen(net.createServer((socket) => socket.destroy()));
    const warnings: unknown[] = [];
    const log = { ...silentLogger, warn: (message: string, fields?: unknown) => void warnings.push({ message, fields }) };
    // Saved behind the console's back, as a row from before targets were checked would be.
    for (const [i, host] of ['127.0.0.1', '[::ffff:127.0.0.1]', '0x7f000001', 'localhost'].entries()) {
      await t.store.setConsoleSiteSettings({ site: SITE, digestEmail: null, digestWebhook: `https://${host}:${target.port}/samtykke` }, now);
      const day = new Date(now.getTime() + i * 86_400_000);
      expect(await createDailyJobs({ store: t.store, clock: () => day, log }).tick()).toMatchObject({ 'chain-digest': JSON.stringify({ emailed: 0, posted: 0 }) });
    }
    expect(target.connections()).toBe(0);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatchObject({ message: 'chain digest webhook failed', fields: { code: 'target_not_public' } });
  });
});

/** A real listener on 127.0.0.1 that counts connections; closed after the test. */
async function listen(server: net.Server) {
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}
