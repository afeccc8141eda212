/**
 * Webhooks through crashes: simulated widgets send consent events and retry until acknowledged
 * while the server processes (which also deliver the webhooks) are SIGKILLed and started again.
 * Afterwards the receiver, verifying every signature with the Standard Webhooks verifier, has had
 * every acknowledged event at least once, and no event the database does not hold. On PostgreSQL
 * two processes share the database and are killed in turn. CRASH_KILLS makes it longer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../server/store/postgres/connect.ts';
import { openPostgresStore } from '../../server/store/postgres/index.ts';
import { openSqliteStore } from '../../server/store/sqlite/index.ts';
import type { Store } from '../../server/store/index.ts';
import { startReceiver } from '../../server/services/webhooks/receiver.testing.ts';
import { DEMO_SITE, formConsentEvent, servedTextHash } from '../fixtures/consent-events.ts';
import { freshDatabase } from '../setup/fresh-database.ts';
import { freePort } from '../setup/net.ts';

const CLIENTS = 10;
const EVENTS_PER_CLIENT = 20;
const BATCH = 5;
const KILLS = Number(process.env.CRASH_KILLS ?? 4);
const SECRET = 'crash-test-secret-0123456789abcdef-0123';
const repoRoot = path.resolve(import.meta.dirname, '../..');

interface Deployment { instances: number; env: Record<string, string>; storedIds(): Promise<Set<string>>; open(): Promise<Store>; dispose(): Promise<void> }

const deployments: Array<{ name: string; prepare: (dir: string) => Promise<Deployment> }> = [
  {
    name: 'sqlite',
    async prepare(dir) {
      const dbPath = path.join(dir, 'crash.db');
      return {
        instances: 1,
        env: { DATABASE_PATH: dbPath },
        async storedIds() {
          const db = new Database(dbPath, { readonly: true });
          try {
            return new Set((db.prepare('SELECT event_id FROM consent_events').all() as { event_id: string }[]).map((r) => r.event_id));
          } finally {
            db.close();
          }
        },
        open: async () => openSqliteStore({ path: dbPath, secret: SECRET }),
        dispose: async () => undefined,
      };
    },
  },
  {
    name: 'postgres',
    async prepare() {
      const db = await freshDatabase();
      return {
        instances: 2,
        env: { DATABASE_URL: db.url },
        async storedIds() {
          const sql = connectPostgres(db.url, { max: 1 });
          try {
            return new Set((await sql<{ event_id: string }[]>`SELECT event_id FROM consent_events`).map((r) => r.event_id));
          } finally {
            await sql.end();
          }
        },
        open: () => openPostgresStore({ url: db.url, secret: SECRET, poolSize: 2 }),
        dispose: () => db.drop(),
      };
    },
  },
];

async function instance(deployment: Deployment, dir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  return {
    url,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/loopback-webhook-server.ts'], {
        cwd: repoRoot,
        env: { ...process.env, ...deployment.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, SAMTYKKE_SECRET: SECRET, MAIL_OUTBOX_DIR: path.join(dir, 'mail'), RATE_LIMIT_EVENTS_PER_MINUTE: '1000000' },
        stdio: 'ignore',
      });
      for (let i = 0; i < 600; i++) {
        try {
          if ((await fetch(`${url}/health`)).ok) return;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the server on ${url} did not come up`);
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}

describe.each(deployments)('webhooks through crashes on $name', ({ name, prepare }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-webhook-crash-'));
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every committed event at least once and none that was not committed', async () => {
    const deployment = await prepare(dir);
    cleanup.push(() => deployment.dispose());
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const servers: Awaited<ReturnType<typeof instance>>[] = [];
    for (let i = 0; i < deployment.instances; i++) {
      const server = await instance(deployment, dir);
      cleanup.push(() => server.kill());
      await server.start();
      servers.push(server);
    }
    const origin = servers[0]!.url;
    const textHash = await servedTextHash(origin, DEMO_SITE);
    const store = await deployment.open();
    receiver.secret = (await store.createWebhookEndpoint({ site: DEMO_SITE, url: receiver.url, events: ['consent.granted', 'consent.declined'], at: new Date() })).secret;
    await store.close();

    const acked = new Set<string>();
    let kills = 0;
    const client = async (c: number) => {
      const mine = Array.from({ length: EVENTS_PER_CLIENT }, (_, n) => formConsentEvent(textHash, c + n * CLIENTS, CLIENTS));
      for (let i = 0; i < mine.length; i += BATCH) {
        const batch = mine.slice(i, i + BATCH);
        for (let attempt = 0; ; attempt++) {
          const server = servers[(c + attempt) % servers.length]!;
          try {
            const res = await fetch(`${server.url}/v1/events`, {
              method: 'POST',
              headers: { 'Content-Type': 'text/plain', Origin: origin },
              body: JSON.stringify({ site: DEMO_SITE, events: batch }),
              signal: AbortSignal.timeout(5000),
            });
            if (res.ok) {
              const body = (await res.json()) as { acked: { id: string }[] };
              for (const a of body.acked) acked.add(a.id);
              if (body.acked.length === batch.length) break;
            }
          } catch {
            /* killed mid-request: retry, as the outbox would */
          }
          await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 300));
        const victim = servers[k % servers.length]!;
        kills++;
        await victim.kill();
        await victim.start();
      }
    })();
    await Promise.all([killer, ...Array.from({ length: CLIENTS }, (_, c) => client(c))]);

    // The outbox drains after the last kill; a delivery whose process died waits out its 3 s lease.
    const received = () => new Set(receiver.received.map((r) => r.payload.data.eventId));
    for (let i = 0; i < 600 && [...acked].some((id) => !received().has(id)); i++) await new Promise((r) => setTimeout(r, 100));
    // A little longer, so a delivery of something not committed would have had its chance to show.
    await new Promise((r) => setTimeout(r, 500));
    for (const server of servers) await server.kill();

    const stored = await deployment.storedIds();
    const got = received();
    const missing = [...acked].filter((id) => !got.has(id)).length;
    const uncommitted = [...got].filter((id) => !stored.has(id)).length;
    const repeats = receiver.received.length - new Set(receiver.received.map((r) => r.id)).size;
    console.log(`[webhook-crash] ${name}: kills ${kills}, acknowledged ${acked.size}, stored ${stored.size}, delivered ${got.size} (${receiver.received.length} requests, ${repeats} repeats), missing ${missing}, uncommitted ${uncommitted}, bad signatures ${receiver.rejected.length}`);
    expect(acked.size).toBe(CLIENTS * EVENTS_PER_CLIENT);
    expect(missing).toBe(0);
    expect(uncommitted).toBe(0);
    expect(receiver.rejected).toEqual([]);
  }, 240_000);
});
