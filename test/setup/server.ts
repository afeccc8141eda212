/**
 * A real Samtykke server for browser and integration tests: the full app (API, widget build,
 * demo pages) on 127.0.0.1 over a SQLite file, which can be stopped and restarted on the same
 * port and file to play "the server went away".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../server/boot.ts';
import { silentLogger, type Logger } from '../../server/log.ts';
import type { OutboundGuard } from '../../server/services/outbound/index.ts';
import type { Store } from '../../server/store/index.ts';

export interface TestServerOptions {
  /** @default a fresh file in a temp folder */
  dbPath?: string;
  /** A PostgreSQL database (`freshDatabase().url`) instead of the SQLite file. */
  databaseUrl?: string;
  /** @default 0 (the OS picks one; restarts keep it) */
  port?: number;
  /** @default 'dist/widget' (run `npm run build` first) */
  widgetDir?: string;
  /** @default 'demo' */
  demoDir?: string;
  /** @default silent */
  log?: Logger;
  clock?: () => Date;
  /** Send the chat's mail here, e.g. `(await startSmtpServer()).url` from test/setup/smtp.ts. @default none: mail goes to `mailOutboxDir` */
  smtpUrl?: string;
  /** @default a `mail-outbox` folder next to the database */
  mailOutboxDir?: string;
  /** Webhook receivers on loopback need `createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true })`. @default production's guard */
  outbound?: OutboundGuard;
  /** SAMTYKKE_DIGEST_KEY: signs the chain digests and checks pasted ones. @default none */
  digestKey?: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`; the demo site `pk_demo_nettfokus` lists it as an origin. */
  url: string;
  port: number;
  dbPath: string;
  /** The store of the current run (a new object after restart()). */
  readonly store: Store;
  /** Admin token made on the first start of this database. */
  adminToken: string | undefined;
  /** Secret key of the demo site when this start created it. */
  demoSecretKey: string | undefined;
  /** Stops serving and closes the database; the file stays. */
  stop(): Promise<void>;
  /** Runs the daily jobs due on the server's clock (`RunningServer.tickJobs`). */
  tickJobs(): Promise<Record<string, string>>;
  /** Starts again on the same port and file. */
  restart(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dbPath = options.dbPath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-e2e-')), 'samtykke.db');
  const config = (port: number) => ({
    port,
    host: '127.0.0.1',
    databasePath: dbPath,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    publicUrl: `http://127.0.0.1:${port}`,
    secret: undefined,
    sitesFile: undefined,
    widgetDir: options.widgetDir ?? path.join(repoRoot, 'dist/widget'),
    demoDir: options.demoDir ?? path.join(repoRoot, 'demo'),
    trustProxy: false,
    smtpUrl: options.smtpUrl,
    mailOutboxDir: options.mailOutboxDir ?? path.join(path.dirname(dbPath), 'mail-outbox'),
    ...(options.digestKey ? { digestKey: options.digestKey } : {}),
  });
  const start = (port: number) => startServer(config(port), { log: options.log ?? silentLogger, ...(options.clock ? { clock: options.clock } : {}), ...(options.outbound ? { outbound: options.outbound } : {}) });

  let running: RunningServer | undefined = await start(options.port ?? 0);
  const port = running.port;
  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dbPath,
    get store() {
      if (!running) throw new Error('the test server is stopped');
      return running.store;
    },
    adminToken: running.adminToken,
    demoSecretKey: running.createdSites.find((s) => s.key === 'pk_demo_nettfokus')?.secretKey,
    tickJobs() {
      if (!running) throw new Error('the test server is stopped');
      return running.tickJobs();
    },
    async stop() {
      const r = running;
      running = undefined;
      await r?.close();
    },
    async restart() {
      if (running) await server.stop();
      running = await start(port);
    },
    close: () => server.stop(),
  };
  return server;
}
