import type { Sql } from './connect.ts';
import { POSTGRES_SCHEMA_VERSION } from './migrations.ts';

/** Triggers that make the evidence tables append-only and keep each site's chain one chain. */
const GUARDS: Record<string, string[]> = {
  consent_events: ['consent_events_no_update', 'consent_events_no_delete', 'consent_events_no_truncate', 'consent_events_chain'],
  request_events: ['request_events_no_update', 'request_events_no_delete', 'request_events_no_truncate'],
  console_audit: ['console_audit_no_update', 'console_audit_no_delete', 'console_audit_no_truncate'],
};

/**
 * PostgreSQL has no `PRAGMA integrity_check`; its own checksums and WAL look after pages. What
 * this checks, cheaply and truthfully, is what our invariants rest on:
 * - the schema is at the version this server knows (not behind, not ahead);
 * - every append-only and chain trigger exists on its table and is enabled (a dropped or disabled
 *   one would let a record be edited without the database refusing);
 * - no index is left invalid (a failed `CREATE INDEX CONCURRENTLY`), which would silently stop
 *   enforcing a unique key such as `consent_events.event_id`.
 * The chains themselves are checked by `verifyChain`. An empty list means all of this holds.
 */
export async function checkPostgres(sql: Sql): Promise<string[]> {
  const problems: string[] = [];
  const [{ v } = { v: 0 }] = await sql<{ v: number }[]>`SELECT COALESCE(MAX(version), 0)::integer AS v FROM schema_migrations`;
  if (v !== POSTGRES_SCHEMA_VERSION) problems.push(`schema version ${v}, expected ${POSTGRES_SCHEMA_VERSION}`);
  const present = await sql<{ table: string; name: string; enabled: boolean }[]>`
    SELECT c.relname AS table, t.tgname AS name, t.tgenabled <> 'D' AS enabled
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relnamespace = to_regnamespace(current_schema())`;
  for (const [table, names] of Object.entries(GUARDS)) {
    for (const name of names) {
      const found = present.find((t) => t.table === table && t.name === name);
      if (!found) problems.push(`trigger ${name} on ${table} is missing`);
      else if (!found.enabled) problems.push(`trigger ${name} on ${table} is disabled`);
    }
  }
  const invalid = await sql<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE NOT i.indisvalid AND c.relnamespace = to_regnamespace(current_schema())`;
  for (const { name } of invalid) problems.push(`index ${name} is invalid`);
  return problems;
}
