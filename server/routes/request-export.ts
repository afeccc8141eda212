import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import { bearer, matchToken } from './chat-support.ts';

/**
 * `GET /v1/requests/:id/export` with `Authorization: Bearer <requester token>`: the access or
 * portability export staff built, until its link expires. Only the verified requester's browser
 * holds the token (invariant 7); an unknown id and a wrong token get the same 404.
 */
export function requestExportRoutes({ store, clock, log }: AppDeps) {
  return new Hono().get('/:id/export', async (c) => {
    const token = bearer(c);
    const request = matchToken(await store.getRightsRequest(c.req.param('id')), token, 'request');
    const exp = await store.getRequestExport(request.id);
    if (!exp || request.status === 'awaiting-verification') throw new ApiError(404, 'no_export', 'There is no export for this request.');
    if (clock().toISOString() >= exp.expiresAt) throw new ApiError(410, 'export_expired', 'The download link has expired; ask us again in the chat.');
    await store.appendRequestEvent(request.id, 'export-downloaded', 'requester', clock());
    log.info('request export downloaded', { site: request.site });
    c.header('Cache-Control', 'no-store');
    c.header('Content-Disposition', `attachment; filename="${request.reference ?? request.id}.json"`);
    return c.body(exp.body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
