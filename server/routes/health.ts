import { Hono, type Context } from 'hono';
import { storageUnavailable } from '../errors.ts';
import type { Store } from '../store/index.ts';

export interface HealthOptions {
  store: Store;
  /** The database must answer within this time. @default 2000 */
  timeoutMs?: number;
}

/**
 * `/health/live`: the process answers (restart it if not). `/health/ready`: the database answers a
 * query in time (send it traffic only then); otherwise the API's own outage answer, 503 with
 * Retry-After. `/health` is `ready`: a load balancer pointed at the old path must stop sending
 * visitors to an instance whose database is gone, which is what it was used for.
 */
export function healthRoutes({ store, timeoutMs = 2000 }: HealthOptions): Hono {
  const ready = async (c: Context) => {
    c.header('Cache-Control', 'no-store');
    return (await databaseAnswers(store, timeoutMs)) ? c.json({ ok: true }) : storageUnavailable(c);
  };
  return new Hono()
    .get('/live', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ ok: true });
    })
    .get('/ready', ready)
    .get('/', ready);
}

/**
 * One indexed read of one row, on either backend: the cheapest query the Store has. A SQLite read
 * cannot be abandoned midway; it is bounded by the store's busy timeout instead.
 */
async function databaseAnswers(store: Store, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(store.hasAdminToken()).then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
