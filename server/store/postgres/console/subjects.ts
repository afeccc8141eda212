import type { SubjectWebhookType } from '../../../../protocol/index.ts';
import type postgres from 'postgres';
import type { ConsoleStore } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import { PERSONAL_TRAIL_ENTRIES, subjectChange, toSubjectSummary, type SubjectRow } from '../../rows/index.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';
import { sealContext } from '../../seal-context.ts';

type SubjectMethods = Async<Pick<
  ConsoleStore,
  'ensureSubject' | 'subjectsByEmail' | 'subjectSite' | 'setSubjectFlag' | 'eraseSubject' | 'subjectsDueForPurge' | 'purgeSubject' | 'rectifySubjectEmail'
>>;

/** As sqlite/console/subjects.ts: the change's webhook deliveries, in the caller's transaction. */
async function queueWebhooks(tx: postgres.ISql<{ bigint: number }>, id: number, type: SubjectWebhookType, at: Date) {
  await tx`INSERT INTO webhook_deliveries (endpoint_id, site, event_type, event_seq, order_key, created_at, subject_id)
    SELECT e.id, s.site, ${type}, 0, s.email_hash, ${at.toISOString()}, s.id FROM subjects s JOIN webhook_endpoints e ON e.site = s.site
    WHERE s.id = ${id} AND e.events::jsonb ? ${type}`;
}

/** As sqlite/console/subjects.ts: the person's chats and exports are deleted at erasure, not 30 days later. */
async function endChatsAndExports(tx: postgres.ISql<{ bigint: number }>, row: SubjectRow, now: string) {
  const mine = tx`SELECT id FROM conversations WHERE site = ${row.site} AND (reply_email_hash = ${row.email_hash}
    OR id IN (SELECT conversation_id FROM requests WHERE site = ${row.site} AND email_hash = ${row.email_hash}))`;
  const conversations = (await mine).map((c: { id?: unknown }) => c.id as string);
  if (conversations.length) {
    await tx`DELETE FROM messages WHERE conversation_id = ANY(${conversations})`;
    await tx`UPDATE conversations SET status = 'ended', reply_email = NULL, reply_email_hash = NULL, ended_at = COALESCE(ended_at, ${now}) WHERE id = ANY(${conversations})`;
  }
  // Matched by the keyed hash: the requests' own addresses are sealed at rest.
  await tx`DELETE FROM request_exports WHERE request_id IN (SELECT id FROM requests WHERE site = ${row.site} AND email_hash = ${row.email_hash})`;
}

