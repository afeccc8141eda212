import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SiteSettings, type SiteSettingsInput } from '../protocol/index.ts';
import { createApp } from './app.ts';
import { DEMO_COOKIES } from './demo-cookies.ts';
import type { ServerConfig } from './env.ts';
import { createConsoleLogger, type Logger } from './log.ts';
import { ensureDemoChat } from './demo-chat.ts';
import { createMailer } from './services/mail/index.ts';
import { consoleStatic, fileIntegrity } from './console-static.ts';
import { createOutboundGuard, type OutboundGuard } from './services/outbound/index.ts';
import { createPasswordHasher } from './services/passwords/index.ts';
import { createDailyJobs } from './jobs/index.ts';
import { createWebhookWorker, type WebhookWorkerOptions } from './services/webhooks/index.ts';
import { takeMaterialFlag } from './services/policy-change.ts';
import path from 'node:path';
import { staticRoutes } from './static.ts';
import type { Store } from './store/index.ts';
import { openStore } from './store/open.ts';
import { canonicalJson } from './util/canonical-json.ts';
import { sha256Hex } from './util/crypto.ts';
import { clusterDeps, type ClusterDeps } from './cluster.ts';
import { requestScope } from './request-context.ts';

export const DEMO_SITE_KEY = 'pk_demo_nettfokus';

export interface StartOptions {
  log?: Logger;
  /** @default () => new Date() */
  clock?: () => Date;
  /**
   * For benchmarks: wraps the opened store before anything uses it (`npm run bench:server` uses it
   * to measure the app's own cost per consent write with a store that keeps nothing).
   */
  wrapStore?: (store: Store) => Store;
  /**
   * Webhooks and other requests to owners' addresses. Tests whose receivers listen on loopback pass
   * `createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true })`; there is deliberately no
   * environment variable for that. @default createOutboundGuard()
   */
  outbound?: OutboundGuard;
  /** The webhook worker's timing (tests that kill the process want short leases). @default the worker's defaults */
  webhooks?: Pick<WebhookWorkerOptions, 'leaseMs' | 'timeoutMs' | 'pollMs' | 'firstRetryMs'>;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  /** Set on the first start only, and never in production: the admin token, shown once. */
  adminToken?: string;
  /** Whether the demo site and its pages are served (`config.demo`). */
  demo: boolean;
  /** Secret keys of sites created by this start, shown once. */
  createdSites: { key: string; secretKey: string }[];
  /** Runs the daily jobs not yet run on the clock's day, now (tests move the clock a day on). */
  tickJobs(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Opens the store, serves the app, registers the demo site and SITES_FILE. With `port: 0` the
 * OS picks a port and, for tests, the public URL becomes `http://<host>:<port>`.
 */
export async function startServer(config: ServerConfig, { log = createConsoleLogger({ level: config.logLevel }), clock = () => new Date(), wrapStore = (s) => s, outbound = createOutboundGuard(), webhooks: webhookTiming = {} }: StartOptions = {}): Promise<RunningServer> {
  const store = wrapStore(await openStore(config, { clock, log }));
  let cluster: ClusterDeps;
  try {
    cluster = await clusterDeps(config, store, { clock, log });
  } catch (error) {
    await store.close();
    throw error;
  }
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom ?? 'Samtykke <no-reply@localhost>', outboxDir: config.mailOutboxDir ?? './data/mail-outbox', log });
  // Where mail goes, never with credentials: an operator must see at once that codes land in a folder.
  log.info('mail', { target: mailer.target });
  const demo = config.demo ?? !config.production;
  const app = createApp({
    store,
    clock,
    log,
    config: { ...config, demo },
    requestScope,
    clientAddress: (c) => getConnInfo(c).remote.address,
    outbound,
    assets: staticRoutes({ widgetDir: config.widgetDir, demoDir: demo ? config.demoDir : undefined }),
    // Read per request, like the static files, so a rebuilt widget shows up without a restart.
    loaderScript: () => fs.promises.readFile(path.join(config.widgetDir, 'samtykke.js'), 'utf8'),
    chat: { mailer, ...cluster.chat },
    console: {
      passwords: createPasswordHasher(),
      assets: consoleStatic({ dir: config.consoleDir ?? 'dist/console' }),
      widgetIntegrity: fileIntegrity(path.join(config.widgetDir, 'samtykke.js')),
      mailer,
      ...(config.digestKey ? { digestKey: config.digestKey } : {}),
    },
  });
  let server: Server | undefined;
  try {
    server = await listen(app.fetch, config);
    const port = (server.address() as AddressInfo).port;
    const publicUrl = config.port === 0 ? `http://${config.host}:${port}` : config.publicUrl;
    const createdSites = [demo ? await ensureDemoSite(store, publicUrl, port) : undefined, ...(await loadSitesFile(store, config.sitesFile, clock()))].flatMap((s) => (s ? [s] : []));
    if (demo) await ensureDemoChat(store, DEMO_SITE_KEY, config.demoDir, publicUrl);
    // In production the terminal is a log collector: the operator makes the token with the CLI
    // (`node dist/server/cli/admin.js token`), so it is shown to them alone and kept nowhere else.
    const adminToken = config.production ? undefined : await store.createFirstAdminToken('first start');
    // Retention purge and chain-head digest: checked hourly, each run once a day.
    const jobs = createDailyJobs({
      store,
      clock,
      log,
      mailer,
      ...(config.digestKey ? { digestKey: config.digestKey } : {}),
      outbound,
      publicUrl,
      every: (ms, fn) => {
        const timer = setInterval(fn, ms);
        timer.unref();
        return { stop: () => clearInterval(timer) };
      },
    });
    void jobs.tick();
    // The webhook outbox: each instance claims what is due; on PostgreSQL they never take the same row.
    const webhooks = createWebhookWorker({ store, outbound, clock, log, ...webhookTiming });
    webhooks.start();
    return { url: publicUrl, port, store, createdSites, demo, ...(adminToken ? { adminToken } : {}), tickJobs: () => jobs.tick(), close: async () => {
        await jobs.stop();
        await webhooks.stop();
        await shutdown(server!, store, cluster);
      },
    };
  } catch (error) {
    await shutdown(server, store, cluster);
    throw error;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], { port, host, requestTimeoutMs = 30_000, headersTimeoutMs = 10_000 }: ServerConfig): Promise<Server> {
  // A client that sends headers and then trickles its body (slowloris) would hold a socket for
  // ever: Node closes it after requestTimeout. Node checks only every connectionsCheckingInterval
  // (30 s by default), so that interval follows the timeouts.
  const serverOptions = {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(headersTimeoutMs, requestTimeoutMs),
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4))),
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host, serverOptions }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

