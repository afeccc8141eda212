import type Database from 'better-sqlite3';
import type { ConsentRecord } from '../types.ts';
import { toRecord, type Joined } from '../rows/index.ts';

/**
 * The person's records on one site or all: events made with their address, plus cookie choices
 * of browsers linked to it (a form sent with `collection.consentId`), oldest first. An erased
 * subject's address is hidden at once, before the retention job purges it.
 */
export function createConsentQuery(db: Database.Database) {
  const sql = (siteFilter: string) => `
    WITH subj AS (SELECT id, CASE WHEN erased_at IS NULL THEN email END AS email FROM subjects WHERE email_hash = @emailHash ${siteFilter}),
    linked AS (SELECT l.consent_id, s.email FROM subject_links l JOIN subj s ON s.id = l.subject_id)
    SELECT e.*, t.text AS text,
      COALESCE((SELECT email FROM subj WHERE subj.id = e.subject_id),
               (SELECT email FROM linked WHERE linked.consent_id = e.consent_id LIMIT 1)) AS email
    FROM consent_events e JOIN notice_texts t ON t.hash = e.text_hash
    WHERE e.subject_id IN (SELECT id FROM subj)
       OR (e.subject_id IS NULL AND e.consent_id IN (SELECT consent_id FROM linked))
    ORDER BY e.seq`;
  const all = db.prepare<{ emailHash: string }, Joined>(sql(''));
  const bySite = db.prepare<{ emailHash: string; site: string }, Joined>(sql('AND site = @site'));

  return function findConsents(emailHash: string, site?: string): ConsentRecord[] {
    const rows = site === undefined ? all.all({ emailHash }) : bySite.all({ emailHash, site });
    return rows.map(toRecord);
  };
}
