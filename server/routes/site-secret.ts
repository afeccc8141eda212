import type { Context } from 'hono';
import { ApiError } from '../errors.ts';
import type { Store } from '../store/index.ts';

const INVALID = 'The Authorization header does not hold this site’s secret key.';

/**
 * The key in `Authorization: Bearer sk_…`, or a 401 when the header is missing or is not a bearer
 * key. Read before the site is looked up, so the answer is the same whether the site exists or not.
 */
export function bearerSiteSecret(c: Context): string {
  const key = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (!key) throw new ApiError(401, 'invalid_site_secret', INVALID);
  return key;
}

/**
 * The site's own backend, server to server: the request must carry this site's secret key. A
 * wrong key and another site's key get the same 401, so a key is never confirmed for some site.
 */
export async function requireSiteSecret(c: Context, store: Store, site: string, at: Date, key = bearerSiteSecret(c)): Promise<void> {
  // `at`: the previous key after a rotation is accepted until its grace period ends.
  if (!await store.verifySiteSecret(site, key, at)) throw new ApiError(401, 'invalid_site_secret', INVALID);
}
