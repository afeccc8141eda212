import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';

/** What production asks for: a secret of 32+ characters and a 32-byte data key in base64. */
const KEYS = { SAMTYKKE_SECRET: 'prod-secret-0123456789abcdef-0123456789', SAMTYKKE_DATA_KEY: Buffer.alloc(32, 7).toString('base64') };

const ROOT = path.resolve(import.meta.dirname, '..');

describe('readEnv', () => {
  it('finds the built widget, console and demo in the package whatever folder it is started from', () => {
    const cwd = process.cwd();
    process.chdir('/');
    try {
      const config = readEnv({});
      expect([config.widgetDir, config.consoleDir, config.demoDir]).toEqual([path.join(ROOT, 'dist/widget'), path.join(ROOT, 'dist/console'), path.join(ROOT, 'demo')]);
      // A folder the operator names is kept as written.
      expect(readEnv({ WIDGET_DIR: 'public/w' }).widgetDir).toBe('public/w');
    } finally {
      process.chdir(cwd);
    }
  });

  it('fills every default from an empty environment', () => {
    expect(readEnv({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databasePath: './data/samtykke.db',
      publicUrl: 'http://localhost:8787',
      secret: undefined,
      sitesFile: undefined,
      widgetDir: path.join(ROOT, 'dist/widget'),
      demoDir: path.join(ROOT, 'demo'),
      consoleDir: path.join(ROOT, 'dist/console'),
      trustProxy: false,
      oldDataKeys: [],
      eventsPerMinute: 600,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      production: false,
      demo: true,
      logLevel: 'info',
      readyTimeoutMs: 2000,
    });
  });

  it('derives the public URL from the port and drops a trailing slash from a given one', () => {
    expect(readEnv({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(readEnv({ PUBLIC_URL: 'https://samtykke.example.no/', ...KEYS }).publicUrl).toBe('https://samtykke.example.no');
  });

  it('is in production with NODE_ENV=production or a public URL that is not this machine', () => {
    expect(readEnv({ NODE_ENV: 'production', ...KEYS })).toMatchObject({ production: true, demo: false });
    expect(readEnv({ PUBLIC_URL: 'https://samtykke.example.no', ...KEYS })).toMatchObject({ production: true, demo: false });
    for (const local of ['http://localhost:8787', 'http://127.0.0.1:9000', 'http://[::1]:8787', 'http://samtykke.localhost']) {
      expect(readEnv({ PUBLIC_URL: local })).toMatchObject({ production: false, demo: true });
    }
    expect(readEnv({ NODE_ENV: 'production', SAMTYKKE_DEMO: '1', ...KEYS }).demo).toBe(true);
    expect(readEnv({ SAMTYKKE_DEMO: 'false' }).demo).toBe(false);
  });

  it('refuses production without the secret or the data key, naming it and how to make one', () => {
    for (const env of [{ NODE_ENV: 'production' }, { PUBLIC_URL: 'https://samtykke.example.no' }]) {
      expect(() => readEnv({ ...env, SAMTYKKE_DATA_KEY: KEYS.SAMTYKKE_DATA_KEY })).toThrow(/^SAMTYKKE_SECRET is required in production.*openssl rand -base64 32/);
      expect(() => readEnv({ ...env, SAMTYKKE_SECRET: KEYS.SAMTYKKE_SECRET })).toThrow(/^SAMTYKKE_DATA_KEY is required in production.*openssl rand -base64 32/);
    }
    expect(() => readEnv({ NODE_ENV: 'production' })).toThrow(/NODE_ENV=production/);
    expect(() => readEnv({ PUBLIC_URL: 'https://samtykke.example.no' })).toThrow(/PUBLIC_URL https:\/\/samtykke.example.no is not localhost/);
  });

  it('reads LOG_LEVEL and names it when wrong', () => {
    expect(readEnv({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => readEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: must be one of debug, info, warn, error/);
  });

  it('names the variable that is wrong', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readEnv({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
    expect(() => readEnv({ SAMTYKKE_SECRET: 'short' })).toThrow(/SAMTYKKE_SECRET/);
    expect(() => readEnv({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => readEnv({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
    expect(() => readEnv({ SAMTYKKE_DATA_KEY: 'c2hvcnQ=' })).toThrow(/SAMTYKKE_DATA_KEY/);
    expect(() => readEnv({ SAMTYKKE_DATA_KEYS_OLD: 'x' })).toThrow(/SAMTYKKE_DATA_KEYS_OLD/);
    expect(() => readEnv({ RATE_LIMIT_EVENTS_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_EVENTS_PER_MINUTE/);
  });

  it('takes DATABASE_URL only as a PostgreSQL URL naming a database', () => {
    expect(readEnv({ DATABASE_URL: 'postgres://app:pw@db.internal:5432/samtykke' }).databaseUrl).toBe('postgres://app:pw@db.internal:5432/samtykke');
    expect(readEnv({ DATABASE_URL: 'postgresql://db.internal/samtykke' }).databaseUrl).toBe('postgresql://db.internal/samtykke');
    expect(readEnv({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(() => readEnv({ DATABASE_URL: 'mysql://db.internal/samtykke' })).toThrow(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(() => readEnv({ DATABASE_URL: './data/samtykke.db' })).toThrow(/DATABASE_URL/);
    expect(() => readEnv({ DATABASE_URL: 'postgres://db.internal' })).toThrow(/DATABASE_URL/);
  });

  it('reads TRUST_PROXY as a boolean', () => {
    expect(readEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
});
