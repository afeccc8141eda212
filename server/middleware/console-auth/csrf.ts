import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { ApiError } from '../../errors.ts';
import type { ConsoleEnv } from './session.ts';

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** The console's own origin: the public URL's, or the request's when they are the same server. */
export function sameOrigin(publicUrl: string) {
  const configured = new URL(publicUrl).origin;
  return (origin: string, c: Context) => origin === configured || origin === new URL(c.req.url).origin;
}

/**
 * Two independent checks on every state-changing request. hono's `csrf` refuses cross-site form
 * posts (Origin / Sec-Fetch-Site); on top, Origin is required for any content type, and with a
 * session the `X-CSRF-Token` header must carry that session's token (synchronizer token), which
 * a page on another origin cannot read.
 */
export function csrfGuard({ publicUrl, requireToken }: { publicUrl: string; requireToken: boolean }): MiddlewareHandler<ConsoleEnv> {
  const allowed = sameOrigin(publicUrl);
  const hono = csrf({ origin: (origin, c) => allowed(origin, c) });
  return async function csrfGuardHandler(c, next) {
    if (SAFE.test(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (!origin || !allowed(origin, c)) throw new ApiError(403, 'csrf_origin', 'This request must come from the console itself.');
    if (requireToken) {
      const sent = c.req.header('x-csrf-token') ?? '';
      const session = c.get('session');
      if (!session || !equal(sent, session.csrfToken)) throw new ApiError(403, 'csrf_token', 'The X-CSRF-Token header is missing or wrong; reload the console.');
    }
    return hono(c, next);
  };
}

/** Constant-time for equal lengths; the token's length is no secret. */
function equal(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
