import { IN_SITES } from '../site-scope.ts';
import type Database from 'better-sqlite3';
import { hmacHex } from '../../../util/crypto.ts';
import type { ConsentSearch, ConsoleConsentRecord, ConsoleStore } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import {
  marketingEntries, recordViews, toChainHead, toConsentProof, toConsoleRecord,
  type ConsoleRecordRow as Row, type MarketingRow,
} from '../../rows/index.ts';

/**
 * The subject an event belongs to: its own, or for an anonymous cookie choice the subject whose
 * form carried that browser's consent id. An erased subject's address is hidden at once.
 */
const SELECT = `
  SELECT e.*, t.text AS text, s.restricted_at, s.objected_at, s.erased_at,
    CASE WHEN s.erased_at IS NULL THEN s.email END AS s_email
  FROM consent_events e
  JOIN notice_texts t ON t.hash = e.text_hash
  LEFT JOIN subjects s ON s.id = COALESCE(e.subject_id,
    (SELECT l.subject_id FROM subject_links l WHERE l.consent_id = e.consent_id AND l.site = e.site ORDER BY l.first_seen LIMIT 1))`;

type RecordMethods = Pick<ConsoleStore, 'searchConsents' | 'exportConsents' | 'consentHistory' | 'consentProof' | 'chainHead' | 'marketingList' | 'marketingEntries'>;

export function createRecordRepo(db: Database.Database, hmacKey: string): RecordMethods {
  const emailHash = (email: string) => hmacHex(hmacKey, normaliseEmail(email));
  const bySubjectOrLink = `(e.subject_id IN (SELECT id FROM subjects WHERE email_hash = @emailHash)
      OR (e.subject_id IS NULL AND e.consent_id IN (
        SELECT l.consent_id FROM subject_links l JOIN subjects s2 ON s2.id = l.subject_id WHERE s2.email_hash = @emailHash)))`;

  // Restriction (Art. 18) and objection (Art. 21(3)) stop marketing until lifted; erasure stops it for good.
  const marketingRows = db.prepare<[string], MarketingRow>(
    `SELECT s.id, s.email, e.purposes, e.basis, e.received_at FROM subjects s JOIN consent_events e ON e.subject_id = s.id
     WHERE s.site = ? AND s.email IS NOT NULL AND s.erased_at IS NULL AND s.restricted_at IS NULL AND s.objected_at IS NULL
     ORDER BY s.id, e.seq`,
  );
  /** The one query behind both the list and its entries, so the console's CSV and the API cannot differ. */
  const marketing = (site: string) => marketingEntries(marketingRows.all(site));

  function search(q: ConsentSearch, order: 'ASC' | 'DESC', limit: number | null): ConsoleConsentRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.site) (where.push('e.site = @site'), (params.site = q.site));
    if (q.sites) (where.push(IN_SITES('e.site', '@sites')), (params.sites = JSON.stringify(q.sites)));
    if (q.email) (where.push(bySubjectOrLink), (params.emailHash = emailHash(q.email)));
    if (q.formId) (where.push('e.form_id = @formId'), (params.formId = q.formId));
    if (q.kind) (where.push('e.kind = @kind'), (params.kind = q.kind));
    if (q.purpose) {
      where.push(`EXISTS (SELECT 1 FROM json_each(e.purposes) j WHERE json_extract(j.value, '$.purpose') = @purpose)`);
      params.purpose = q.purpose;
    }
    if (q.from) (where.push('e.received_at >= @from'), (params.from = q.from));
    if (q.to) (where.push('e.received_at < @to'), (params.to = q.to));
    if (q.beforeSeq) (where.push('e.seq < @beforeSeq'), (params.beforeSeq = q.beforeSeq));
    const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.seq ${order} ${limit ? `LIMIT ${Math.trunc(limit)}` : ''}`;
    return db.prepare<Record<string, unknown>, Row>(sql).all(params).map(toConsoleRecord);
  }

  return {
    ...recordViews(search),

    consentProof(eventId) {
      const row = db.prepare<[string], Row>(`${SELECT} WHERE e.event_id = ?`).get(eventId);
      if (!row) return undefined;
      const { position } = db.prepare<[string, number], { position: number }>('SELECT COUNT(*) AS position FROM consent_events WHERE site = ? AND seq <= ?').get(row.site, row.seq)!;
      const { length } = db.prepare<[string], { length: number }>('SELECT COUNT(*) AS length FROM consent_events WHERE site = ?').get(row.site)!;
      return toConsentProof(row, position, length);
    },

    chainHead(site) {
      const head = db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM consent_events WHERE site = ? ORDER BY seq DESC LIMIT 1').get(site);
      const { n } = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM consent_events WHERE site = ?').get(site)!;
      return toChainHead(site, n, head);
    },

    marketingList: (site) => marketing(site).map((x) => x.email),
    marketingEntries: (site) => marketing(site),
  };
}
