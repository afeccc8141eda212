import { z } from 'zod';

/** The server's whole configuration, from the environment. */
export interface ServerConfig {
  /** @default 8787 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** @default './data/samtykke.db' */
  databasePath: string;
  /** Where browsers reach this server, without a trailing slash. @default `http://localhost:${port}` */
  publicUrl: string;
  /** HMAC key for email pseudonyms. @default generated once and kept in the database */
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
}

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/samtykke.db'),
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  SAMTYKKE_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  SITES_FILE: optional(z.string()),
  WIDGET_DIR: z.string().min(1).default('dist/widget'),
  DEMO_DIR: z.string().min(1).default('demo'),
  CONSOLE_DIR: z.string().min(1).default('dist/console'),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, message: 'must be a URL like smtp://user:pass@host:587 or smtps://…' })),
  MAIL_FROM: optional(z.string().min(3).max(200)),
  MAIL_OUTBOX_DIR: optional(z.string().min(1)),
});

/** Reads the environment; throws at boot with the name of the first bad variable. */
export function readEnv(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    secret: e.SAMTYKKE_SECRET,
    sitesFile: e.SITES_FILE,
    widgetDir: e.WIDGET_DIR,
    demoDir: e.DEMO_DIR,
    consoleDir: e.CONSOLE_DIR,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailOutboxDir: e.MAIL_OUTBOX_DIR,
  };
}
