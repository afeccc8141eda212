/**
 * Tamper evidence: someone with write access to the database edits, deletes, inserts or reorders
 * consent rows directly (turning the append-only and chain triggers off first). The chain check,
 * given the head the owner received earlier, must catch every one of a randomized set of
 * tamperings, including the clever ones that re-hash the rest of the chain. It runs on each
 * backend: each reads the rows back and checks them with its own code (PostgreSQL through a
 * cursor), and server/store/store.test.ts covers only three fixed tamperings there.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rowHash, type EventRow } from '../../server/store/hashing.ts';
import { backends, type TestStore } from '../../server/store/backends.testing.ts';
import { connectPostgres } from '../../server/store/postgres/connect.ts';
import { cookieEvent, formEvent, SITE } from '../../server/testing.ts';

const RECORDS = 24;
const TAMPERINGS = Number(process.env.TAMPER_RUNS ?? 300);

type Tampering =
  | { kind: 'edit'; row: number; column: keyof EventRow; rehash: boolean }
  | { kind: 'delete'; row: number; rehash: boolean }
  | { kind: 'insert'; after: number; rehash: boolean }
  | { kind: 'reorder'; a: number; b: number; rehash: boolean };

const EDITABLE: (keyof EventRow)[] = ['event_id', 'purposes', 'basis', 'text_hash', 'lang', 'policy_url', 'policy_version', 'form_id', 'page_url', 'client_time', 'received_at', 'user_agent', 'source', 'subject_hash', 'consent_id', 'body_hash'];

const tampering: fc.Arbitrary<Tampering> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), row: fc.nat(RECORDS - 1), column: fc.constantFrom(...EDITABLE), rehash: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), row: fc.nat(RECORDS - 1), rehash: fc.boolean() }),
  // An insertion after the last checkpointed record is indistinguishable from a genuine new record;
  // inserting before it is what a forger does to add consent that was never given.
  fc.record({ kind: fc.constant('insert' as const), after: fc.nat(RECORDS - 2), rehash: fc.boolean() }),
  fc.record({ kind: fc.constant('reorder' as const), a: fc.nat(RECORDS - 1), b: fc.nat(RECORDS - 1), rehash: fc.boolean() }).filter((t) => t.a !== t.b),
);

/** A SQL literal; both dialects read a quoted string as whatever the column holds. */
const lit = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
const insert = (rows: EventRow[]) => {
  const columns = Object.keys(rows[0]!) as (keyof EventRow)[];
  return `INSERT INTO consent_events (${columns.join(', ')}) VALUES ${rows.map((r) => `(${columns.map((c) => lit(r[c])).join(', ')})`).join(', ')};`;
};
type Raw = Pick<TestStore, 'exec' | 'query'>;
const all = (t: Raw) => t.query<EventRow>(`SELECT * FROM consent_events WHERE site = ${lit(SITE)} ORDER BY seq`);

/** What the forger runs: SQL in both dialects, given the rows as they stand. */
function tamper(rows: EventRow[], t: Tampering): string {
  if (t.kind === 'edit') {
    const row = rows[t.row]!;
    const value = row[t.column];
    // Columns with CHECK constraints get another allowed value, as a forger would choose.
    const swaps: Record<string, Record<string, string>> = {
      source: { browser: 'server', server: 'browser' },
      basis: { consent: 'existing-customer', 'existing-customer': 'consent', 'gpc-refusal': 'consent' },
      lang: { nb: 'en', en: 'nb' },
    };
    const changed = swaps[t.column] ? swaps[t.column]![String(value)] : typeof value === 'string' ? (value.length ? `${value.slice(0, -1)}${value.endsWith('x') ? 'y' : 'x'}` : 'x') : value === null ? 'x' : Number(value) + 1;
    return `UPDATE consent_events SET ${t.column} = ${lit(changed)} WHERE seq = ${row.seq};`;
  }
  if (t.kind === 'delete') return `DELETE FROM consent_events WHERE seq = ${rows[t.row]!.seq};`;
  if (t.kind === 'insert') {
    // Room for the forged row: shift the later rows up by one (descending, so seq stays unique).
    const after = rows[t.after]!;
    const shift = rows.slice(t.after + 1).reverse().map((r) => `UPDATE consent_events SET seq = seq + 1 WHERE seq = ${r.seq};`);
    const forged = { ...after, seq: after.seq + 1, event_id: '0190a0a0-0000-7000-8000-00000000f0f0', receipt_id: '0190a0a0-0000-7000-8000-00000000f0f0', prev_hash: after.hash };
    forged.hash = rowHash(forged);
    return [...shift, insert([forged])].join('\n');
  }
  const [a, b] = [rows[t.a]!, rows[t.b]!];
  return `UPDATE consent_events SET seq = -1 WHERE seq = ${a.seq}; UPDATE consent_events SET seq = ${a.seq} WHERE seq = ${b.seq}; UPDATE consent_events SET seq = ${b.seq} WHERE seq = -1;`;
}

