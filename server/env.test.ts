import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';

describe('readEnv', () => {
  it('fills every default from an empty environment', () => {
    expect(readEnv({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databasePath: './data/samtykke.db',
      publicUrl: 'http://localhost:8787',
      secret: undefined,
      sitesFile: undefined,
      widgetDir: 'dist/widget',
      demoDir: 'demo',
      consoleDir: 'dist/console',
      trustProxy: false,
      oldDataKeys: [],
      eventsPerMinute: 600,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
    });
  });

  it('derives the public URL from the port and drops a trailing slash from a given one', () => {
    expect(readEnv({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(readEnv({ PUBLIC_URL: 'https://samtykke.example.no/' }).publicUrl).toBe('https://samtykke.example.no');
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
