import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The server's whole configuration, from the environment. */
export interface ServerConfig {
  /** @default 8787 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** The SQLite file, used unless `databaseUrl` is set. @default './data/samtykke.db' */
  databasePath: string;
  /** `postgres://user:password@host:5432/db`: PostgreSQL instead of the SQLite file, for several instances on one database. @default none */
  databaseUrl?: string;
  /** Where browsers reach this server, without a trailing slash. @default `http://localhost:${port}` */
  publicUrl: string;
  /** HMAC key for email pseudonyms. @default generated once and kept in the database (refused in production) */
  secret: string | undefined;
  /** JSON file with an array of SiteSettings, upserted at start. */
  sitesFile: string | undefined;
  /** @default 'dist/widget' */
  widgetDir: string;
  /** @default 'demo' */
  demoDir: string;
  /** The built staff console. @default 'dist/console' */
  consoleDir?: string;
  /** Take the client address from `X-Forwarded-For` (only behind our own proxy). @default false */
  trustProxy: boolean;
  /** `smtp://user:pass@host:587` or `smtps://…`. @default none: mail goes to `mailOutboxDir` */
  smtpUrl?: string;
  /** Sender of the chat's mail. @default 'Samtykke <no-reply@localhost>' */
  mailFrom?: string;
  /** Where mail is written as .eml files when no SMTP is set. @default './data/mail-outbox' */
  mailOutboxDir?: string;
  /** AES-256-GCM key for chat messages and request details at rest, 32 bytes base64. @default generated once and kept in the database (refused in production) */
  dataKey?: string;
  /** HMAC-SHA256 key that signs the daily chain-head digest; kept out of the database so a rewritten database cannot sign. @default none: digests go unsigned */
  digestKey?: string;
  /** Earlier data keys, still read until every row is sealed with `dataKey` again (rotation). @default [] */
  oldDataKeys?: string[];
  /** Browser consent-event requests per client address and minute; server-key writes are not counted. @default 600 */
  eventsPerMinute?: number;
  /** A request must arrive whole (headers and body) within this time, or its socket is closed. @default 30000 */
  requestTimeoutMs?: number;
  /** The headers must arrive within this time. @default 10000 */
  headersTimeoutMs?: number;
  /**
   * `NODE_ENV=production`, or a public URL that is not localhost: the keys must come from the
   * environment, and the demo and the first-start admin token are off. @default false
   */
  production?: boolean;
  /** The demo site and its pages (`SAMTYKKE_DEMO`). @default !production */
  demo?: boolean;
  /** The least severe log line written. @default 'info' */
  logLevel?: LogLevel;
  /** `/health/ready` answers 503 when the database has not answered within this time. @default 2000 */
  readyTimeoutMs?: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/samtykke.db'),
  DATABASE_URL: optional(
    z.string().refine(isPostgresUrl, 'must be a PostgreSQL URL like postgres://user:password@host:5432/samtykke (unset it to use the SQLite file at DATABASE_PATH)'),
  ),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  SAMTYKKE_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  SAMTYKKE_DIGEST_KEY: optional(z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)')),
  SITES_FILE: optional(z.string()),
  WIDGET_DIR: optional(z.string().min(1)),
  DEMO_DIR: optional(z.string().min(1)),
  CONSOLE_DIR: optional(z.string().min(1)),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, message: 'must be a URL like smtp://user:pass@host:587 or smtps://…' })),
  MAIL_FROM: optional(z.string().min(3).max(200)),
  MAIL_OUTBOX_DIR: optional(z.string().min(1)),
  SAMTYKKE_DATA_KEY: optional(z.string().refine(isKey, 'must be 32 bytes in base64 (openssl rand -base64 32)')),
  SAMTYKKE_DATA_KEYS_OLD: optional(z.string().refine((v) => v.split(',').every((k) => isKey(k.trim())), 'must be a comma-separated list of 32-byte base64 keys')),
  RATE_LIMIT_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  NODE_ENV: optional(z.string()),
  SAMTYKKE_DEMO: optional(flag),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })),
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
});

/** How to make a key, in the refusal: a person reading it at 3 a.m. should not have to look it up. */
const MAKE_KEY = 'make one with `openssl rand -base64 32` (or `node -e "console.log(require(\'node:crypto\').randomBytes(32).toString(\'base64\'))"`) and keep it outside the database and its backups';

/**
 * The built widget, console and demo ship inside the package, so their default folders are found
 * from the package's own folder (where package.json is), not from wherever the server was started:
 * `cd / && node /srv/samtykke/dist/server/index.js` must serve them too. A folder given in the
 * environment is taken as the operator wrote it.
 */
function inPackage(relative: string): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(relative);
    dir = parent;
  }
  return path.join(dir, relative);
}

/** Hosts that mean "this machine": a public URL on one of them is a development setup. */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    return new URL(value).pathname.length > 1;
  } catch {
    return false;
  }
}

function isKey(value: string): boolean {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** Reads the environment; throws at boot with the name of the first bad variable. */
export function readEnv(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const production = e.NODE_ENV === 'production' || !isLocalUrl(publicUrl);
  if (production) {
    // Generated keys would be kept in the database: a copy of it (a backup) would carry the keys
    // that protect it. In production they come from the environment or the start is refused.
    const why = e.NODE_ENV === 'production' ? 'NODE_ENV=production' : `PUBLIC_URL ${publicUrl} is not localhost`;
    if (!e.SAMTYKKE_SECRET) throw new Error(`SAMTYKKE_SECRET is required in production (${why}): the key of the email pseudonyms; ${MAKE_KEY}.`);
    if (!e.SAMTYKKE_DATA_KEY) throw new Error(`SAMTYKKE_DATA_KEY is required in production (${why}): the key that seals chat messages and request details; ${MAKE_KEY}.`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    publicUrl,
    secret: e.SAMTYKKE_SECRET,
    sitesFile: e.SITES_FILE,
    widgetDir: e.WIDGET_DIR ?? inPackage('dist/widget'),
    demoDir: e.DEMO_DIR ?? inPackage('demo'),
    consoleDir: e.CONSOLE_DIR ?? inPackage('dist/console'),
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailOutboxDir: e.MAIL_OUTBOX_DIR,
    dataKey: e.SAMTYKKE_DATA_KEY,
    ...(e.SAMTYKKE_DIGEST_KEY ? { digestKey: e.SAMTYKKE_DIGEST_KEY } : {}),
    oldDataKeys: e.SAMTYKKE_DATA_KEYS_OLD?.split(',').map((k) => k.trim()) ?? [],
    eventsPerMinute: e.RATE_LIMIT_EVENTS_PER_MINUTE,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    production,
    demo: e.SAMTYKKE_DEMO ?? !production,
    logLevel: e.LOG_LEVEL ?? 'info',
    readyTimeoutMs: e.READY_TIMEOUT_MS,
  };
}

/**
 * `readEnv()` for the entry points (server and CLIs): a refusal is one plain line on stderr and
 * exit code 1, not a stack trace the operator must scroll past to find the variable's name.
 */
export function readEnvOrExit(env: Record<string, string | undefined> = process.env): ServerConfig {
  try {
    return readEnv(env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
