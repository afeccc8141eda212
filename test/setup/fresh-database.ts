/**
 * An empty PostgreSQL database of its own for a test file (or a test), on the cluster that
 * test/setup/postgres.ts started, so files running in parallel never see each other's rows.
 *
 *   const db = await freshDatabase();
 *   afterAll(() => db.drop());
 *   const sql = connectPostgres(db.url);
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connectPostgres } from '../../server/store/postgres/connect.ts';

export interface FreshDatabase {
  /** `postgres://…/<name>`, ready for `connectPostgres` or `DATABASE_URL`. */
  url: string;
  name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<FreshDatabase> {
  const base = inject('postgresUrl');
  if (!base) throw new Error('No test PostgreSQL: freshDatabase() runs in the `server` project, whose globalSetup starts it.');
  const name = `samtykke_test_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    // Not WITH (FORCE): that fails when an autovacuum worker is in the database, which a role
    // without superuser may not terminate. A plain DROP stops autovacuum itself, and waits for the
    // connections we end here.
    drop: () =>
      admin(
        base,
        `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '${name}' AND usename = current_user AND pid <> pg_backend_pid()`,
        `DROP DATABASE IF EXISTS ${name}`,
      ),
  };
}

async function admin(url: string, ...statements: string[]): Promise<void> {
  const sql = connectPostgres(url, { max: 1 });
  try {
    for (const statement of statements) await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}
