import type { ConsentRecord } from '../types.ts';
import { toRecord, type Joined } from '../rows/index.ts';
import type { Sql } from './connect.ts';

/**
 * Port of sqlite/consents.ts: the person's records on one site or all, events made with their
 * address plus cookie choices of browsers linked to it, oldest first; an erased address is hidden.
 */
export async function findConsents(sql: Sql, emailHash: string, site?: string): Promise<ConsentRecord[]> {
  const siteFilter = site === undefined ? sql`` : sql`AND site = ${site}`;
  const rows = await sql<Joined[]>`
    WITH subj AS (SELECT id, CASE WHEN erased_at IS NULL THEN email END AS email FROM subjects WHERE email_hash = ${emailHash} ${siteFilter}),
    linked AS (SELECT l.consent_id, s.email FROM subject_links l JOIN subj s ON s.id = l.subject_id)
    SELECT e.*, t.text AS text,
      COALESCE((SELECT email FROM subj WHERE subj.id = e.subject_id),
               (SELECT email FROM linked WHERE linked.consent_id = e.consent_id LIMIT 1)) AS email
    FROM consent_events e JOIN notice_texts t ON t.hash = e.text_hash
    WHERE e.subject_id IN (SELECT id FROM subj)
       OR (e.subject_id IS NULL AND e.consent_id IN (SELECT consent_id FROM linked))
    ORDER BY e.seq`;
  return rows.map(toRecord);
}
