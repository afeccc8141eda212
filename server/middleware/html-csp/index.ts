import type { MiddlewareHandler } from 'hono';

/**
 * The policy every HTML page gets unless its route sets its own: no script at all, no plugin, no
 * framing, nothing from elsewhere; our own stylesheet and images. Pages with text an owner or a
 * visitor wrote (a policy, a form echo) are served from the console's origin, so a script that got
 * onto one would act with a signed-in staff member's cookies.
 */
export const NO_SCRIPT_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Builds a policy from directives (`{ 'img-src': ["'self'", 'https:'] }`), in the order given. */
export function cspHeader(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives).map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/**
 * Gives every `text/html` response that has no Content-Security-Policy of its own `NO_SCRIPT_CSP`:
 * a route that forgets is covered, rather than a route that remembers being the exception.
 */
export function htmlCsp(): MiddlewareHandler {
  return async function htmlCspHandler(c, next) {
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (/^text\/html\b/i.test(type) && !c.res.headers.has('content-security-policy')) c.res.headers.set('Content-Security-Policy', NO_SCRIPT_CSP);
  };
}
