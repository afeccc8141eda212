import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../../test/setup/fresh-database.ts';
import { connectPostgres, type Sql } from './connect.ts';
import { migratePostgres, POSTGRES_SCHEMA_VERSION } from './migrations.ts';

const GENESIS = '0'.repeat(64);
const at = '2024-03-02T12:00:00.000Z';

/** Every table, column, type and nullability, and every index: what "the schema" means here. */
async function schemaOf(sql: Sql) {
  const columns = await sql`
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`;
  const indexes = await sql`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`;
  const triggers = await sql`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`;
  return { columns: [...columns], indexes: [...indexes], triggers: triggers.map((t) => t.tgname as string) };
}

async function insertEvent(sql: Sql, over: { seq?: number; site?: string; eventId: string; prevHash?: string; hash?: string }) {
  const seq = over.seq ?? (await sql<{ n: number }[]>`SELECT nextval(pg_get_serial_sequence('consent_events', 'seq')) AS n`)[0]!.n;
  await sql`INSERT INTO consent_events (seq, site, event_id, receipt_id, kind, purposes, basis, text_hash, lang, policy_url,
      policy_version, page_url, client_time, received_at, widget_version, source, body_hash, prev_hash, hash)
    VALUES (${seq}, ${over.site ?? 'pk_a'}, ${over.eventId}, ${over.eventId}, 'form-consent', '[]', 'consent', 't1', 'nb',
      'https://x.example/p', '1', 'https://x.example/', ${at}, ${at}, '1', 'browser', 'b', ${over.prevHash ?? GENESIS}, ${over.hash ?? `h-${over.eventId}`})`;
  return seq;
}