/** Per-subject flags, erasure (hide now, purge later) and rectification of the address, as sqlite/console/subjects.ts. */
export function createSubjectRepo({ sql, emailHash, cipher }: PgContext): SubjectMethods {
  return {
    async ensureSubject(site, email, at) {
      const [row] = await sql<{ id: number }[]>`
        INSERT INTO subjects (site, email_hash, email, created_at) VALUES (${site}, ${emailHash(email)}, ${normaliseEmail(email)}, ${at.toISOString()})
        ON CONFLICT (site, email_hash) DO UPDATE SET email = COALESCE(subjects.email, excluded.email) RETURNING id`;
      return row!.id;
    },
    subjectsByEmail: async (email) =>
      (await sql<SubjectRow[]>`SELECT * FROM subjects WHERE email_hash = ${emailHash(email)} ORDER BY site COLLATE "C"`).map(toSubjectSummary),

    async subjectSite(id) {
      const [row] = await sql<{ site: string }[]>`SELECT site FROM subjects WHERE id = ${id}`;
      return row?.site;
    },

    async setSubjectFlag(id, flag, on, at) {
      const column = flag === 'restricted' ? 'restricted_at' : 'objected_at';
      return sql.begin(async (tx) => {
        // The row lock makes "was it set before" and the change one step against a concurrent change.
        const [before] = await tx<{ v: string | null }[]>`SELECT ${sql(column)} AS v FROM subjects WHERE id = ${id} FOR UPDATE`;
        const { count } = await tx`UPDATE subjects SET ${sql(column)} = ${on ? at.toISOString() : null} WHERE id = ${id}`;
        if (before && (before.v !== null) !== on) await queueWebhooks(tx, id, subjectChange(flag, on), at);
        return count > 0;
      });
    },

    async eraseSubject(id, at, purgeAfter) {
      return sql.begin(async (tx) => {
        const [row] = await tx<SubjectRow[]>`
          UPDATE subjects SET erased_at = ${at.toISOString()}, purge_after = ${purgeAfter.toISOString()} WHERE id = ${id} AND erased_at IS NULL RETURNING *`;
        if (row) await endChatsAndExports(tx, row, at.toISOString());
        if (row) await queueWebhooks(tx, id, 'subject.erased', at);
        return !!row;
      });
    },
    // ISO instants of one format: byte order is time order (COLLATE "C", whatever the locale).
    subjectsDueForPurge: async (at) =>
      (await sql<{ id: number }[]>`
        SELECT id FROM subjects WHERE erased_at IS NOT NULL AND purged_at IS NULL AND purge_after <= ${at.toISOString()} COLLATE "C" ORDER BY id`).map((r) => r.id),

    /**
     * For good: the address, the person's chats and the personal fields of their requests. What
     * stays proves how they were handled (kind, dates, status, audit) and, through the keyed
     * email_hash in the chain, any refusal or withdrawal they gave.
     */
    async purgeSubject(id, at) {
      const now = at.toISOString();
      await sql.begin(async (tx) => {
        const [row] = await tx<SubjectRow[]>`SELECT * FROM subjects WHERE id = ${id} FOR UPDATE`;
        if (!row) return;
        if (row.email) {
          await endChatsAndExports(tx, row, now);
          // A correction's old and new values are the person's data; the step stays in the trail.
          await tx`UPDATE request_events SET data = NULL WHERE type IN ${tx(PERSONAL_TRAIL_ENTRIES)} AND data IS NOT NULL
            AND request_id IN (SELECT id FROM requests WHERE site = ${row.site} AND email_hash = ${row.email_hash})`;
          await tx`UPDATE requests SET name = '', email = '', email_hash = NULL, details = '{}', updated_at = ${now} WHERE site = ${row.site} AND email_hash = ${row.email_hash}`;
        }
        // email_hash stays: it is a keyed pseudonym in the chain and proves a later refusal or withdrawal.
        await tx`UPDATE subjects SET email = NULL, purged_at = ${now} WHERE id = ${id}`;
      });
    },

    /** As sqlite/console/subjects.ts: the person's requests and chats move with the address, in one transaction. */
    async rectifySubjectEmail(id, email) {
      const address = normaliseEmail(email);
      const next = emailHash(email);
      return sql.begin(async (tx) => {
        const [row] = await tx<SubjectRow[]>`SELECT * FROM subjects WHERE id = ${id} FOR UPDATE`;
        if (!row) return undefined;
        const requests = await tx<{ id: string }[]>`SELECT id FROM requests WHERE site = ${row.site} AND email_hash = ${row.email_hash} FOR UPDATE`;
        for (const r of requests) await tx`UPDATE requests SET email = ${cipher.seal(address, sealContext.requestField(r.id, 'email'))}, email_hash = ${next} WHERE id = ${r.id}`;
        const chats = await tx<{ id: string }[]>`SELECT id FROM conversations WHERE site = ${row.site} AND reply_email_hash = ${row.email_hash} FOR UPDATE`;
        for (const c of chats) await tx`UPDATE conversations SET reply_email = ${cipher.seal(address, sealContext.replyEmail(c.id))}, reply_email_hash = ${next} WHERE id = ${c.id}`;
        // Another subject of the site with this address fails here, and the whole change with it.
        await tx`UPDATE subjects SET email = ${address}, email_hash = ${next} WHERE id = ${id}`;
        return { old: row.email };
      });
    },
  };
}
