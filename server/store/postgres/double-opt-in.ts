import { randomToken, sha256Hex } from '../../util/crypto.ts';
import type { DoubleOptInStore } from '../double-opt-in-types.ts';
import { toDoubleOptIn, type DoubleOptInRow } from '../rows/index.ts';
import type { Async } from '../types.ts';
import type { PgContext } from './context.ts';

/** Port of sqlite/double-opt-in.ts; settling is one guarded UPDATE, so two instances settle once. */
export function createDoubleOptInRepo({ sql }: PgContext): Async<DoubleOptInStore> {
  const select = sql`SELECT d.site, d.grant_event_id, d.lang, d.created_at, d.expires_at, d.state, d.settled_at, d.recorded_at,
      CASE WHEN s.erased_at IS NULL THEN s.email END AS email
    FROM double_opt_ins d LEFT JOIN subjects s ON s.id = d.subject_id`;
  return {
    async createDoubleOptIn({ site, grantEventId, lang, at, expiresAt }) {
      const token = randomToken('');
      const { count } = await sql`INSERT INTO double_opt_ins (token_hash, site, grant_event_id, subject_id, lang, created_at, expires_at)
        SELECT ${sha256Hex(token)}, e.site, e.event_id, e.subject_id, ${lang}, ${at.toISOString()}, ${expiresAt.toISOString()} FROM consent_events e
        WHERE e.event_id = ${grantEventId} AND e.site = ${site} AND e.subject_id IS NOT NULL
        ON CONFLICT (grant_event_id) DO NOTHING`;
      return count > 0 ? token : undefined;
    },
    async findDoubleOptIn(token) {
      const [row] = await sql<DoubleOptInRow[]>`${select} WHERE d.token_hash = ${sha256Hex(token)}`;
      return row && toDoubleOptIn(row);
    },
    async settleDoubleOptIn(grantEventId, state, at) {
      const iso = at.toISOString();
      const { count } = await sql`UPDATE double_opt_ins SET state = ${state}, settled_at = ${iso}
        WHERE grant_event_id = ${grantEventId} AND state = 'pending' AND (${state} <> 'confirmed' OR expires_at > ${iso})`;
      return count > 0;
    },
    async markDoubleOptInRecorded(grantEventId, at) {
      await sql`UPDATE double_opt_ins SET recorded_at = ${at.toISOString()} WHERE grant_event_id = ${grantEventId} AND recorded_at IS NULL`;
    },
    async dueDoubleOptIns(now, limit) {
      return (await sql<DoubleOptInRow[]>`${select}
        WHERE (d.state = 'pending' AND d.expires_at <= ${now.toISOString()}) OR (d.state <> 'pending' AND d.recorded_at IS NULL)
        ORDER BY d.created_at LIMIT ${limit}`).map(toDoubleOptIn);
    },
  };
}
