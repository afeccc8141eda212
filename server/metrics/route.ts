import { Hono } from 'hono';
import { adminAuth } from '../middleware/admin-auth/index.ts';
import type { Store } from '../store/index.ts';
import { registry } from './registry.ts';

/**
 * `GET /metrics` in Prometheus' text format, behind the admin token like the rest of the staff
 * API: route names, counts and timings tell an outsider more about the sites than they should.
 */
export function metricsRoute({ store }: { store: Store }): Hono {
  return new Hono().get('/', adminAuth({ store }), async (c) => {
    c.header('Content-Type', registry.contentType);
    return c.body(await registry.metrics());
  });
}
