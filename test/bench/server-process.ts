/**
 * A server for a benchmark, in a process of its own, started the way `npm start` starts it: the
 * load generator or browser driver in this process then never shares an event loop with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../setup/net.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const BENCH_SECRET = 'bench-secret-0123456789abcdef-0123456789';
const BENCH_DATA_KEY = Buffer.alloc(32, 5).toString('base64');

export interface ServerProcess {
  url: string;
  process: ChildProcess;
}

/** Starts `script` with `env` on a free loopback port and resolves once its output matches `ready`. */
export async function startProcess(script: string, env: Record<string, string>, ready: RegExp): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(tsx, [script], {
    cwd: repoRoot,
    // Production mode, as a real deployment runs, with the demo site the load is aimed at and keys of its own.
    env: { ...process.env, PUBLIC_URL: url, SAMTYKKE_DEMO: '1', SAMTYKKE_SECRET: BENCH_SECRET, SAMTYKKE_DATA_KEY: BENCH_DATA_KEY, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
  };
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', onData).on('data', onReady);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output.slice(-2000)}`)));
  });
  // From here on the server's log (a line per request) is drained and dropped: keeping or scanning
  // it would cost this process CPU that the load generator or the browser needs.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.resume();
  return { url, process: child };
}

/** The Samtykke server itself, as `npm start` runs it. */
export function startSamtykke(env: Record<string, string>): Promise<ServerProcess> {
  return startProcess('server/index.ts', env, /Samtykke is running at/);
}

export async function stop(server: ServerProcess): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}
