import type { ConsentSearch, ConsoleConsentRecord, ConsoleStore } from '../../console-types.ts';
import {
  marketingEntries, recordViews, toChainHead, toConsentProof, toConsoleRecord,
  type ConsoleRecordRow as Row, type MarketingRow,
} from '../../rows/index.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';

type RecordMethods = Async<Pick<ConsoleStore, 'searchConsents' | 'exportConsents' | 'consentHistory' | 'consentProof' | 'chainHead' | 'marketingList' | 'marketingEntries'>>;

/** The console's views of the consent records, as sqlite/console/records.ts. */
export function createRecordRepo({ sql, emailHash }: PgContext): RecordMethods {
  /**
   * The subject an event belongs to: its own, or for an anonymous cookie choice the subject whose
   * form carried that browser's consent id. An erased subject's address is hidden at once.
   */
  const select = sql`
    SELECT e.*, t.text AS text, s.restricted_at, s.objected_at, s.erased_at,
      CASE WHEN s.erased_at IS NULL THEN s.email END AS s_email
    FROM consent_events e
    JOIN notice_texts t ON t.hash = e.text_hash
    LEFT JOIN subjects s ON s.id = COALESCE(e.subject_id,
      (SELECT l.subject_id FROM subject_links l WHERE l.consent_id = e.consent_id AND l.site = e.site
       ORDER BY l.first_seen COLLATE "C", l.subject_id LIMIT 1))`;

  /** The one query behind both the list and its entries, so the console's CSV and the API cannot differ. */
  async function marketing(site: string) {
    // Restriction (Art. 18) and objection (Art. 21(3)) stop marketing until lifted; erasure stops it for good.
    const rows = await sql<MarketingRow[]>`
      SELECT s.id, s.email, e.purposes, e.basis, e.received_at FROM subjects s JOIN consent_events e ON e.subject_id = s.id
      WHERE s.site = ${site} AND s.email IS NOT NULL AND s.erased_at IS NULL AND s.restricted_at IS NULL AND s.objected_at IS NULL
      ORDER BY s.id, e.seq`;
    return marketingEntries(rows);
  }

  async function search(q: ConsentSearch, order: 'ASC' | 'DESC', limit: number | null): Promise<ConsoleConsentRecord[]> {
    const where = [];
    if (q.site) where.push(sql`e.site = ${q.site}`);
    if (q.sites) where.push(sql`e.site = ANY(${[...q.sites]}::text[])`);
    if (q.email) {
      const hash = emailHash(q.email);
      where.push(sql`(e.subject_id IN (SELECT id FROM subjects WHERE email_hash = ${hash})
        OR (e.subject_id IS NULL AND e.consent_id IN (
          SELECT l.consent_id FROM subject_links l JOIN subjects s2 ON s2.id = l.subject_id WHERE s2.email_hash = ${hash})))`);
    }
    if (q.formId) where.push(sql`e.form_id = ${q.formId}`);
    if (q.kind) where.push(sql`e.kind = ${q.kind}`);
    if (q.purpose) where.push(sql`EXISTS (SELECT 1 FROM jsonb_array_elements(e.purposes::jsonb) j WHERE j->>'purpose' = ${q.purpose})`);
    // ISO instants compared as SQLite compares text: byte by byte.
    if (q.from) where.push(sql`e.received_at >= ${q.from} COLLATE "C"`);
    if (q.to) where.push(sql`e.received_at < ${q.to} COLLATE "C"`);
    if (q.beforeSeq) where.push(sql`e.seq < ${q.beforeSeq}`);
    const rows = await sql<Row[]>`${select}
      ${where.length ? sql`WHERE ${where.flatMap((w, i) => (i ? [sql`AND`, w] : [w]))}` : sql``}
      ORDER BY e.seq ${order === 'ASC' ? sql`ASC` : sql`DESC`} ${limit ? sql`LIMIT ${Math.trunc(limit)}` : sql``}`;
    return rows.map(toConsoleRecord);
  }

  return {
    ...recordViews(search),

    async consentProof(eventId) {
      const [row] = await sql<(Row & { position: number; length: number })[]>`
        WITH r AS (${select} WHERE e.event_id = ${eventId})
        SELECT r.*,
          (SELECT COUNT(*) FROM consent_events c WHERE c.site = r.site AND c.seq <= r.seq)::int AS position,
          (SELECT COUNT(*) FROM consent_events c WHERE c.site = r.site)::int AS length
        FROM r`;
      if (!row) return undefined;
      const { position, length, ...record } = row;
      return toConsentProof(record, position, length);
    },

    async chainHead(site) {
      const [row] = await sql<{ n: number; seq: number | null; hash: string | null }[]>`
        SELECT (SELECT COUNT(*) FROM consent_events WHERE site = ${site})::int AS n, h.seq, h.hash
        FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT seq, hash FROM consent_events WHERE site = ${site} ORDER BY seq DESC LIMIT 1) AS h ON true`;
      return toChainHead(site, row!.n, row);
    },

    marketingList: async (site) => (await marketing(site)).map((x) => x.email),
    marketingEntries: marketing,
  };
}
