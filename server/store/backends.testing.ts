/**
 * The storage backends for tests, so one suite runs on both (DESIGN: "one Store interface, one
 * shared suite"):
 *
 *   describe.each(backends)('$name store', ({ open }) => {
 *     it('…', async () => {
 *       const { store, textHash } = await open();
 *     });
 *   });
 *
 * `open()` gives a fresh store with the test site registered and `NOTICE_TEXT` served, as
 * `tempStore` does: a temp SQLite file, or a fresh PostgreSQL database on the test cluster
 * (test/setup/postgres.ts). Importing this module registers hooks in the test file: stores opened
 * through it are closed after each test, and its PostgreSQL databases dropped after the file.
 * Not shipped; imported only by `*.test.ts`.
 */
import Database from 'better-sqlite3';
import { afterAll, afterEach } from 'vitest';
import { freshDatabase } from '../../test/setup/fresh-database.ts';
import { NOTICE_TEXT, siteSettings, TEST_SECRET, tempDbPath } from '../testing.ts';
import { connectPostgres, type Sql } from './postgres/connect.ts';
import { openPostgresStore } from './postgres/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import { migrate, migrationVersion } from './sqlite/migrations.ts';
import { migratePostgres, migrationVersion as postgresMigrationVersion } from './postgres/migrations.ts';
import type { Store } from './types.ts';

/** What a test may set; the rest is the test default. `secret: undefined` means "generate one". */
export interface TestStoreOptions {
  /** @default TEST_SECRET */
  secret?: string | undefined;
  dataKey?: string;
  oldDataKeys?: string[];
  clock?: () => Date;
  onCommit?: (size: number) => void;
  onWriteError?: (code: string) => void;
  /** PostgreSQL only: connections of this instance. @default 4 */
  poolSize?: number;
  /** SQLite: this file instead of a new one (openUpgraded). */
  dbPath?: string;
  /** PostgreSQL: this database instead of a new one (openUpgraded). */
  database?: { url: string; drop(): Promise<void> };
}

export interface TestStore {
  backend: BackendName;
  store: Store;
  /** Hash of `NOTICE_TEXT`, served by this store. */
  textHash: string;
  /** The test site's `sk_…`, as returned when it was created. */
  siteSecret: string;
  /**
   * Another store on the same database, with the same options unless overridden: a restart, or a
   * second instance beside the first. Closed after the test like the first.
   */
  reopen(options?: TestStoreOptions): Promise<Store>;
  /** Runs statements behind the store's back (tampering, test triggers); several are allowed. */
  exec(statements: string): Promise<void>;
  /** One query behind the store's back. */
  query<T = Record<string, unknown>>(statement: string): Promise<T[]>;
  /** SQLite: the database file. */
  dbPath?: string;
  /** PostgreSQL: the database's URL. */
  url?: string;
}

export type BackendName = 'sqlite' | 'postgres';

export interface Backend {
  name: BackendName;
  open(options?: TestStoreOptions): Promise<TestStore>;
  /**
   * A database as a server from before the migration whose SQL contains `marker` left it, with
   * `seed` run in it, then opened by this server (which migrates the rest): an upgrade.
   */
  openUpgraded(marker: string, seed: string, options?: TestStoreOptions): Promise<TestStore>;
}

const opened: Store[] = [];
const databases: { drop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  // A few at a time: each drop opens a connection, and a file with hundreds of fresh databases
  // (the access matrix with ACCESS_FRESH=1) would pass max_connections all at once.
  const all = databases.splice(0);
  for (let i = 0; i < all.length; i += 8) await Promise.all(all.slice(i, i + 8).map((d) => d.drop()));
}, 300_000);

/** Registers the test site and serves the text, as `tempStore` does. */
async function prepare(backend: BackendName, store: Store, rest: Omit<TestStore, 'backend' | 'store' | 'textHash' | 'siteSecret'>): Promise<TestStore> {
  opened.push(store);
  const { secretKey } = await store.upsertSite(siteSettings());
  const textHash = await store.putNoticeText(NOTICE_TEXT, 'nb');
  return { backend, store, textHash, siteSecret: secretKey!, ...rest };
}

const sqlite: Backend = {
  name: 'sqlite',
  async openUpgraded(marker, seed, options = {}) {
    const dbPath = tempDbPath();
    const db = new Database(dbPath);
    try {
      migrate(db, () => new Date(), migrationVersion(marker) - 1);
      db.exec(seed);
    } finally {
      db.close();
    }
    return this.open({ ...options, dbPath });
  },
  async open({ dbPath: at, database: _unused, ...options } = {}) {
    const dbPath = at ?? tempDbPath();
    const start = async (over: TestStoreOptions) => {
      const { poolSize: _unused, ...o } = { secret: TEST_SECRET, ...options, ...over };
      const store = openSqliteStore({ ...o, path: dbPath });
      return store;
    };
    const withDb = async <T>(fn: (db: Database.Database) => T) => {
      const db = new Database(dbPath);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    return prepare('sqlite', await start({}), {
      dbPath,
      reopen: async (over = {}) => {
        const store = await start(over);
        opened.push(store);
        return store;
      },
      exec: (statements) => withDb((db) => void db.exec(statements)),
      query: <T>(statement: string) => withDb((db) => db.prepare(statement).all() as T[]),
    });
  },
};

const postgres: Backend = {
  name: 'postgres',
  async openUpgraded(marker, seed, options = {}) {
    const db = await freshDatabase();
    databases.push(db);
    const sql = connectPostgres(db.url, { max: 1 });
    try {
      await migratePostgres(sql, () => new Date(), postgresMigrationVersion(marker) - 1);
      await sql.unsafe(seed).simple();
    } finally {
      await sql.end();
    }
    return this.open({ ...options, database: db });
  },
  async open({ database, dbPath: _unused, ...options } = {}) {
    const db = database ?? await freshDatabase();
    if (!database) databases.push(db);
    const start = (over: TestStoreOptions) => openPostgresStore({ poolSize: 4, secret: TEST_SECRET, ...options, ...over, url: db.url });
    const withSql = async <T>(fn: (sql: ReturnType<typeof connectPostgres>) => Promise<T>) => {
      const sql = connectPostgres(db.url, { max: 1 });
      try {
        return await fn(sql);
      } finally {
        await sql.end();
      }
    };
    return prepare('postgres', await start({}), {
      url: db.url,
      reopen: async (over = {}) => {
        const store = await start(over);
        opened.push(store);
        return store;
      },
      exec: (statements) => withSql(async (sql) => void (await sql.unsafe(statements).simple())),
      query: <T>(statement: string) => withSql(async (sql) => [...(await sql.unsafe(statement))] as T[]),
    });
  },
};

/** Every backend the store suite runs on. */
export const backends: Backend[] = [sqlite, postgres];

/** PostgreSQL: `fn` on a connection of the test's own to `t`'s database, ended after it. */
export async function withSql<T>(t: TestStore, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = connectPostgres(t.url!, { max: 2 });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}
