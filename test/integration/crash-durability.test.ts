/**
 * Crash durability: many simulated widgets send consent events and retry until acknowledged, while
 * the real server process is killed with SIGKILL and started again, over and over. Afterwards every
 * acknowledged event is stored exactly once, none is lost, the file passes SQLite's integrity check
 * and the site's hash chain verifies. The short variant runs in `npm test`; CRASH_CLIENTS,
 * CRASH_EVENTS and CRASH_KILLS make it longer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsentEvent, SiteConfig } from '../../protocol/index.ts';
import { openSqliteStore } from '../../server/store/sqlite/index.ts';

const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 50);
const EVENTS_PER_CLIENT = Number(process.env.CRASH_EVENTS ?? 200);
const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const BATCH = 10;
const SITE = 'pk_demo_nettfokus';
const SECRET = 'crash-test-secret-0123456789abcdef-0123';
const repoRoot = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

let counter = 0;
function uuidv7(): string {
  counter++;
  const hex = Date.now().toString(16).padStart(12, '0') + counter.toString(16).padStart(20, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

describe('crash durability', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-crash-'));
  const dbPath = path.join(dir, 'crash.db');
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('stores every acknowledged event exactly once while the server is killed and restarted', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = () => {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATABASE_PATH: dbPath, SAMTYKKE_SECRET: SECRET,
          // 50 simulated clients share one address here; the per-address limit is for a flood, not this.
          RATE_LIMIT_EVENTS_PER_MINUTE: '1000000' },
        stdio: 'ignore',
      });
    };
    const up = async () => {
      for (let i = 0; i < 300; i++) {
        try {
          if ((await fetch(`${url}/health`)).ok) return;
        } catch {
          /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the server did not come up');
    };
    start();
    await up();
    const config = (await (await fetch(`${url}/v1/sites/${SITE}/config?lang=nb`)).json()) as SiteConfig;
    const textHash = config.texts.marketingEmail.hash;

    const event = (client: number, n: number): ConsentEvent => ({
      id: uuidv7(),
      kind: 'form-consent',
      subject: { email: `person${client}@example.no` },
      purposes: [{ purpose: 'marketing-email', decision: n % 3 ? 'granted' : 'declined' }],
      basis: 'consent',
      notice: { textHash, lang: 'nb', policyUrl: config.policy.url, policyVersion: config.policy.version },
      collection: { formId: `form-${n % 4}`, pageUrl: `${url}/kontakt.html`, clientTime: new Date().toISOString(), widgetVersion: 'crash-test' },
    });

    const sent = new Set<string>();
    const acked = new Set<string>();
    let attempts = 0;
    let running = true;

    // Each simulated widget does what the outbox does: resend the same ids until they are acknowledged.
    const client = async (c: number) => {
      const mine = Array.from({ length: EVENTS_PER_CLIENT }, (_, n) => event(c, n));
      for (const e of mine) sent.add(e.id);
      for (let i = 0; i < mine.length; i += BATCH) {
        const batch = mine.slice(i, i + BATCH);
        for (;;) {
          attempts++;
          try {
            const res = await fetch(`${url}/v1/events`, {
              method: 'POST',
              headers: { 'Content-Type': 'text/plain', Origin: url },
              body: JSON.stringify({ site: SITE, events: batch }),
              signal: AbortSignal.timeout(5000),
            });
            if (res.ok) {
              const body = (await res.json()) as { acked: { id: string }[]; rejected: unknown[] };
              for (const a of body.acked) acked.add(a.id);
              if (body.acked.length === batch.length) break;
            }
          } catch {
            /* killed mid-request: retry, as the outbox would */
          }
          await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
        }
      }
    };

    const killer = (async () => {
      for (let k = 0; k < KILLS && running; k++) {
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 250));
        child!.kill('SIGKILL');
        await new Promise((r) => child!.once('exit', r));
        start();
        await up();
      }
    })();

    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    running = false;
    await killer;
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare('SELECT event_id, count(*) AS n FROM consent_events GROUP BY event_id').all() as { event_id: string; n: number }[];
    const integrity = db.pragma('integrity_check', { simple: true });
    db.close();
    const stored = new Set(rows.map((r) => r.event_id));
    const duplicates = rows.filter((r) => r.n > 1).length;
    const lost = [...acked].filter((id) => !stored.has(id)).length;
    const store = openSqliteStore({ path: dbPath, secret: SECRET });
    const chain = await store.verifyChain(SITE);
    await store.close();

    console.log(
      `crash durability: clients ${CLIENTS}, kills ${KILLS}, sent ${sent.size}, acknowledged ${acked.size}, stored ${stored.size}, duplicates ${duplicates}, lost ${lost}, requests ${attempts}, chain ${chain.ok ? 'ok' : 'BROKEN'} (${chain.count} records)`,
    );
    expect(acked.size).toBe(sent.size);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(stored.size).toBe(sent.size);
    expect(integrity).toBe('ok');
    expect(chain).toMatchObject({ ok: true, count: sent.size });
  }, 240_000);
});
