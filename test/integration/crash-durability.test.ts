/**
 * Crash durability: many simulated widgets send consent events and retry until acknowledged, while
 * real server processes are killed with SIGKILL and started again, over and over. On SQLite that is
 * the one process over its file; on PostgreSQL two processes share one database, the clients spread
 * over both and retry on either, and the two are killed in turn. Afterwards every acknowledged event
 * is stored exactly once, none is lost, the database passes its integrity check and the site's hash
 * chain verifies. The short variant runs in `npm test`; CRASH_CLIENTS, CRASH_EVENTS and CRASH_KILLS
 * make it longer (`npm run soak`), per backend.
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
import { DEMO_SITE, formConsentEvent, servedTextHash } from '../fixtures/consent-events.ts';
import { freshDatabase } from '../setup/fresh-database.ts';
import { freePort } from '../setup/net.ts';

const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 20);
const EVENTS_PER_CLIENT = Number(process.env.CRASH_EVENTS ?? 50);
const KILLS = Number(process.env.CRASH_KILLS ?? 4);
const BATCH = 10;
const SECRET = 'crash-test-secret-0123456789abcdef-0123';
const repoRoot = path.resolve(import.meta.dirname, '../..');

/** One database, how many server processes share it, and a way to look at it once they are gone. */
interface Deployment {
  name: string;
  instances: number;
  /** The environment that points a server at the database. */
  env: Record<string, string>;
  /** Every stored event id with its number of rows. */
  rows(): Promise<{ event_id: string; n: number }[]>;
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const deployments: Array<{ name: string; prepare: (dir: string) => Promise<Deployment> }> = [
  {
    name: 'sqlite',
    async prepare(dir) {
      const dbPath = path.join(dir, 'crash.db');
      return {
        name: 'sqlite',
        instances: 1,
        env: { DATABASE_PATH: dbPath },
        async rows() {
          const db = new Database(dbPath, { readonly: true });
          try {
            return db.prepare('SELECT event_id, count(*) AS n FROM consent_events GROUP BY event_id').all() as { event_id: string; n: number }[];
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
        name: 'postgres',
        instances: 2,
        env: { DATABASE_URL: db.url },
        async rows() {
          const sql = connectPostgres(db.url, { max: 1 });
          try {
            return [...(await sql<{ event_id: string; n: number }[]>`SELECT event_id, COUNT(*)::int AS n FROM consent_events GROUP BY event_id`)];
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

/** A server process of its own on a fixed port, which can be killed outright and started again. */
async function instance(deployment: Deployment, dir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const self = {
    url,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          ...deployment.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: url,
          SAMTYKKE_SECRET: SECRET,
          MAIL_OUTBOX_DIR: path.join(dir, 'mail'),
          // The simulated clients share one address here; the per-address limit is for a flood, not this.
          RATE_LIMIT_EVENTS_PER_MINUTE: '1000000',
        },
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
      throw new Error(`the ${deployment.name} server on ${url} did not come up`);
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
  return self;
}

describe.each(deployments)('crash durability on $name', ({ prepare }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-crash-'));
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores every acknowledged event exactly once while the servers are killed and restarted', async () => {
    const deployment = await prepare(dir);
    cleanup.push(() => deployment.dispose());
    // One after the other: the first makes the demo site with its own address as an origin, and every
    // client writes from that page, whichever instance the request lands on.
    const first = await instance(deployment, dir);
    const servers = [first];
    for (let i = 1; i < deployment.instances; i++) servers.push(await instance(deployment, dir));
    for (const server of servers) {
      cleanup.push(() => server.kill());
      await server.start();
    }
    const origin = first.url;
    const textHash = await servedTextHash(origin, DEMO_SITE);

    const sent = new Set<string>();
    const acked = new Set<string>();
    let attempts = 0;
    // Acknowledged as already stored: a write that landed although its answer was lost to a kill.
    let replays = 0;
    // Kills begun so far. The clients' batches are released in step with them, so every kill, the
    // last one too, meets traffic however fast the servers answer.
    let kills = 0;
    const batches = Math.ceil(EVENTS_PER_CLIENT / BATCH);

    // Each simulated widget does what the outbox does: resend the same ids until they are
    // acknowledged. Its first try goes to its own instance, a retry to either (a load balancer).
    const client = async (c: number) => {
      const mine = Array.from({ length: EVENTS_PER_CLIENT }, (_, n) => formConsentEvent(textHash, c + n * CLIENTS, CLIENTS));
      for (const e of mine) sent.add(e.id);
      for (let i = 0; i < mine.length; i += BATCH) {
        const batch = mine.slice(i, i + BATCH);
        while (kills < Math.min(KILLS, Math.floor(((i / BATCH) * (KILLS + 1)) / batches))) await new Promise((r) => setTimeout(r, 10));
        for (let attempt = 0; ; attempt++) {
          attempts++;
          const server = attempt === 0 ? servers[c % servers.length]! : servers[Math.floor(Math.random() * servers.length)]!;
          try {
            const res = await fetch(`${server.url}/v1/events`, {
              method: 'POST',
              headers: { 'Content-Type': 'text/plain', Origin: origin },
              body: JSON.stringify({ site: DEMO_SITE, events: batch }),
              signal: AbortSignal.timeout(5000),
            });
            if (res.ok) {
              const body = (await res.json()) as { acked: { id: string; replay: boolean }[]; rejected: unknown[] };
              for (const a of body.acked) acked.add(a.id);
              replays += body.acked.filter((a) => a.replay).length;
              if (body.acked.length === batch.length) break;
            }
          } catch {
            /* killed mid-request: retry, as the outbox would */
          }
          await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
        }
      }
    };

    // With two instances they are killed in turn, so the other one takes the traffic meanwhile.
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 250));
        const victim = servers[k % servers.length]!;
        kills++;
        await victim.kill();
        await victim.start();
      }
    })();

    await Promise.all([killer, ...Array.from({ length: CLIENTS }, (_, c) => client(c))]);
    for (const server of servers) await server.kill();

    const rows = await deployment.rows();
    const stored = new Set(rows.map((r) => r.event_id));
    const duplicates = rows.filter((r) => r.n > 1).length;
    const lost = [...acked].filter((id) => !stored.has(id)).length;
    const store = await deployment.open();
    const chain = await store.verifyChain(DEMO_SITE);
    // SQLite: PRAGMA integrity_check. PostgreSQL: schema version, append-only triggers, valid indexes.
    const integrity = await store.integrityCheck();
    await store.close();

    console.log(
      `crash durability (${deployment.name}, ${servers.length} instance${servers.length > 1 ? 's' : ''}): clients ${CLIENTS}, kills ${kills}, sent ${sent.size}, acknowledged ${acked.size}, stored ${stored.size}, duplicates ${duplicates}, lost ${lost}, requests ${attempts}, replays ${replays}, integrity ${integrity.length ? integrity.join('; ') : 'ok'}, chain ${chain.ok ? 'ok' : 'BROKEN'} (${chain.count} records)`,
    );
    expect(acked.size).toBe(sent.size);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(stored.size).toBe(sent.size);
    expect(integrity).toEqual([]);
    expect(chain).toMatchObject({ ok: true, count: sent.size });
  }, 240_000);
});
