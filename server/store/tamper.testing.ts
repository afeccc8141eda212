/** What a forger with the database does to a consent chain, for tests of tamper evidence. Not shipped. */
import { GENESIS_HASH, rowHash, type EventRow } from './hashing.ts';

/** Statements behind the store's back, on either backend (TestStore's `exec` and `query`, or a file's). */
export interface RawDatabase {
  backend: 'sqlite' | 'postgres';
  exec(statements: string): Promise<void> | void;
  query<T>(statement: string): Promise<T[]> | T[];
}

/** A value as an SQL literal (test data only). */
export const sqlLiteral = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);

/** Turns off the append-only triggers of consent_events, as someone with the database can. */
async function dropGuards(db: RawDatabase): Promise<void> {
  if (db.backend === 'sqlite') {
    const triggers = await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_events'");
    if (triggers.length) await db.exec(triggers.map((x) => `DROP TRIGGER "${x.name}";`).join('\n'));
  } else {
    await db.exec('ALTER TABLE consent_events DISABLE TRIGGER USER;');
  }
}

/**
 * Edits one record (a refusal made a grant) and, with `rehash`, recomputes every hash of the site's
 * chain after it, so the plain check passes; without it only the record changes, and the chain
 * breaks there.
 */
export async function tamperWithRecord(db: RawDatabase, site: string, seq: number, { rehash }: { rehash: boolean }): Promise<void> {
  await dropGuards(db);
  await db.exec(`UPDATE consent_events SET purposes = ${sqlLiteral('[{"purpose":"marketing-email","decision":"granted"}]')}, basis = 'consent' WHERE seq = ${seq};`);
  if (!rehash) return;
  const rows = await db.query<EventRow>(`SELECT * FROM consent_events WHERE site = ${sqlLiteral(site)} ORDER BY seq`);
  let prev = GENESIS_HASH;
  const statements = rows.map((row) => {
    const hash = rowHash({ ...row, prev_hash: prev });
    const statement = `UPDATE consent_events SET prev_hash = ${sqlLiteral(prev)}, hash = ${sqlLiteral(hash)} WHERE seq = ${row.seq};`;
    prev = hash;
    return statement;
  });
  await db.exec(statements.join('\n'));
}