/** After a change, a careful forger recomputes every hash from the first row on. */
function rehash(rows: EventRow[]): string {
  let prev = '0'.repeat(64);
  return rows
    .map((row) => {
      const hash = rowHash({ ...row, prev_hash: prev });
      const statement = `UPDATE consent_events SET prev_hash = ${lit(prev)}, hash = ${lit(hash)} WHERE seq = ${row.seq};`;
      prev = hash;
      return statement;
    })
    .join('\n');
}

describe.each(backends)('tamper evidence on $name', (backend) => {
  it(`catches every one of ${TAMPERINGS} random edits, deletions, insertions and reorderings`, async () => {
    const opened = await backend.open();
    const { store, textHash } = opened;
    // One connection for the forger's hundreds of statements: a new PostgreSQL session for each
    // (what `exec` opens) would cost most of the run.
    const pg = opened.url ? connectPostgres(opened.url, { max: 1 }) : undefined;
    onTestFinished(() => pg?.end());
    const t: Raw & { backend: string } = pg
      ? { backend: 'postgres', exec: async (statements) => void (await pg.unsafe(statements).simple()), query: async <T,>(statement: string) => [...(await pg.unsafe(statement))] as T[] }
      : opened;
    for (let i = 0; i < RECORDS; i++) {
      const event = i % 3 === 2 ? cookieEvent(textHash, crypto.randomUUID()) : formEvent(textHash, { subject: { email: `p${i}@example.no` } });
      await store.appendConsentEvents([{ site: SITE, event, receivedAt: new Date(Date.UTC(2024, 2, 1, 10, 0, i)), source: 'browser' }]);
    }
    expect(await store.verifyChain(SITE)).toMatchObject({ ok: true, count: RECORDS });
    // What the owner's digest holds: the count and the last hash, kept outside the database.
    const anchor = await store.chainHead(SITE);
    const pristine = await all(t);

    // A forger with the database turns off whatever stands in the way: the append-only and chain
    // triggers, and the foreign keys (on SQLite per connection; PostgreSQL lets the owner drop them).
    const prefix = t.backend === 'sqlite' ? 'PRAGMA foreign_keys = OFF;\n' : '';
    if (t.backend === 'sqlite') {
      const triggers = await t.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_events'");
      await t.exec(triggers.map((x) => `DROP TRIGGER "${x.name}";`).join('\n'));
    } else {
      const keys = await t.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE conrelid = 'consent_events'::regclass AND contype = 'f'");
      await t.exec(['ALTER TABLE consent_events DISABLE TRIGGER USER;', ...keys.map((k) => `ALTER TABLE consent_events DROP CONSTRAINT "${k.conname}";`)].join('\n'));
    }
    // Each tampering starts from the pristine rows, put back by the same means.
    const restore = `${prefix}DELETE FROM consent_events;\n${insert(pristine)}\n`;

    const byKind = new Map<string, { tried: number; caught: number }>();
    await fc.assert(
      fc.asyncProperty(tampering, async (tp) => {
        await t.exec(restore + tamper(pristine, tp));
        if (tp.rehash) await t.exec(prefix + rehash(await all(t)));
        const check = await store.verifyChain(SITE, anchor);
        const key = `${tp.kind}${tp.rehash ? ' + re-hash' : ''}`;
        const tally = byKind.get(key) ?? { tried: 0, caught: 0 };
        tally.tried++;
        if (!check.ok) tally.caught++;
        byKind.set(key, tally);
        expect(check.ok, JSON.stringify(tp)).toBe(false);
      }),
      { numRuns: TAMPERINGS },
    );
    // The restore itself leaves a sound chain, so what was caught was the tampering.
    await t.exec(restore);
    expect(await store.verifyChain(SITE, anchor)).toEqual({ ok: true, count: RECORDS });
    console.log(`tamper evidence (${backend.name}): ${[...byKind].map(([k, v]) => `${k} ${v.caught}/${v.tried}`).join(', ')}`);
  }, 120_000);
});
