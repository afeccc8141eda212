import type Database from 'better-sqlite3';
import { randomToken, sha256Hex } from '../../util/crypto.ts';
import type { DoubleOptInStore } from '../double-opt-in-types.ts';
import { toDoubleOptIn, type DoubleOptInRow } from '../rows/index.ts';

/** The address comes from the grant's subject, hidden once erased. */
const SELECT = `SELECT d.site, d.grant_event_id, d.lang, d.created_at, d.expires_at, d.state, d.settled_at, d.recorded_at,
    CASE WHEN s.erased_at IS NULL THEN s.email END AS email
  FROM double_opt_ins d LEFT JOIN subjects s ON s.id = d.subject_id`;

/** Double opt-in links: one per grant that asks for it, settled once (an UPDATE guarded by its state). */
export function createDoubleOptInRepo(db: Database.Database): DoubleOptInStore {
  const insert = db.prepare(`INSERT INTO double_opt_ins (token_hash, site, grant_event_id, subject_id, lang, created_at, expires_at)
    SELECT @tokenHash, e.site, e.event_id, e.subject_id, @lang, @at, @expiresAt FROM consent_events e
    WHERE e.event_id = @grantEventId AND e.site = @site AND e.subject_id IS NOT NULL
    ON CONFLICT (grant_event_id) DO NOTHING`);
  return {
    createDoubleOptIn({ site, grantEventId, lang, at, expiresAt }) {
      const token = randomToken('');
      const { changes } = insert.run({ tokenHash: sha256Hex(token), site, grantEventId, lang, at: at.toISOString(), expiresAt: expiresAt.toISOString() });
      return changes > 0 ? token : undefined;
    },
    findDoubleOptIn(token) {
      const row = db.prepare<[string], DoubleOptInRow>(`${SELECT} WHERE d.token_hash = ?`).get(sha256Hex(token));
      return row && toDoubleOptIn(row);
    },
    settleDoubleOptIn(grantEventId, state, at) {
      const iso = at.toISOString();
      return db.prepare(`UPDATE double_opt_ins SET state = ?, settled_at = ? WHERE grant_event_id = ? AND state = 'pending'
        AND (? <> 'confirmed' OR expires_at > ?)`).run(state, iso, grantEventId, state, iso).changes > 0;
    },
    markDoubleOptInRecorded(grantEventId, at) {
      db.prepare('UPDATE double_opt_ins SET recorded_at = ? WHERE grant_event_id = ? AND recorded_at IS NULL').run(at.toISOString(), grantEventId);
    },
    dueDoubleOptIns: (now, limit) =>
      db.prepare<[string, number], DoubleOptInRow>(`${SELECT}
        WHERE (d.state = 'pending' AND d.expires_at <= ?) OR (d.state <> 'pending' AND d.recorded_at IS NULL)
        ORDER BY d.created_at LIMIT ?`).all(now.toISOString(), limit).map(toDoubleOptIn),
  };
}
