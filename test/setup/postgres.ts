/**
 * Vitest globalSetup of the `server` project: a throwaway PostgreSQL cluster for the run. initdb
 * into a temp folder, pg_ctl start on 127.0.0.1 and a free port, a role and a database, and the URL
 * handed to tests as `inject('postgresUrl')` (use `freshDatabase()` from ./fresh-database.ts).
 * With SAMTYKKE_TEST_DATABASE_URL set, that server is used instead and nothing is started.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { freePort } from './net.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://samtykke:…@127.0.0.1:<port>/samtykke`; the role may CREATE DATABASE. */
    postgresUrl: string;
  }
}

const PREFIX = 'samtykke-pg-';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.SAMTYKKE_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return undefined;
  }
  sweepOrphans();
  const cluster = await startCluster();
  project.provide('postgresUrl', cluster.url);
  return cluster.stop;
}

export interface Cluster {
  url: string;
  stop: () => void;
}

/** Starts a throwaway cluster (also used by `npm run bench:server`); `stop()` removes it. */
export async function startCluster(): Promise<Cluster> {
  const bin = findBinDir();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  const data = path.join(root, 'data');
  fs.writeFileSync(path.join(root, 'owner.pid'), String(process.pid));
  const superPassword = randomBytes(18).toString('base64url');
  const appPassword = randomBytes(18).toString('base64url');
  fs.writeFileSync(path.join(root, 'pwfile'), `${superPassword}\n`, { mode: 0o600 });
  // initdb and postgres refuse to run as root: the cluster belongs to the postgres user then.
  if (isRoot()) chownToPostgres(root);
  const stop = () => {
    // immediate: no shutdown checkpoint, the folder is deleted next.
    pgCtl(bin, data, ['stop', '-m', 'immediate', '-w']);
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    run(bin, 'initdb', ['-D', data, '-U', 'postgres', `--pwfile=${path.join(root, 'pwfile')}`, '--auth-host=scram-sha-256', '--auth-local=peer', '-E', 'UTF8', '--no-locale']);
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        '',
        '# samtykke test cluster',
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        // Durable as in production: the tests exercise real commits, not a faster fiction.
        'fsync = on',
        'synchronous_commit = on',
        'full_page_writes = on',
        // Test files run in parallel, each with its own pool, and the two-instance tests open more.
        'max_connections = 200',
        'shared_buffers = 64MB',
        "timezone = 'UTC'",
        "lc_messages = 'C'",
        'log_min_messages = warning',
        '',
      ].join('\n'),
    );
    const port = await startOnFreePort(bin, root, data);
    const admin = postgres({ host: '127.0.0.1', port, user: 'postgres', password: superPassword, database: 'postgres', max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE ROLE samtykke LOGIN CREATEDB PASSWORD '${appPassword}'`);
      await admin.unsafe('CREATE DATABASE samtykke OWNER samtykke');
    } finally {
      await admin.end();
    }
    return { url: `postgres://samtykke:${appPassword}@127.0.0.1:${port}/samtykke`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A port can be taken between our probe and pg_ctl start; a few tries make that harmless. */
async function startOnFreePort(bin: string, root: string, data: string): Promise<number> {
  const log = path.join(root, 'server.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const result = pgCtl(bin, data, ['start', '-w', '-t', '30', '-l', log, '-o', `-p ${port}`]);
    if (result.status === 0) return port;
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    if (attempt >= 3 || !/could not bind|already in use/i.test(tail)) {
      throw new Error(`pg_ctl start failed (exit ${result.status}):\n${result.stderr}\n${tail}`);
    }
  }
}

function findBinDir(): string {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b)));
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // pg_config comes with libpq-dev, not always with the server.
  }
  // Debian keeps the server out of PATH, one folder per major version; take the newest.
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const initdb = path.join(dir, 'initdb');
    if (dir && fs.existsSync(initdb)) candidates.push(path.dirname(fs.realpathSync(initdb)));
  }
  const found = candidates.find(has);
  if (found) return found;
  throw new Error(
    'The server tests need a real PostgreSQL, and its server programs (initdb, pg_ctl, postgres) were not found ' +
      '(looked at `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH). Install them with `apt-get install postgresql` ' +
      '(the tests start their own cluster; the distribution service is not needed), or run `.ci/run`, which does it; ' +
      'or set SAMTYKKE_TEST_DATABASE_URL to a server whose role may CREATE DATABASE.',
  );
}

const isRoot = () => process.getuid?.() === 0;

function postgresIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('Running as root, so the test cluster must run as the `postgres` system user, which does not exist. `apt-get install postgresql` creates it.');
  }
}

function chownToPostgres(dir: string): void {
  const { uid, gid } = postgresIds();
  fs.chownSync(dir, uid, gid);
  for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), uid, gid);
}

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function spawnPg(bin: string, program: string, args: string[]) {
  const exe = path.join(bin, program);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  return spawnSync(cmd as string, argv as string[], { encoding: 'utf8', cwd: os.tmpdir() });
}

function run(bin: string, program: string, args: string[]): void {
  const result = spawnPg(bin, program, args);
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${program} failed (exit ${result.status}):\n${result.stderr}`);
}

function pgCtl(bin: string, data: string, args: string[]) {
  return spawnPg(bin, 'pg_ctl', ['-D', data, ...args]);
}

/** Clusters left behind by a run that was killed before its teardown: stopped and deleted. */
function sweepOrphans(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const root = path.join(os.tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(root, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (alive(owner)) continue;
    const data = path.join(root, 'data');
    try {
      if (fs.existsSync(path.join(data, 'postmaster.pid'))) pgCtl(findBinDir(), data, ['stop', '-m', 'immediate', '-w']);
      fs.rmSync(root, { recursive: true, force: true });
    } catch {
      // Another user's folder, or one being removed right now: not ours to fight over.
    }
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
