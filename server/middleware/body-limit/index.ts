import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  maxSize: number;
  /** Answers (or throws) for a body over `maxSize`. */
  onError: (c: Context) => Response | Promise<Response>;
}

/**
 * hono's `bodyLimit`, decided from the headers where they suffice. hono's first asks for
 * `c.req.raw.body`, and on @hono/node-server that alone builds the full undici Request, a web
 * ReadableStream over the socket and an AbortSignal: about a sixth of a consent write's CPU, which
 * the adapter's lightweight request otherwise never spends (its `text()` reads the socket
 * directly). With a Content-Length and no Transfer-Encoding, hono trusts the header too, and every
 * runtime reads no more than it announces (honojs/hono#2077); anything else goes to hono's own,
 * which counts the bytes as they arrive.
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const counting = honoBodyLimit(options);
  return async function bodyLimitHandler(c, next) {
    // A GET or HEAD request has no body (what hono finds out from the undici Request).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > options.maxSize ? options.onError(c) : next();
    }
    return counting(c, next);
  };
}
