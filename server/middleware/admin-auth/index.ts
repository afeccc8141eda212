import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';
import type { Store } from '../../store/index.ts';

/** Staff API access: `Authorization: Bearer <admin token>`, checked against stored SHA-256 hashes only. */
export function adminAuth({ store }: { store: Store }): MiddlewareHandler {
  return async function adminAuthHandler(c, next) {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token || !await store.verifyAdminToken(token)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthorized', 'A valid admin token is required (npm run admin -- token).');
    }
    // Answers hold personal data: never keep them in a cache.
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
