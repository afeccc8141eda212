/**
 * The Dockerfile's steps, run here because these machines have no container daemon: build in a
 * clean copy of the sources, put only `dist/`, `demo/`, package.json and the lockfile into a runtime
 * folder, install the production dependencies there, and run `node dist/server/index.js` in
 * production mode on plain Node (no tsx, no vite, no devDependencies on disk).
 *
 * The production install: with PROD_INSTALL=npm-ci, `npm ci --omit=dev` from the registry (what the
 * image does; better-sqlite3 then compiles from source, minutes on a shared machine). By default the
 * installed node_modules are copied (hard links) and `npm prune --omit=dev` takes the dev packages
 * out: the same tree from the same lockfile, without the download and the compile.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../server/store/postgres/connect.ts';
import { formConsentEvent, servedTextHash } from '../fixtures/consent-events.ts';
import { freshDatabase } from '../setup/fresh-database.ts';
import { freePort } from '../setup/net.ts';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const SITE = 'pk_prod_install';
const KEYS = { SAMTYKKE_SECRET: 'prod-install-secret-0123456789abcdef-01', SAMTYKKE_DATA_KEY: Buffer.alloc(32, 9).toString('base64') };
/** Packages only a developer needs: none may be in the runtime folder. */
const DEV_ONLY = ['vite', 'tsx', 'vitest', 'typescript', 'playwright-core', 'preact'];

let work: string;
let runtime: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
  // Inside the repo (.tmp is ignored), on the same file system as node_modules, for the hard links.
  work = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'prod-install-'));
  const source = path.join(work, 'source');
  runtime = path.join(work, 'runtime');

  // Stage 1 (build): the files git would check out, and the dev dependencies.
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    const from = path.join(repoRoot, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    fs.copyFileSync(from, path.join(source, file));
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  await run('npm', ['run', 'build'], { cwd: source, maxBuffer: 16 * 1024 * 1024 });

  // Stage 2 (runtime): dist, the demo pages (served only with SAMTYKKE_DEMO=1), the manifests.
  fs.mkdirSync(runtime);
  fs.cpSync(path.join(source, 'dist'), path.join(runtime, 'dist'), { recursive: true });
  fs.cpSync(path.join(source, 'demo'), path.join(runtime, 'demo'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(source, file), path.join(runtime, file));
  if (process.env.PROD_INSTALL === 'npm-ci') {
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: runtime, maxBuffer: 16 * 1024 * 1024 });
  } else {
    await run('cp', ['-al', path.join(repoRoot, 'node_modules'), path.join(runtime, 'node_modules')]);
    // npm rewrites its hidden lockfile: a real copy, so the repo's own is never written through a link.
    const hidden = path.join(runtime, 'node_modules/.package-lock.json');
    fs.rmSync(hidden);
    fs.copyFileSync(path.join(repoRoot, 'node_modules/.package-lock.json'), hidden);
    await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: runtime, maxBuffer: 16 * 1024 * 1024 });
  }
  // npm ci compiles better-sqlite3 from source: on two shared cores that alone can take over ten minutes.
}, process.env.PROD_INSTALL === 'npm-ci' ? 1_800_000 : 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Only what the operator sets: nothing of this machine's DATABASE_URL, NODE_ENV or keys leaks in. */
function baseEnv(over: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...over };
}