async function shutdown(server: Server | undefined, store: Store, cluster: ClusterDeps): Promise<void> {
  if (server?.listening) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would hold close() open for seconds.
    server.closeAllConnections();
    await closed;
  }
  await cluster.close();
  await store.close();
}

/** The demo site, created once; later starts only add origins for a new port or URL. */
async function ensureDemoSite(store: Store, publicUrl: string, port: number): Promise<{ key: string; secretKey: string } | undefined> {
  const origins = [new URL(publicUrl).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const created = await store.createSite({
    key: DEMO_SITE_KEY,
    name: 'Nettfokus',
    origins: [...new Set(origins)],
    policy: { url: `${publicUrl}/personvern.html`, version: '2024-02-11' },
    forms: { kundeportal: { basis: 'existing-customer' } },
    cookies: DEMO_COOKIES,
  });
  if (created) return { key: DEMO_SITE_KEY, secretKey: created.secretKey! };
  // Read and written in one transaction: instances starting together each add their own origins.
  await store.updateSite(DEMO_SITE_KEY, (existing) => {
    const missing = origins.filter((o) => !existing.origins.includes(o));
    // A demo database from before the cookie notice gets its declared services too.
    const cookies = existing.cookies.statistics ? existing.cookies : DEMO_COOKIES;
    return missing.length || cookies !== existing.cookies ? { ...existing, cookies, origins: [...existing.origins, ...missing].slice(-50) } : undefined;
  });
  return undefined;
}

/**
 * SITES_FILE: a JSON array of SiteSettings. A mistake stops the start with the file and index named.
 * Each entry is applied once per version of it: a restart with the same file keeps what owners
 * have changed in the console since, and an entry changed in the file wins over the console.
 */
async function loadSitesFile(store: Store, file: string | undefined, now: Date): Promise<{ key: string; secretKey: string }[]> {
  if (!file) return [];
  let list: unknown;
  try {
    list = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`SITES_FILE ${file}: cannot read it as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(list)) throw new Error(`SITES_FILE ${file}: must hold a JSON array of site settings`);
  // Every entry is checked before any is stored: a mistake in the fifth must not leave four written.
  const sites = list.map((input: SiteSettingsInput, index) => {
    const parsed = SiteSettings.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`SITES_FILE ${file}: site ${index}, ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    // The flag speaks for one console save (it sends the change mail); a file read at every start never announces.
    return takeMaterialFlag(parsed.data).settings;
  });
  const created: { key: string; secretKey: string }[] = [];
  for (const site of sites) {
    const job = `sites-file:${site.key}`;
    const version = sha256Hex(canonicalJson(site)).slice(0, 32);
    // Claimed like a daily job (one instance applies it, once): several instances may start together.
    if (!await store.claimJobRun(job, version, now) && await store.getSite(site.key)) continue;
    const { secretKey } = await store.upsertSite(site);
    await store.finishJobRun(job, version, 'applied');
    if (secretKey) created.push({ key: site.key, secretKey });
  }
  return created;
}
