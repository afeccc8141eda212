import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { httpRequests, rateLimited } from './registry.ts';

/**
 * Counts and times every request by the pattern of the route that answered (`/v1/events`,
 * `/chunks/:file{.+}`), never by its URL: a path a visitor made up must not become a new series.
 */
export function httpMetrics(): MiddlewareHandler {
  return async function countRequest(c, next) {
    const started = performance.now();
    await next();
    const route = routePath(c) || '(none)';
    const status = String(c.res.status);
    httpRequests.observe({ method: c.req.method, route, status }, (performance.now() - started) / 1000);
    if (status === '429') rateLimited.inc({ route });
  };
}
