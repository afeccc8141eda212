/**
 * `npm run bench:login`: what a burst of 50 console sign-ins does to every site's widget. Prints
 * GET /v1/sites/<key>/config latency (p50, p99, max) while the burst runs, for
 *
 *   - `unbounded`: every sign-in hashes at once, as before issue 15 (a queue as wide as the burst),
 *   - `queued`: the server's default hash queue (1 hashing, 8 waiting, the rest 429 + Retry-After),
 *
 * beside the same figures with no burst. Real scrypt at the OWASP cost (N = 2^17, 128 MiB), over
 * real sockets on a SQLite file; the load runs in this process, one config request in flight at a
 * time, as a widget asks. A benchmark: it prints figures and asserts nothing about time.
 * `BURST` (50) and `MODES` (unbounded,queued) vary it.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { createHashQueue, createPasswordHasher, type HashQueue } from '../../server/services/passwords/index.ts';
import { SITE, tempStore } from '../../server/testing.ts';

const BURST = Number(process.env.BURST ?? 50);
const MODES = (process.env.MODES ?? 'unbounded,queued').split(',');
const CONSOLE_ORIGIN = 'http://localhost:8787';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function start(hashQueue: HashQueue | undefined) {
  const { store } = await tempStore();
  const passwords = createPasswordHasher();
  await store.createAccount({ email: 'eier@example.no', role: 'owner', passwordHash: await passwords.hash('et-langt-passord') });
  let n = 0;
  const app = createApp({
    store,
    clock: () => new Date(),
    log: silentLogger,
    config: { trustProxy: false, publicUrl: CONSOLE_ORIGIN },
    // Each sign-in from its own address, so the burst meets the hash queue, not the sign-in locks.
    clientAddress: () => `198.51.100.${(n++ % 250) + 1}`,
    console: { passwords, ...(hashQueue ? { hashQueue } : {}) },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

/** Config requests one after another until `until` settles (or `count` when there is nothing to wait for). */
async function configLatencies(url: string, until: Promise<unknown> | undefined, count = 200): Promise<number[]> {
  let done = false;
  void until?.then(() => (done = true));
  const times: number[] = [];
  while (until ? !done : times.length < count) {
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/sites/${SITE}/config`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`config answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function row(name: string, times: number[], extra = '') {
  const f = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;
  console.log(`${name.padEnd(22)} n=${String(times.length).padStart(5)}  p50 ${f(quantile(times, 0.5))}  p99 ${f(quantile(times, 0.99))}  max ${f(times.at(-1)!)}  ${extra}`);
}

async function main() {
  console.log(`GET /v1/sites/<key>/config during a burst of ${BURST} sign-ins (scrypt N=2^17), one request in flight\n`);
  for (const mode of MODES) {
    const queue = mode === 'unbounded' ? createHashQueue({ concurrency: BURST, maxQueued: 0 }) : mode === 'queued' ? undefined : (() => { throw new Error(`unknown mode ${mode}`); })();
    const server = await start(queue);
    await configLatencies(server.url, undefined, 50); // warm-up
    row(`${mode}: idle`, await configLatencies(server.url, undefined));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const burst = Promise.all(Array.from({ length: BURST }, (_, i) =>
      fetch(`${server.url}/console/api/login`, {
        method: 'POST',
        headers: { Origin: CONSOLE_ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: i === 0 ? 'eier@example.no' : `gjest${i}@example.no`, password: 'feil-passord' }),
      }).then((r) => r.status)));
    const during = await configLatencies(server.url, burst);
    const statuses = await burst;
    const burstMs = performance.now() - t0;
    clearInterval(sampler);
    const counts = [...new Set(statuses)].sort().map((s) => `${statuses.filter((x) => x === s).length}×${s}`).join(' ');
    row(`${mode}: during burst`, during, `sign-ins ${counts}, burst ${(burstMs / 1000).toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
    await server.close();
  }
}

await main();
