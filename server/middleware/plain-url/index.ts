import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';

/** A percent-encoded C0 control character or DEL (`%00`–`%1F`, `%7F`), or a raw one. */
const CONTROL = /%(?:[01][0-9a-f]|7f)|[\u0000-\u001f\u007f]/i;

/**
 * Refuses a URL whose path or query carries a control character, before any route looks an id,
 * a site key or a filter up. No id, key or filter of ours contains one, and PostgreSQL `text`
 * cannot even hold U+0000: a `/v1/conversations/a%00b` lookup was a 500 there and a plain 404 on
 * SQLite. Bodies are held to the same rule field by field in protocol/ (`plain`).
 */
export function plainUrl(): MiddlewareHandler {
  return async function plainUrlHandler(c, next) {
    if (CONTROL.test(c.req.url)) {
      throw new ApiError(400, 'bad_request', 'The URL must not contain control characters.');
    }
    return next();
  };
}
