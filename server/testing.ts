/**
 * Fixtures for server tests: a real SQLite file in a temp folder, a registered site, a served
 * text and well-formed events. Not shipped; imported only by `*.test.ts` and test/setup.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsentEvent, SiteSettingsInput } from '../protocol/index.ts';
import { afterEach } from 'vitest';
import { createApp } from './app.ts';
import type { Backend } from './store/backends.testing.ts';
import { openSqliteStore, type SqliteStoreOptions } from './store/sqlite/index.ts';

export const SITE = 'pk_test_site01';
export const ORIGIN = 'https://shop.example.no';

export const siteSettings = (over: Partial<SiteSettingsInput> = {}): SiteSettingsInput => ({
  key: SITE,
  name: 'Testbutikken',
  origins: [ORIGIN],
  policy: { url: 'https://shop.example.no/personvern', version: '2024-02-11' },
  forms: { kundeportal: { basis: 'existing-customer' } },
  ...over,
});

export function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-test-')), 'test.db');
}

/** The HMAC secret test stores use unless a test passes its own. */
export const TEST_SECRET = 'test-secret-0123456789abcdef';
/** The notice text every test store has served. */
export const NOTICE_TEXT = 'Ja takk, send meg e-post. [Les personvernerklæringen](https://shop.example.no/personvern)';

/** A store on a fresh temp file with the test site registered and one text served. */
export async function tempStore(options: Partial<SqliteStoreOptions> = {}) {
  const dbPath = options.path ?? tempDbPath();
  const store = openSqliteStore({ secret: TEST_SECRET, ...options, path: dbPath });
  const { secretKey } = await store.upsertSite(siteSettings());
  const textHash = await store.putNoticeText(NOTICE_TEXT, 'nb');
  return { store, dbPath, textHash, siteSecret: secretKey! };
}

/** One read behind the store's back on a SQLite file, as `TestStore.query` does. */
const sqliteQuery = (dbPath: string) => async <T = Record<string, unknown>>(statement: string): Promise<T[]> => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(statement).all() as T[];
  } finally {
    db.close();
  }
};

/**
 * The store under a test app: `tempStore(sqlite)` by default, or a fresh store of `backend` (from
 * server/store/backends.testing.ts, which closes it after the test) so a route suite can run on
 * both backends with `describe.each(backends)`. `query` reads the database behind the store's
 * back on either backend.
 */
export async function appStore(backend: Backend | undefined, sqlite: Partial<SqliteStoreOptions> = {}) {
  if (!backend) {
    const t = await tempStore(sqlite);
    return { ...t, query: sqliteQuery(t.dbPath) };
  }
  const { secret, dataKey, oldDataKeys, clock } = sqlite;
  const { store, textHash, siteSecret, dbPath = '', query, exec } = await backend.open({ secret: secret ?? TEST_SECRET, ...(dataKey ? { dataKey } : {}), ...(oldDataKeys ? { oldDataKeys } : {}), ...(clock ? { clock } : {}) });
  // `exec` runs statements behind the store's back (tampering) on either backend.
  return { store, textHash, siteSecret, dbPath, query, exec };
}

let counter = 0;
/** A unique UUIDv7-shaped id, so tests never collide on the idempotency key by accident. */
export function eventId(): string {
  counter += 1;
  const hex = (Date.now().toString(16).padStart(12, '0') + counter.toString(16).padStart(20, '0')).slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function formEvent(textHash: string, over: Partial<ConsentEvent> = {}): ConsentEvent {
  return {
    id: eventId(),
    kind: 'form-consent',
    subject: { email: 'kari@example.no' },
    purposes: [{ purpose: 'marketing-email', decision: 'granted' }],
    basis: 'consent',
    notice: { textHash, lang: 'nb', policyUrl: 'https://shop.example.no/personvern', policyVersion: '2024-02-11' },
    collection: { formId: 'nyhetsbrev', pageUrl: 'https://shop.example.no/kontakt', clientTime: '2024-03-01T10:00:00.000Z', widgetVersion: '0.1.0' },
    ...over,
  };
}

export function cookieEvent(textHash: string, consentId: string, over: Partial<ConsentEvent> = {}): ConsentEvent {
  return formEvent(textHash, {
    kind: 'cookie-choice',
    subject: { consentId },
    purposes: [{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }],
    collection: { pageUrl: 'https://shop.example.no/', clientTime: '2024-03-01T09:00:00.000Z', widgetVersion: '0.1.0' },
    ...over,
  });
}

/** A full app over a temp store, with a fixed clock and a captured log. */
export async function testApp(options: { trustProxy?: boolean; clientAddress?: string; store?: Partial<SqliteStoreOptions>; backend?: Backend } = {}) {
  const t = await appStore(options.backend, options.store);
  const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const log = {
    info: (message: string, fields?: Record<string, unknown>) => logs.push({ level: 'info', message, fields }),
    warn: (message: string, fields?: Record<string, unknown>) => logs.push({ level: 'warn', message, fields }),
    error: (message: string, fields?: Record<string, unknown>) => logs.push({ level: 'error', message, fields }),
  };
  const now = new Date('2024-03-01T10:00:05.000Z');
  const app = createApp({
    store: t.store,
    clock: () => now,
    log,
    config: { trustProxy: options.trustProxy ?? false, publicUrl: 'http://localhost:8787' },
    clientAddress: () => options.clientAddress,
  });
  const postEvents = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { ...t, app, logs, now, postEvents };
}

/**
 * `testApp()` for a test file whose stores are closed after each test. Call it at the file's top
 * level (it registers the `afterEach`).
 */
export function testAppsClosedAfterEach(): (options?: Parameters<typeof testApp>[0]) => ReturnType<typeof testApp> {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (options) => {
    const t = await testApp(options);
    open.push(t.store);
    return t;
  };
}

/**
 * An error body without its `requestId`, which differs on every request: for tests that check two
 * refusals are the same answer (so neither tells an outsider more than the other).
 */
export function withoutRequestId<T>(body: T): Omit<T, 'requestId'> {
  const { requestId: _, ...rest } = body as T & { requestId?: string };
  return rest;
}
