/**
 * Tamper evidence: someone with write access to the SQLite file edits, deletes, inserts or
 * reorders consent rows directly (dropping the append-only triggers first). The chain check, given
 * the head the owner received earlier, must catch every one of a randomized set of tamperings,
 * including the clever ones that re-hash the rest of the chain.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowHash, type EventRow } from '../../server/store/hashing.ts';
import { openSqliteStore } from '../../server/store/sqlite/index.ts';
import { cookieEvent, formEvent, SITE, tempStore } from '../../server/testing.ts';

const RECORDS = 24;
const TAMPERINGS = Number(process.env.TAMPER_RUNS ?? 300);
const SECRET = 'test-secret-0123456789abcdef';

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

/** After a change, a careful forger recomputes every hash from the first changed row on. */
function rehashFrom(db: Database.Database): void {
  const rows = db.prepare('SELECT * FROM consent_events WHERE site = ? ORDER BY seq').all(SITE) as EventRow[];
  let prev = '0'.repeat(64);
  const update = db.prepare('UPDATE consent_events SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of rows) {
    const hash = rowHash({ ...row, prev_hash: prev });
    update.run(prev, hash, row.seq);
    prev = hash;
  }
}

function apply(db: Database.Database, t: Tampering): void {
  // A forger with the file turns off whatever stands in the way.
  db.pragma('foreign_keys = OFF');
  for (const trigger of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_events'").all() as { name: string }[]) {
    db.exec(`DROP TRIGGER "${trigger.name}"`);
  }
  const rows = db.prepare('SELECT * FROM consent_events WHERE site = ? ORDER BY seq').all(SITE) as EventRow[];
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
    db.prepare(`UPDATE consent_events SET ${t.column} = ? WHERE seq = ?`).run(changed, row.seq);
  } else if (t.kind === 'delete') {
    db.prepare('DELETE FROM consent_events WHERE seq = ?').run(rows[t.row]!.seq);
  } else if (t.kind === 'insert') {
    // Room for the forged row: shift the later rows up by one (descending, so seq stays unique).
    const after = rows[t.after]!;
    for (const row of rows.slice(t.after + 1).reverse()) db.prepare('UPDATE consent_events SET seq = seq + 1 WHERE seq = ?').run(row.seq);
    const forged = { ...after, seq: after.seq + 1, event_id: '0190a0a0-0000-7000-8000-00000000f0f0', receipt_id: '0190a0a0-0000-7000-8000-00000000f0f0', prev_hash: after.hash };
    forged.hash = rowHash(forged);
    const columns = Object.keys(forged);
    db.prepare(`INSERT INTO consent_events (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(forged);
  } else {
    const [a, b] = [rows[t.a]!, rows[t.b]!];
    db.prepare('UPDATE consent_events SET seq = -1 WHERE seq = ?').run(a.seq);
    db.prepare('UPDATE consent_events SET seq = ? WHERE seq = ?').run(a.seq, b.seq);
    db.prepare('UPDATE consent_events SET seq = ? WHERE seq = -1').run(b.seq);
  }
  if (t.rehash) rehashFrom(db);
}

describe('tamper evidence', () => {
  it(`catches every one of ${TAMPERINGS} random edits, deletions, insertions and reorderings`, async () => {
    const { store, dbPath, textHash } = await tempStore({ secret: SECRET });
    for (let i = 0; i < RECORDS; i++) {
      const event = i % 3 === 2 ? cookieEvent(textHash, crypto.randomUUID()) : formEvent(textHash, { subject: { email: `p${i}@example.no` } });
      await store.appendConsentEvents([{ site: SITE, event, receivedAt: new Date(Date.UTC(2024, 2, 1, 10, 0, i)), source: 'browser' }]);
    }
    const clean = await store.verifyChain(SITE);
    expect(clean).toMatchObject({ ok: true, count: RECORDS });
    // What the owner's digest holds: the count and the last hash, kept outside the database.
    const anchor = await store.chainHead(SITE);
    await store.close();

    const byKind = new Map<string, { tried: number; caught: number }>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(tampering, async (t) => {
        const copy = path.join(path.dirname(dbPath), `tampered-${n++}.db`);
        fs.copyFileSync(dbPath, copy);
        const db = new Database(copy);
        apply(db, t);
        db.close();
        const tampered = openSqliteStore({ path: copy, secret: SECRET });
        const check = await tampered.verifyChain(SITE, anchor);
        await tampered.close();
        fs.rmSync(copy);
        const key = `${t.kind}${t.rehash ? ' + re-hash' : ''}`;
        const tally = byKind.get(key) ?? { tried: 0, caught: 0 };
        tally.tried++;
        if (!check.ok) tally.caught++;
        byKind.set(key, tally);
        expect(check.ok, JSON.stringify(t)).toBe(false);
      }),
      { numRuns: TAMPERINGS },
    );
    console.log(`tamper evidence: ${[...byKind].map(([k, v]) => `${k} ${v.caught}/${v.tried}`).join(', ')}`);
  }, 120_000);
});
