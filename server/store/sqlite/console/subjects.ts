import type Database from 'better-sqlite3';
import { hmacHex } from '../../../util/crypto.ts';
import type { ConsoleStore, SubjectSummary } from '../../console-types.ts';
import { normaliseEmail } from '../events.ts';

interface SubjectRow {
  id: number;
  site: string;
  email: string | null;
  created_at: string;
  restricted_at: string | null;
  objected_at: string | null;
  erased_at: string | null;
  purge_after: string | null;
  purged_at: string | null;
}

const toSummary = (r: SubjectRow): SubjectSummary => ({
  id: r.id,
  site: r.site,
  email: r.erased_at ? null : r.email,
  createdAt: r.created_at,
  restrictedAt: r.restricted_at,
  objectedAt: r.objected_at,
  erasedAt: r.erased_at,
  purgeAfter: r.purge_after,
  purgedAt: r.purged_at,
});

type SubjectMethods = Pick<
  ConsoleStore,
  'subjectsByEmail' | 'setSubjectFlag' | 'eraseSubject' | 'subjectsDueForPurge' | 'purgeSubject' | 'rectifySubjectEmail'
>;

/** Per-subject flags, erasure (hide now, purge later) and rectification of the address. */
export function createSubjectRepo(db: Database.Database, hmacKey: string): SubjectMethods {
  const hash = (email: string) => hmacHex(hmacKey, normaliseEmail(email));
  return {
    subjectsByEmail: (email) => db.prepare<[string], SubjectRow>('SELECT * FROM subjects WHERE email_hash = ? ORDER BY site').all(hash(email)).map(toSummary),

    setSubjectFlag(id, flag, on, at) {
      const column = flag === 'restricted' ? 'restricted_at' : 'objected_at';
      return db.prepare(`UPDATE subjects SET ${column} = ? WHERE id = ?`).run(on ? at.toISOString() : null, id).changes > 0;
    },

    eraseSubject(id, at, purgeAfter) {
      return (
        db.prepare('UPDATE subjects SET erased_at = ?, purge_after = ? WHERE id = ? AND erased_at IS NULL').run(at.toISOString(), purgeAfter.toISOString(), id)
          .changes > 0
      );
    },
    subjectsDueForPurge: (at) =>
      db
        .prepare<[string], { id: number }>('SELECT id FROM subjects WHERE erased_at IS NOT NULL AND purged_at IS NULL AND purge_after <= ?')
        .all(at.toISOString())
        .map((r) => r.id),
    purgeSubject(id, at) {
      // email_hash stays: it is a keyed pseudonym in the chain and proves a later refusal or withdrawal.
      db.prepare('UPDATE subjects SET email = NULL, purged_at = ? WHERE id = ?').run(at.toISOString(), id);
    },

    rectifySubjectEmail(id, email) {
      const row = db.prepare<[number], SubjectRow>('SELECT * FROM subjects WHERE id = ?').get(id);
      if (!row) return undefined;
      // The hash is what the chain and later lookups use, so it moves with the address.
      db.prepare('UPDATE subjects SET email = ?, email_hash = ? WHERE id = ?').run(normaliseEmail(email), hash(email), id);
      return { old: row.email };
    },
  };
}
