/**
 * `npm run bench:server`: durable consent writes per second, in one run on one machine, for
 *
 *   - a no-op Hono endpoint (the ceiling: same Node, Hono and adapter, body parsed, nothing stored),
 *   - the server with a store that keeps nothing (what HTTP, middleware, zod and the route cost alone),
 *   - the server on SQLite (WAL, synchronous=FULL, group commit),
 *   - the server on PostgreSQL, one instance,
 *   - the server on PostgreSQL, two instances (half the connections on each),
 *
 * each at CONNECTIONS (50) connections for DURATION (10) seconds after a warm-up, and then at a
 * fixed RATE (1000 writes/s) for the latency a site sees at that load. Every server runs in its
 * own process, started the way `npm start` starts it; a throwaway PostgreSQL cluster is started
 * for the run. A benchmark, not a test: it prints figures (and each as a ratio to the ceiling) and
 * checks only that every acknowledged write is in the database exactly once.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { connectPostgres } from '../../server/store/postgres/connect.ts';
import { DEMO_SITE, formConsentEvent, servedTextHash } from '../fixtures/consent-events.ts';
import { startCluster } from '../setup/postgres.ts';
import { startProcess, startSamtykke as startSamtykkeProcess, stop, type ServerProcess } from './server-process.ts';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const DURATION = Number(process.env.DURATION ?? 10);
const RATE = Number(process.env.RATE ?? 1000);
const WARMUP = 2;
/** Which rows to run: any of noop, pipeline, sqlite, pg1, pg2. */
const ONLY = new Set((process.env.ONLY ?? 'noop,pipeline,sqlite,pg1,pg2').split(','));

type Instance = ServerProcess;

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  acked: number;
  /** CPU time the server process(es) spent per write during the 50-connection run, in ms. */
  cpuPerWrite: number;
  fixed?: { rps: number; p50: number; p99: number; non2xx: number };
}

const startSamtykke = (env: Record<string, string>) => startSamtykkeProcess({ RATE_LIMIT_EVENTS_PER_MINUTE: '100000000', ...env });

function eventBody(textHash: string, n: number): string {
  return JSON.stringify({ site: DEMO_SITE, events: [formConsentEvent(textHash, n, 5000)] });
}

async function load(targets: { url: string; textHash?: string }[], options: { seconds: number; rate?: number }) {
  let n = 0;
  const runs = targets.map((t) =>
    autocannon({
      url: t.url,
      connections: Math.max(1, Math.round(CONNECTIONS / targets.length)),
      duration: options.seconds,
      ...(options.rate ? { overallRate: Math.round(options.rate / targets.length) } : {}),
      requests: [
        {
          method: 'POST',
          path: '/v1/events',
          headers: { 'content-type': 'application/json', origin: t.url },
          setupRequest: (req) => ({ ...req, body: eventBody(t.textHash ?? 'noop', n++) }),
        },
      ],
    }),
  );
  const results = await Promise.all(runs);
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((s, r) => s + f(r), 0);
  // Two instances: the slower instance's percentile is the figure a visitor may meet.
  const worst = (f: (r: autocannon.Result) => number) => Math.max(...results.map(f));
  return {
    rps: sum((r) => r.requests.average),
    p50: worst((r) => r.latency.p50),
    p99: worst((r) => r.latency.p99),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors + r.timeouts),
    acked: sum((r) => r['2xx']),
  };
}

/**
 * User + system CPU time so far of a process and its children, in ms (Linux /proc; 0 where there
 * is none). The children count because `tsx` runs the server in a child of its own.
 */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    return children.reduce((sum, child) => sum + cpuMs(child), own);
  } catch {
    return 0;
  }
}

