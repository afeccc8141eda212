import { Hono } from 'hono';
import { z } from 'zod';
import { ConsentExportQuery, ConsentSearchQuery } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, requireRole, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ConsoleConsentRecord } from '../../store/index.ts';
import { wholeDayRange } from '../../services/deadlines.ts';
import { checkRecord } from '../../services/record-check.ts';
import { toCsv } from '../../util/csv.ts';
import { parse } from './parse.ts';

const EmailQuery = z.object({ email: z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' })), site: z.string().max(80).optional() }).strict();

export const RECORD_COLUMNS: [string, (r: ConsoleConsentRecord) => unknown][] = [
  ['seq', (r) => r.seq], ['site', (r) => r.site], ['eventId', (r) => r.eventId], ['receiptId', (r) => r.receiptId], ['kind', (r) => r.kind],
  ['email', (r) => r.email], ['consentId', (r) => r.consentId], ['purposes', (r) => r.purposes.map((p) => `${p.purpose}:${p.decision}`).join(' ')],
  ['basis', (r) => r.basis], ['textHash', (r) => r.notice.textHash], ['text', (r) => r.notice.text], ['lang', (r) => r.notice.lang],
  ['policyUrl', (r) => r.notice.policyUrl], ['policyVersion', (r) => r.notice.policyVersion], ['formId', (r) => r.formId], ['pageUrl', (r) => r.pageUrl],
  ['clientTime', (r) => r.clientTime], ['receivedAt', (r) => r.receivedAt], ['source', (r) => r.source], ['widgetVersion', (r) => r.widgetVersion],
  ['userAgent', (r) => r.userAgent], ['ipTruncated', (r) => r.ipTruncated], ['restricted', (r) => r.restricted], ['objected', (r) => r.objected],
];

/** Consent records: search, one person's history, a proof for a supervisory authority, exports. */
export function consentRoutes({ store, clock, log }: AppDeps, { timeZone = 'Europe/Oslo', digestKey }: { timeZone?: string; digestKey?: string | undefined } = {}) {
  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const q = parse(ConsentSearchQuery, c.req.query(), 'Filter by site, email, formId, purpose, kind, from and to.');
      const records = await store.searchConsents({ ...q, ...wholeDayRange(q.from, q.to, timeZone), ...accessFrom(c).scope(q.site) });
      log.info('console consent search', { records: records.length });
      return c.json({ records, nextBeforeSeq: records.length === (q.limit ?? 50) ? records.at(-1)?.seq : undefined });
    })
    .get('/history', async (c) => {
      const q = parse(EmailQuery, c.req.query(), 'Give ?email= and optionally ?site=.');
      const access = accessFrom(c);
      access.scope(q.site);
      const subjects = access.visible(await store.subjectsByEmail(q.email)).filter((s) => !q.site || s.site === q.site);
      return c.json({ subjects, records: access.visible(await store.consentHistory(q.email, q.site)) });
    })
    // A bulk export of personal data is an owner's decision, and is itself recorded.
    .get('/export', requireRole('owner'), async (c) => {
      const q = parse(ConsentExportQuery, c.req.query(), 'Give ?from= and ?to= (dates) and optionally ?site= and ?format=csv.');
      // An owner's export holds the sites they own, an administrator's every site.
      const records = await store.exportConsents({ ...q, ...wholeDayRange(q.from, q.to, timeZone), ...accessFrom(c).scope(q.site, 'owner') });
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'consents.export', target: q.site ?? '*', ...(q.site ? { site: q.site } : {}), detail: { from: q.from, to: q.to, format: q.format, count: records.length } });
      const name = `samtykker-${q.from.slice(0, 10)}-${q.to.slice(0, 10)}.${q.format}`;
      c.header('Content-Disposition', `attachment; filename="${name}"`);
      if (q.format === 'csv') return c.body(toCsv(records, RECORD_COLUMNS), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
      return c.json({ exportedAt: clock().toISOString(), from: q.from, to: q.to, site: q.site ?? null, records });
    })
    .get('/:eventId/proof', async (c) => {
      const proof = await store.consentProof(c.req.param('eventId'));
      accessFrom(c).require(proof?.record.site, 'agent', new ApiError(404, 'not_found', 'No record with this event id.'));
      // The proof says, with the record, whether it still holds (services/record-check.ts).
      return c.json({ ...proof!, check: await checkRecord(store, proof!.record.site, proof!.record.seq, digestKey) });
    });
}
