import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { RequestExportQuery } from '../../protocol/index.ts';
import { ApiError, toIssues } from '../errors.ts';
import { subjectExportCsv, type SubjectExport } from '../services/subject-export.ts';
import { bearer, matchToken } from './chat-support.ts';

/**
 * `GET /v1/requests/:id/export` with `Authorization: Bearer <requester token>`: the access or
 * portability export staff built, until its link expires. Only the verified requester's browser
 * holds the token (invariant 7); an unknown id and a wrong token get the same 404. Released only
 * once staff complete the request, after they have previewed it. `?format=csv` gives the consent
 * history as its own CSV file (`&separator=semicolon` for Norwegian Excel).
 */
export function requestExportRoutes({ store, clock, log }: AppDeps) {
  return new Hono().get('/:id/export', async (c) => {
    const token = bearer(c);
    const request = matchToken(await store.getRightsRequest(c.req.param('id')), token, 'request');
    const exp = await store.getRequestExport(request.id);
    // Released on completion: until then staff may still look it over (console preview) and rebuild it.
    if (!exp || request.status !== 'completed') throw new ApiError(404, 'no_export', 'There is no export for this request.');
    if (clock().toISOString() >= exp.expiresAt) throw new ApiError(410, 'export_expired', 'The download link has expired; ask us again in the chat.');
    await store.appendRequestEvent(request.id, 'export-downloaded', 'requester', clock());
    log.info('request export downloaded', { site: request.site });
    c.header('Cache-Control', 'no-store');
    const q = RequestExportQuery.safeParse(c.req.query());
    if (!q.success) throw new ApiError(400, 'validation_failed', 'Give format (json|csv) and separator (comma|semicolon).', { issues: toIssues(q.error) });
    c.header('Content-Disposition', `attachment; filename="${request.reference ?? request.id}.${q.data.format}"`);
    if (q.data.format === 'csv') return c.body(subjectExportCsv(JSON.parse(exp.body) as SubjectExport, q.data.separator === 'semicolon' ? ';' : ','), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    return c.body(exp.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