interface Started {
  url: string;
  /** The instance's folder: its SQLite file, mail outbox and sites file. */
  dir: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnServer(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Started['exited'] } {
  const child = spawn(process.execPath, ['dist/server/index.js'], { cwd: runtime, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

async function startServer(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(work, 'instance-'));
  const sitesFile = path.join(dir, 'sites.json');
  fs.writeFileSync(sitesFile, JSON.stringify([{ key: SITE, name: 'Prod AS', origins: [url], policy: { url: `${url}/personvern`, version: '2026-01-01' }, forms: {} }]));
  const started = spawnServer(
    baseEnv({ NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATABASE_PATH: path.join(dir, 'samtykke.db'), MAIL_OUTBOX_DIR: path.join(dir, 'mail'), SITES_FILE: sitesFile, ...KEYS, ...env }),
  );
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (/Samtykke is running at/.test(started.output())) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    void started.exited.then(({ code }) => {
      clearInterval(check);
      reject(new Error(`the server exited with ${code}:\n${started.output()}`));
    });
  });
  return { url, dir, ...started };
}

/** Asks until the answer has `status`: a state change (a database going away) takes a moment to be seen. */
async function waitForStatus(url: string, status: number): Promise<Response> {
  let last: Response | undefined;
  for (let i = 0; i < 200; i++) {
    last = await fetch(url);
    if (last.status === status) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} still answers ${last?.status}, not ${status}`);
}

async function stopWithSigterm(server: Started) {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('the production install (the Dockerfile\'s steps, on plain node)', () => {
  it('holds the built server and only runtime dependencies', () => {
    expect(fs.existsSync(path.join(runtime, 'dist/server/index.js'))).toBe(true);
    expect(fs.readdirSync(path.join(runtime, 'dist/server/cli')).filter((f) => f.endsWith('.js')).sort()).toEqual(['admin.js', 'ask.js', 'consents.js', 'read-password.js', 'staff.js']);
    for (const name of DEV_ONLY) expect(fs.existsSync(path.join(runtime, 'node_modules', name)), name).toBe(false);
    for (const name of ['hono', 'better-sqlite3', 'postgres', 'prom-client', 'zod']) expect(fs.existsSync(path.join(runtime, 'node_modules', name)), name).toBe(true);
  });

  it('refuses to start without the keys, naming the variable and how to make a value', async () => {
    for (const [missing, env] of [
      ['SAMTYKKE_SECRET', { SAMTYKKE_DATA_KEY: KEYS.SAMTYKKE_DATA_KEY }],
      ['SAMTYKKE_DATA_KEY', { SAMTYKKE_SECRET: KEYS.SAMTYKKE_SECRET }],
    ] as const) {
      const refused = spawnServer(baseEnv({ NODE_ENV: 'production', PORT: '0', DATABASE_PATH: path.join(work, 'refused.db'), ...env }));
      // A server that starts after all must not outlive the test.
      const timer = setTimeout(() => refused.child.kill('SIGKILL'), 20_000);
      expect(await refused.exited).toEqual({ code: 1, signal: null });
      clearTimeout(timer);
      expect(refused.output()).toContain(`${missing} is required in production (NODE_ENV=production)`);
      expect(refused.output()).toContain('openssl rand -base64 32');
      // Refused before anything was opened: no database made with a generated key in it.
      expect(fs.existsSync(path.join(work, 'refused.db'))).toBe(false);
    }
  });

  it('on SQLite: serves no demo, is ready, counts a consent write in /metrics behind the admin token, and stops on SIGTERM', async () => {
    const server = await startServer({});
    try {
      expect(server.output()).toContain('(production mode)');
      expect(server.output()).not.toMatch(/at_[A-Za-z0-9_-]{20,}/);
      // The sites file's new site: its secret key is not printed where logs are kept.
      expect(server.output()).not.toMatch(/sk_[A-Za-z0-9_-]{20,}/);
      expect(server.output()).toContain('Make a new secret key');
      expect(server.output()).not.toContain('Demo:');
      for (const demoPath of ['/', '/kundeportal.html', '/strict/index.html', '/personvern.html', '/privacy.html']) expect((await fetch(`${server.url}${demoPath}`)).status, demoPath).toBe(404);
      expect((await fetch(`${server.url}/demo/thanks`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${server.url}/samtykke.js`)).status).toBe(200);
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true });

      const env = { ...KEYS, NODE_ENV: 'production', PUBLIC_URL: server.url, DATABASE_PATH: path.join(server.dir, 'samtykke.db') };
      const cli = (args: string[], input?: string) =>
        new Promise<{ code: number | null; stdout: string }>((resolve) => {
          const child = spawn(process.execPath, ['dist/server/cli/admin.js', ...args], { cwd: runtime, env: baseEnv(env), stdio: ['pipe', 'pipe', 'inherit'] });
          let stdout = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
          child.stdin.end(input ?? '');
          child.once('exit', (code) => resolve({ code, stdout }));
        });
      const token = (await cli(['token', '--label', 'prometheus'])).stdout.match(/at_[A-Za-z0-9_-]+/)?.[0];
      expect(token).toBeDefined();
      const owner = await cli(['create', '--email', 'eier@prod.example', '--role', 'owner', '--password-stdin'], 'a long enough password for the owner\n');
      expect(owner).toMatchObject({ code: 0, stdout: expect.stringContaining(`Sign in at ${server.url}/console`) });

      const refused = await fetch(`${server.url}/metrics`);
      expect(refused.status).toBe(401);
      const refusal = (await refused.json()) as { error: string; requestId: string };
      expect(refusal.error).toBe('unauthorized');
      expect(refusal.requestId).toBe(refused.headers.get('x-request-id'));

      const textHash = await servedTextHash(server.url, SITE);
      const events = [0, 1, 2].map((n) => formConsentEvent(textHash, n));
      const write = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: server.url }, body: JSON.stringify({ site: SITE, events }) });
      expect(write.status).toBe(200);
      expect(((await write.json()) as { acked: unknown[] }).acked).toHaveLength(3);

      const metrics = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(/^samtykke_consent_events_written_total\{result="committed"\} 3$/m);
      expect(text).toMatch(/^samtykke_group_commit_size_sum 3$/m);
      expect(text).toMatch(/^samtykke_http_request_duration_seconds_count\{method="POST",route="\/v1\/events",status="200"\} 1$/m);
      expect(text).toMatch(/^samtykke_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="401"\} 1$/m);
      expect(text).toMatch(/^samtykke_job_runs_total\{job="retention",result="ok"\} 1$/m);

      const stopped = await stopWithSigterm(server);
      expect(stopped).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('"message":"stopping","signal":"SIGTERM"');
      // The write landed: the rows are in the file after the process is gone.
      const db = new Database(env.DATABASE_PATH, { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) AS n FROM consent_events WHERE site = ?').get(SITE)).toEqual({ n: 3 });
      } finally {
        db.close();
      }
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('on PostgreSQL: /health/ready is 503 with Retry-After while the database refuses connections, and 200 again once it is back', async () => {
    const database = await freshDatabase();
    // The app's role owns the database: it may refuse new connections to it and end the open ones,
    // which is what a database that went away looks like from here (the test cluster is shared, so
    // it is not stopped).
    const base = new URL(database.url);
    base.pathname = '/samtykke';
    const admin = connectPostgres(base.toString(), { max: 1 });
    const server = await startServer({ DATABASE_URL: database.url });
    try {
      expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);

      await admin.unsafe(`ALTER DATABASE ${database.name} CONNECTION LIMIT 0`);
      await admin.unsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`);
      const down = await waitForStatus(`${server.url}/health/ready`, 503);
      expect(down.headers.get('retry-after')).toBe('5');
      const body = (await down.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ error: 'storage_unavailable', requestId: down.headers.get('x-request-id') });
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
      // The old path is the ready check too: a load balancer pointed at it stops sending traffic.
      expect((await fetch(`${server.url}/health`)).status).toBe(503);

      await admin.unsafe(`ALTER DATABASE ${database.name} CONNECTION LIMIT -1`);
      await waitForStatus(`${server.url}/health/ready`, 200);

      expect(await stopWithSigterm(server)).toEqual({ code: 0, signal: null });
    } finally {
      server.child.kill('SIGKILL');
      await admin.end();
      await database.drop();
    }
  });
});
