import type postgres from 'postgres';
import type { CodeCheck, RightsStore, StoredRightsRequest } from '../chat-types.ts';
import {
  judgeCode, rateLimitBucket, requestReference, sealRequestEventData, sealRequestFields, toRequestEvent, toRightsRequest, verificationCodeHash,
  type CodeRow, type RequestEventRow, type RequestRow,
} from '../rows/index.ts';
import type { Async } from '../types.ts';
import type { PgContext } from './context.ts';

type Db = postgres.ISql<{ bigint: number }>;

/**
 * The PostgreSQL twin of sqlite/rights.ts: same rows, same sealing, same answers. Every method
 * that touches codes or the reference first locks the request's row, so two instances handle one
 * request in turn: an attempt is counted once, a code is used once, and the limit holds.
 */
export function createRightsRepo({ sql, hmacKey, cipher, emailHash }: PgContext): Async<RightsStore> {
  const toRequest = (r: RequestRow) => toRightsRequest(r, cipher);
  const codeHash = (requestId: string, code: string) => verificationCodeHash(hmacKey, requestId, code);

  /** Locks the request's row for the rest of the transaction; throws for an unknown id. */
  async function lockRequest(tx: Db, id: string): Promise<RequestRow> {
    const [row] = await tx<RequestRow[]>`SELECT * FROM requests WHERE id = ${id} FOR UPDATE`;
    if (!row) throw new Error('No rights request with this id');
    return row;
  }
  async function mustGet(db: Db, id: string): Promise<StoredRightsRequest> {
    const [row] = await db<RequestRow[]>`SELECT * FROM requests WHERE id = ${id}`;
    if (!row) throw new Error('No rights request with this id');
    return toRequest(row);
  }
  async function appendEvent(db: Db, requestId: string, type: string, actor: string, at: Date, data?: Record<string, unknown>) {
    const sealed = sealRequestEventData(requestId, data, cipher);
    await db`INSERT INTO request_events (request_id, at, type, actor, data) VALUES (${requestId}, ${at.toISOString()}, ${type}, ${actor}, ${sealed})`;
  }

  /** How many codes the request has had, and guesses on them all: its lifetime caps count these. */
  async function codesOf(tx: Db, requestId: string): Promise<{ codes: number; guesses: number }> {
    const [row] = await tx<{ codes: number; guesses: number }[]>`
      SELECT COUNT(*)::int AS codes, COALESCE(SUM(attempts), 0)::int AS guesses FROM verification_codes WHERE request_id = ${requestId}`;
    return row!;
  }

  async function check(tx: Db, requestId: string, code: string, at: Date, maxAttempts: number, maxGuesses: number): Promise<CodeCheck> {
    // Not lockRequest: an unknown request has no code, as in SQLite, rather than an error.
    await tx`SELECT 1 FROM requests WHERE id = ${requestId} FOR UPDATE`;
    const [row] = await tx<CodeRow[]>`SELECT * FROM verification_codes WHERE request_id = ${requestId} ORDER BY id DESC LIMIT 1`;
    const verdict = judgeCode(row, codeHash(requestId, code), at, maxAttempts, maxGuesses - (await codesOf(tx, requestId)).guesses);
    if (verdict.write === 'used') {
      await tx`UPDATE verification_codes SET attempts = ${verdict.attempts}, used_at = ${at.toISOString()} WHERE id = ${verdict.codeId}`;
    } else if (verdict.write === 'wrong') {
      await tx`UPDATE verification_codes SET attempts = ${verdict.attempts} WHERE id = ${verdict.codeId}`;
      await appendEvent(tx, requestId, 'code-wrong', 'requester', at, { attempts: verdict.attempts });
    }
    return verdict.result;
  }

  async function verify(tx: Db, requestId: string, at: Date, dueAt: Date, prefix: string): Promise<StoredRightsRequest> {
    const request = await lockRequest(tx, requestId);
    const year = at.getUTCFullYear();
    // The upsert holds the (site, year) row until commit: a second instance waits and gets the next number.
    const [counter] = await tx<{ last: number }[]>`
      INSERT INTO request_references (site, year, last) VALUES (${request.site}, ${year}, 1)
      ON CONFLICT (site, year) DO UPDATE SET last = request_references.last + 1 RETURNING last`;
    const reference = requestReference(prefix, year, counter!.last);
    await tx`UPDATE requests SET status = 'verified', verified_at = ${at.toISOString()}, reference = ${reference}, due_at = ${dueAt.toISOString()},
      updated_at = ${at.toISOString()} WHERE id = ${requestId}`;
    await appendEvent(tx, requestId, 'verified', 'requester', at, { reference, dueAt: dueAt.toISOString() });
    return mustGet(tx, requestId);
  }

  return {
    async createRightsRequest(r) {
      const at = r.receivedAt.toISOString();
      const sealed = sealRequestFields(r, cipher);
      await sql.begin(async (tx) => {
        await tx`
          INSERT INTO requests (id, site, token_hash, kind, lang, status, name, email, email_hash, details, conversation_id, received_at, updated_at)
          VALUES (${r.id}, ${r.site}, ${r.tokenHash}, ${r.kind}, ${r.lang}, 'awaiting-verification',
            ${sealed.name}, ${sealed.email}, ${emailHash(r.email)}, ${sealed.details}, ${r.conversationId}, ${at}, ${at})`;
        await appendEvent(tx, r.id, 'received', 'requester', r.receivedAt, { kind: r.kind });
      });
    },
    async getRightsRequest(id) {
      const [row] = await sql<RequestRow[]>`SELECT * FROM requests WHERE id = ${id}`;
      return row && toRequest(row);
    },
    async issueVerificationCode(requestId, code, at, expiresAt, maxCodes = Infinity) {
      return sql.begin(async (tx) => {
        await lockRequest(tx, requestId);
        if ((await codesOf(tx, requestId)).codes >= maxCodes) return false;
        await tx`UPDATE verification_codes SET retired_at = ${at.toISOString()} WHERE request_id = ${requestId} AND used_at IS NULL AND retired_at IS NULL`;
        await tx`INSERT INTO verification_codes (request_id, code_hash, created_at, expires_at)
          VALUES (${requestId}, ${codeHash(requestId, code)}, ${at.toISOString()}, ${expiresAt.toISOString()})`;
        await appendEvent(tx, requestId, 'code-sent', 'system', at);
        return true;
      });
    },
    checkVerificationCode: (requestId, code, at, maxAttempts, maxGuesses = Infinity) => sql.begin((tx) => check(tx, requestId, code, at, maxAttempts, maxGuesses)),
    markVerified: (requestId, at, dueAt, prefix) => sql.begin((tx) => verify(tx, requestId, at, dueAt, prefix)),
    setRightsStatus: (requestId, status, at, actor) =>
      sql.begin(async (tx) => {
        await tx`UPDATE requests SET status = ${status}, updated_at = ${at.toISOString()} WHERE id = ${requestId}`;
        await appendEvent(tx, requestId, `status:${status}`, actor, at);
        return mustGet(tx, requestId);
      }),
    appendRequestEvent: (requestId, type, actor, at, data) => appendEvent(sql, requestId, type, actor, at, data),
    async requestEvents(requestId) {
      const rows = await sql<RequestEventRow[]>`SELECT at, type, actor, data FROM request_events WHERE request_id = ${requestId} ORDER BY seq`;
      return rows.map((e) => toRequestEvent(requestId, e, cipher));
    },
    async hitRateLimit(name, key, windowStart) {
      // The same table as services/rate-limit-postgres.ts; a keyed bucket cannot meet its plain ones.
      const [row] = await sql<{ hits: number }[]>`
        INSERT INTO rate_limits (bucket, window_start, hits) VALUES (${rateLimitBucket(hmacKey, name, key)}, ${windowStart}, 1)
        ON CONFLICT (bucket) DO UPDATE SET
          hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
          window_start = excluded.window_start
        RETURNING hits`;
      return row!.hits;
    },
    async sweepRateLimits(before) {
      await sql`DELETE FROM rate_limits WHERE window_start < ${before}`;
    },
    async listRightsRequests({ site, status } = {}) {
      const rows = await sql<RequestRow[]>`
        SELECT * FROM requests WHERE true
        ${site ? sql`AND site = ${site}` : sql``}
        ${status?.length ? sql`AND status IN ${sql(status)}` : sql``}
        ORDER BY due_at IS NULL, due_at COLLATE "C", received_at COLLATE "C" DESC`;
      return rows.map(toRequest);
    },
  };
}