async function measure(name: string, targets: { url: string; textHash?: string; pid?: number }[], stored: () => Promise<number>): Promise<Figures> {
  process.stdout.write(`· ${name}: warm-up, ${DURATION} s at ${CONNECTIONS} connections, ${DURATION} s at ${RATE}/s\n`);
  const serverCpu = () => targets.reduce((sum, t) => sum + cpuMs(t.pid), 0);
  const before = await stored();
  const warm = await load(targets, { seconds: WARMUP });
  const cpuBefore = serverCpu();
  const full = await load(targets, { seconds: DURATION });
  const cpuPerWrite = (serverCpu() - cpuBefore) / Math.max(1, full.rps * DURATION);
  const fixed = await load(targets, { seconds: DURATION, rate: RATE });
  const after = await stored();
  const acked = warm.acked + full.acked + fixed.acked;
  // Requests still in flight when a run's time is up are stored but never counted by autocannon:
  // so stored ≥ acknowledged, and a write acknowledged yet missing would show as stored < acked.
  if (after >= 0 && after - before < acked) {
    throw new Error(`${name}: ${acked} writes acknowledged but only ${after - before} stored`);
  }
  if (process.env.DEBUG) process.stdout.write(`  ${JSON.stringify({ warm, full, fixed, stored: after - before })}\n`);
  return { name, ...full, acked, cpuPerWrite, fixed: { rps: fixed.rps, p50: fixed.p50, p99: fixed.p99, non2xx: fixed.non2xx } };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-bench-server-'));
  const common = { MAIL_OUTBOX_DIR: path.join(tmp, 'mail'), SAMTYKKE_SECRET: 'bench-secret-0123456789abcdef0123456789' };
  const cluster = ONLY.has('pg1') || ONLY.has('pg2') ? await startCluster() : undefined;
  const instances: Instance[] = [];
  const rows: Figures[] = [];
  try {
    await noopRow('no-op Hono endpoint (ceiling)');
    if (ONLY.has('pipeline')) await pipelineRow();
    if (ONLY.has('sqlite')) await sqliteRow();
    for (const count of [1, 2]) if (cluster && ONLY.has(`pg${count}`)) await postgresRow(cluster.url, count);
    // Once more at the end: on a shared machine the ceiling moves, and the higher of the two is
    // the one every ratio is taken against, so a slow first run cannot flatter the others.
    await noopRow('no-op Hono endpoint, again');
  } finally {
    await Promise.all(instances.map(stop));
    cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  print(rows);

  async function noopRow(name: string) {
    const noop = await startProcess('test/bench/noop-server.ts', {}, /listening/);
    instances.push(noop);
    rows.push(await measure(name, [{ url: noop.url, pid: noop.process.pid }], async () => -1));
    await stop(noop);
  }

  async function pipelineRow() {
    const server = await startProcess('test/bench/pipeline-server.ts', { ...common, DATABASE_PATH: path.join(tmp, 'pipeline.db'), RATE_LIMIT_EVENTS_PER_MINUTE: '100000000' }, /listening/);
    instances.push(server);
    rows.push(await measure('server, store keeps nothing', [{ url: server.url, textHash: await servedTextHash(server.url), pid: server.process.pid }], async () => -1));
    await stop(server);
  }

  async function sqliteRow() {
    const dbPath = path.join(tmp, 'bench.db');
    const sqlite = await startSamtykke({ ...common, DATABASE_PATH: dbPath });
    instances.push(sqlite);
    const countSqlite = async () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM consent_events').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    rows.push(await measure('SQLite, 1 instance', [{ url: sqlite.url, textHash: await servedTextHash(sqlite.url), pid: sqlite.process.pid }], countSqlite));
    await stop(sqlite);
  }

  async function postgresRow(clusterUrl: string, count: number) {
    const dbName = `bench_${count}`;
    const admin = connectPostgres(clusterUrl, { max: 1 });
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(clusterUrl);
    url.pathname = `/${dbName}`;
    const pg: Instance[] = [];
    // One after the other: the first creates the demo site, the second finds it.
    for (let i = 0; i < count; i++) pg.push(await startSamtykke({ ...common, DATABASE_URL: url.toString() }));
    instances.push(...pg);
    const targets = [];
    for (const p of pg) targets.push({ url: p.url, textHash: await servedTextHash(p.url), pid: p.process.pid });
    const sql = connectPostgres(url.toString(), { max: 1 });
    const countPg = async () => (await sql<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM consent_events`)[0]!.n;
    try {
      rows.push(await measure(`PostgreSQL, ${count} instance${count > 1 ? 's' : ''}`, targets, countPg));
    } finally {
      await sql.end();
      await Promise.all(pg.map(stop));
      }
  }
}

function print(rows: Figures[]) {
  const ceiling = Math.max(...rows.filter((r) => r.name.startsWith('no-op')).map((r) => r.rps));
  const cpu = os.cpus();
  process.stdout.write(`\nbench:server — ${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  process.stdout.write(`${CONNECTIONS} connections for ${DURATION} s (writes/s, latency ms); then a fixed ${RATE} writes/s\n\n`);
  const head = ['', 'writes/s', '× ceiling', 'server CPU ms/write', 'p50', 'p99', 'non-2xx', `@${RATE}/s p50`, 'p99', 'achieved/s'];
  const table = rows.map((r) => [
    r.name,
    r.rps.toFixed(0),
    (r.rps / ceiling).toFixed(2),
    r.cpuPerWrite.toFixed(3),
    String(r.p50),
    String(r.p99),
    String(r.non2xx + r.errors),
    String(r.fixed?.p50 ?? ''),
    String(r.fixed?.p99 ?? ''),
    r.fixed ? r.fixed.rps.toFixed(0) : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  for (const row of [head, ...table]) process.stdout.write(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ') + '\n');
  const sqlite = rows.find((r) => r.name.startsWith('SQLite'));
  if (sqlite) {
    process.stdout.write(`\nTargets: SQLite ≥ 0.5 × ceiling: ${(sqlite.rps / ceiling).toFixed(2)} ${sqlite.rps / ceiling >= 0.5 ? 'met' : 'NOT met'}; `);
    process.stdout.write(`p99 < 50 ms at ${RATE}/s: ${sqlite.fixed!.p99} ms ${sqlite.fixed!.p99 < 50 ? 'met' : 'NOT met'}\n`);
  }
  const pipeline = rows.find((r) => r.name.startsWith('server, store keeps nothing'));
  if (pipeline) {
    process.stdout.write(`With a store that keeps nothing the server reaches ${(pipeline.rps / ceiling).toFixed(2)} × ceiling: no database can take it past that.\n`);
  }
}

await main();
