import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError, type z } from 'zod';
import type { ApiErrorBody, ApiIssue } from '../protocol/index.ts';
import type { Logger } from './log.ts';

/**
 * The one error routes throw. `extra` adds fields next to the ApiErrorBody ones, for answers
 * that must stay readable as another shape too (an all-rejected event batch keeps `acked`/`rejected`).
 */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly issues: ApiIssue[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(status: ContentfulStatusCode, code: string, message: string, options: { issues?: ApiIssue[]; extra?: Record<string, unknown> } = {}) {
    super(status, { message });
    this.code = code;
    this.issues = options.issues;
    this.extra = options.extra;
  }
}

/** Zod issues as wire issues: dotted paths (`events.0.subject.email`) a site owner can read. */
export function toIssues(error: z.core.$ZodError, prefix: (string | number)[] = []): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
}

const CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Maps anything thrown to the ApiErrorBody shape. Unknown errors are logged by name only and
 * answered with a generic 500: their messages can carry request data, which may be personal.
 */
export function createErrorHandler(log: Logger) {
  return function onError(err: Error, c: Context): Response {
    const id = requestIdOf(c);
    if (err instanceof ApiError) {
      const body: ApiErrorBody = { error: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}), ...id };
      return c.json({ ...err.extra, ...body }, err.status);
    }
    if (err instanceof ZodError) {
      return c.json({ error: 'validation_failed', message: 'The request is not valid.', issues: toIssues(err), ...id } satisfies ApiErrorBody, 400);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json({ error: CODES[status] ?? 'http_error', message: err.message || 'Request refused.', ...id } satisfies ApiErrorBody, status);
    }
    if (isStorageUnavailable(err)) {
      log.error('storage unavailable', { code: (err as { code?: string }).code, method: c.req.method, route: c.req.routePath });
      return storageUnavailable(c);
    }
    log.error('unhandled error', { name: err.name, method: c.req.method, route: c.req.routePath });
    return c.json({ error: 'internal_error', message: 'Something went wrong on our side.', ...id } satisfies ApiErrorBody, 500);
  };
}

/** `{ requestId }` when the request-id middleware ran (it runs first in createApp), else nothing. */
export function requestIdOf(c: Context): { requestId?: string } {
  const id = c.get('requestId') as string | undefined;
  return id ? { requestId: id } : {};
}

/**
 * The answer while the database cannot be reached: 503 with Retry-After, which the widget's outbox
 * and any client retry. `/health/ready` answers the same, so a load balancer and a client agree.
 */
export function storageUnavailable(c: Context): Response {
  c.header('Retry-After', '5');
  return c.json({ error: 'storage_unavailable', message: 'The database cannot be reached just now; try again shortly.', ...requestIdOf(c) } satisfies ApiErrorBody, 503);
}

/** Socket errors and the driver's own, from node:net and postgres.js. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

/**
 * The database is down, restarting, full of connections or busy, rather than the request being
 * wrong or our code broken: answered 503 with Retry-After, which the widget's outbox and any
 * client retry. SQLSTATE classes 08 (connection), 53 (resources), 57P (operator intervention:
 * shutdown, failover) and 40001/40P01 (serialization, deadlock) from PostgreSQL; SQLITE_BUSY,
 * SQLITE_FULL and I/O errors from SQLite.
 */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return UNREACHABLE.has(code) || /^(08|53|57P)/.test(code) || code === '40001' || code === '40P01' || /^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(code);
}
