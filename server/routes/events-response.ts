import type { Context } from 'hono';
import type { ApiIssue, EventBatchResult } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';

const VALIDATION = new Set(['invalid_event']);
const RETRYABLE = new Set(['storage_unavailable']);

/**
 * 200 when anything was stored. When nothing was, the answer is an error in the ApiErrorBody shape
 * that still carries `acked: []` and `rejected`: 400 if the client sent something malformed, 503 if
 * we could not write (send again), else 422 (well-formed but refused, e.g. `id_conflict`).
 */
export function batchResponse(c: Context, result: EventBatchResult, issues: ApiIssue[]): Response {
  if (result.acked.length > 0) return c.json(result, 200);
  const codes = new Set(result.rejected.map((r) => r.error));
  const extra = { acked: [], rejected: result.rejected };
  if ([...codes].some((x) => VALIDATION.has(x))) {
    throw new ApiError(400, 'validation_failed', 'No event was stored: some are not valid.', { issues, extra });
  }
  if ([...codes].some((x) => RETRYABLE.has(x))) {
    throw new ApiError(503, 'storage_unavailable', 'No event was stored; send them again later.', { extra });
  }
  const code = codes.size === 1 ? [...codes][0]! : 'events_rejected';
  throw new ApiError(422, code, 'No event was stored: every event was refused.', { extra, ...(issues.length ? { issues } : {}) });
}