describe('PostgreSQL migrations', () => {
  let db: FreshDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await freshDatabase();
    sql = connectPostgres(db.url);
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('creates the whole schema in a fresh database, and a second run changes nothing', async () => {
    expect(await migratePostgres(sql)).toEqual({ from: 0, to: POSTGRES_SCHEMA_VERSION });
    const schema = await schemaOf(sql);
    const tables = [...new Set(schema.columns.map((c) => c.table_name))].sort();
    expect(tables).toEqual([
      'account_recovery_codes', 'account_sites', 'account_totp', 'accounts', 'admin_tokens', 'consent_events', 'console_audit', 'conversation_reads', 'conversations', 'double_opt_ins',
      'job_runs', 'live_streams', 'login_challenges', 'login_throttle', 'messages', 'meta', 'notice_texts', 'policies', 'policy_choices',
      'policy_imports', 'policy_maps', 'rate_limits', 'request_events', 'request_exports', 'request_references', 'requests', 'schema_migrations',
      'sessions', 'site_console_settings', 'site_origins', 'site_two_factor', 'sites', 'subject_links', 'subjects', 'verification_codes',
      'webhook_deliveries', 'webhook_endpoints',
    ]);
    expect(schema.indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining([
      'consent_events_site_seq', 'consent_events_event_id_key', 'subjects_site_email_hash_key', 'subjects_email_hash',
      'requests_email_hash', 'conversations_reply_email_hash', 'requests_reference_key', 'messages_conversation_id_id_key',
      'account_sites_pkey', 'account_sites_site', 'console_audit_site',
    ]));
    const versions = await sql`SELECT version FROM schema_migrations ORDER BY version`;
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));

    expect(await migratePostgres(sql)).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION });
    expect(await schemaOf(sql)).toEqual(schema);
    expect(await sql`SELECT COUNT(*)::int AS n FROM schema_migrations`).toEqual([{ n: POSTGRES_SCHEMA_VERSION }]);
  });

  it('refuses every UPDATE, DELETE and TRUNCATE of consent events, as SQLite refuses edits', async () => {
    await sql`INSERT INTO sites (key, settings, secret_hash, created_at, updated_at) VALUES ('pk_a', '{}', 'x', ${at}, ${at})`;
    await sql`INSERT INTO notice_texts (hash, text, lang, created_at) VALUES ('t1', 'Ja takk', 'nb', ${at})`;
    const subject = (await sql<{ id: number }[]>`INSERT INTO subjects (site, email_hash, email, created_at) VALUES ('pk_a', 'eh', 'kari@example.no', ${at}) RETURNING id`)[0]!.id;
    const seq = await insertEvent(sql, { eventId: 'e1', hash: 'h1' });
    expect(typeof seq).toBe('number');

    await expect(sql`UPDATE consent_events SET kind = 'cookie-choice' WHERE seq = ${seq}`).rejects.toThrow(/consent_events is append-only/);
    await expect(sql`UPDATE consent_events SET subject_hash = NULL WHERE seq = ${seq}`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM consent_events WHERE seq = ${seq}`).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE consent_events CASCADE`).rejects.toThrow(/append-only/);
    expect(await sql`SELECT COUNT(*)::int AS n FROM consent_events`).toEqual([{ n: 1 }]);

    // Erasure and purge work on subjects, which stay editable, exactly as in SQLite.
    await sql`UPDATE subjects SET erased_at = ${at}, email = NULL WHERE id = ${subject}`;
    expect(await sql`SELECT email FROM subjects WHERE id = ${subject}`).toEqual([{ email: null }]);

    await sql`INSERT INTO requests (id, site, token_hash, kind, lang, status, name, email, details, received_at, updated_at)
      VALUES ('r1', 'pk_a', 'th', 'access', 'nb', 'received', '', '', '{}', ${at}, ${at})`;
    await sql`INSERT INTO request_events (request_id, at, type, actor) VALUES ('r1', ${at}, 'received', 'requester')`;
    await expect(sql`UPDATE request_events SET actor = 'staff'`).rejects.toThrow(/request_events is append-only/);
    await expect(sql`DELETE FROM request_events`).rejects.toThrow(/append-only/);
    await sql`INSERT INTO console_audit (at, action, detail) VALUES (${at}, 'test', '{}')`;
    await expect(sql`UPDATE console_audit SET action = 'x'`).rejects.toThrow(/console_audit is append-only/);
    await expect(sql`DELETE FROM console_audit`).rejects.toThrow(/append-only/);
  });

  it('accepts only a row that extends its site\'s chain', async () => {
    await sql`INSERT INTO sites (key, settings, secret_hash, created_at, updated_at) VALUES ('pk_b', '{}', 'x', ${at}, ${at})`;
    const first = await insertEvent(sql, { site: 'pk_b', eventId: 'b1', hash: 'hb1' });
    await expect(insertEvent(sql, { site: 'pk_b', eventId: 'b2', prevHash: GENESIS })).rejects.toThrow(/does not extend the chain/);
    await expect(insertEvent(sql, { site: 'pk_b', eventId: 'b3', seq: first - 1, prevHash: 'hb1' })).rejects.toThrow(/does not extend the chain/);
    await insertEvent(sql, { site: 'pk_b', eventId: 'b4', prevHash: 'hb1' });
  });

  it('lets only one of two writers racing on the same head extend the chain', async () => {
    await sql`INSERT INTO sites (key, settings, secret_hash, created_at, updated_at) VALUES ('pk_c', '{}', 'x', ${at}, ${at})`;
    const other = connectPostgres(db.url, { max: 1 });
    try {
      // Both read the same (empty) head; the first holds its transaction open while the second inserts.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const a = sql.begin(async (tx) => {
        await insertEvent(tx as unknown as Sql, { site: 'pk_c', eventId: 'c1', hash: 'hc1' });
        await held;
      });
      await new Promise((r) => setTimeout(r, 100));
      const b = insertEvent(other, { site: 'pk_c', eventId: 'c2', hash: 'hc2' });
      await new Promise((r) => setTimeout(r, 100));
      release();
      await a;
      await expect(b).rejects.toThrow(/does not extend the chain/);
      expect(await sql`SELECT event_id FROM consent_events WHERE site = 'pk_c'`).toEqual([{ event_id: 'c1' }]);
    } finally {
      await other.end();
    }
  });
});

describe('two instances starting at once', () => {
  it('migrate once between them and leave one intact schema', async () => {
    const db = await freshDatabase();
    const a = connectPostgres(db.url);
    const b = connectPostgres(db.url);
    try {
      const results = await Promise.all([migratePostgres(a), migratePostgres(b)]);
      expect(results.map((r) => r.from).sort()).toEqual([0, POSTGRES_SCHEMA_VERSION]);
      expect(await a`SELECT COUNT(*)::int AS n FROM schema_migrations`).toEqual([{ n: POSTGRES_SCHEMA_VERSION }]);
      const reference = await freshDatabase();
      const c = connectPostgres(reference.url);
      try {
        await migratePostgres(c);
        expect(await schemaOf(a)).toEqual(await schemaOf(c));
      } finally {
        await c.end();
        await reference.drop();
      }
    } finally {
      await Promise.all([a.end(), b.end()]);
      await db.drop();
    }
  });

  it('refuses a database from a newer server', async () => {
    const db = await freshDatabase();
    const sql = connectPostgres(db.url);
    try {
      await migratePostgres(sql);
      await sql`INSERT INTO schema_migrations (version, applied_at) VALUES (${POSTGRES_SCHEMA_VERSION + 1}, ${at})`;
      await expect(migratePostgres(sql)).rejects.toThrow(/newer than this server/);
    } finally {
      await sql.end();
      await db.drop();
    }
  });
});
