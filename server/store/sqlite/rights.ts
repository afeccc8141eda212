import type Database from 'better-sqlite3';
import type { RightsStatus } from '../../../protocol/index.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import type { CodeCheck, RightsStore } from '../chat-types.ts';
import {
  judgeCode, rateLimitBucket, requestReference, sealRequestEventData, sealRequestFields, toRequestEvent, toRightsRequest, verificationCodeHash,
  type CodeRow, type RequestEventRow, type RequestRow,
} from '../rows/index.ts';

/**
 * Rights requests with codes kept as HMACs and an append-only event trail. The requester's name,
 * email and details, and the trail's data, are sealed at rest; callers see plain values.
 */
export function createRightsRepo(db: Database.Database, hmacKey: string, cipher: DataCipher, emailHash: (email: string) => string): RightsStore {
  const toRequest = (r: RequestRow) => toRightsRequest(r, cipher);
  const codeHash = (requestId: string, code: string) => verificationCodeHash(hmacKey, requestId, code);
  const get = db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE id = ?');
  const event = db.prepare('INSERT INTO request_events (request_id, at, type, actor, data) VALUES (?, ?, ?, ?, ?)');
  const latestCode = db.prepare<[string], CodeRow>('SELECT * FROM verification_codes WHERE request_id = ? ORDER BY id DESC LIMIT 1');
  const mustGet = (id: string) => {
    const row = get.get(id);
    if (!row) throw new Error('No rights request with this id');
    return toRequest(row);
  };
  const appendEvent = (requestId: string, type: string, actor: string, at: Date, data?: Record<string, unknown>) =>
    event.run(requestId, at.toISOString(), type, actor, sealRequestEventData(requestId, data, cipher));

  const codesOf = db.prepare<[string], { codes: number; guesses: number }>(
    'SELECT COUNT(*) AS codes, COALESCE(SUM(attempts), 0) AS guesses FROM verification_codes WHERE request_id = ?',
  );
  const issue = db.transaction((requestId: string, code: string, at: Date, expiresAt: Date, maxCodes: number) => {
    if (codesOf.get(requestId)!.codes >= maxCodes) return false;
    db.prepare('UPDATE verification_codes SET retired_at = ? WHERE request_id = ? AND used_at IS NULL AND retired_at IS NULL').run(at.toISOString(), requestId);
    db.prepare('INSERT INTO verification_codes (request_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)').run(requestId, codeHash(requestId, code), at.toISOString(), expiresAt.toISOString());
    appendEvent(requestId, 'code-sent', 'system', at);
    return true;
  });

  const check = db.transaction((requestId: string, code: string, at: Date, maxAttempts: number, maxGuesses: number): CodeCheck => {
    const verdict = judgeCode(latestCode.get(requestId), codeHash(requestId, code), at, maxAttempts, maxGuesses - codesOf.get(requestId)!.guesses);
    if (verdict.write === 'used') {
      db.prepare('UPDATE verification_codes SET attempts = ?, used_at = ? WHERE id = ?').run(verdict.attempts, at.toISOString(), verdict.codeId);
    } else if (verdict.write === 'wrong') {
      db.prepare('UPDATE verification_codes SET attempts = ? WHERE id = ?').run(verdict.attempts, verdict.codeId);
      appendEvent(requestId, 'code-wrong', 'requester', at, { attempts: verdict.attempts });
    }
    return verdict.result;
  });

  const verify = db.transaction((requestId: string, at: Date, dueAt: Date, prefix: string) => {
    const request = mustGet(requestId);
    const year = at.getUTCFullYear();
    const seq = db
      .prepare<[string, number], { last: number }>(
        'INSERT INTO request_references (site, year, last) VALUES (?, ?, 1) ON CONFLICT (site, year) DO UPDATE SET last = last + 1 RETURNING last',
      )
      .get(request.site, year)!.last;
    const reference = requestReference(prefix, year, seq);
    db.prepare("UPDATE requests SET status = 'verified', verified_at = ?, reference = ?, due_at = ?, updated_at = ? WHERE id = ?").run(
      at.toISOString(), reference, dueAt.toISOString(), at.toISOString(), requestId,
    );
    appendEvent(requestId, 'verified', 'requester', at, { reference, dueAt: dueAt.toISOString() });
    return mustGet(requestId);
  });

  const setStatus = db.transaction((requestId: string, status: RightsStatus, at: Date, actor: string) => {
    db.prepare('UPDATE requests SET status = ?, updated_at = ? WHERE id = ?').run(status, at.toISOString(), requestId);
    appendEvent(requestId, `status:${status}`, actor, at);
    return mustGet(requestId);
  });

  const create = db.transaction((r: Parameters<RightsStore['createRightsRequest']>[0]) => {
    const at = r.receivedAt.toISOString();
    const sealed = sealRequestFields(r, cipher);
    db.prepare(
      `INSERT INTO requests (id, site, token_hash, kind, lang, status, name, email, email_hash, details, conversation_id, received_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'awaiting-verification', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.id, r.site, r.tokenHash, r.kind, r.lang, sealed.name, sealed.email, emailHash(r.email), sealed.details, r.conversationId, at, at,
    );
    appendEvent(r.id, 'received', 'requester', r.receivedAt, { kind: r.kind });
  });

  return {
    createRightsRequest: (r) => create.immediate(r),
    getRightsRequest: (id) => {
      const row = get.get(id);
      return row && toRequest(row);
    },
    issueVerificationCode: (requestId, code, at, expiresAt, maxCodes = Infinity) => issue.immediate(requestId, code, at, expiresAt, maxCodes),
    checkVerificationCode: (requestId, code, at, maxAttempts, maxGuesses = Infinity) => check.immediate(requestId, code, at, maxAttempts, maxGuesses),
    markVerified: (requestId, at, dueAt, prefix) => verify.immediate(requestId, at, dueAt, prefix),
    setRightsStatus: (requestId, status, at, actor) => setStatus.immediate(requestId, status, at, actor),
    appendRequestEvent: (requestId, type, actor, at, data) => void appendEvent(requestId, type, actor, at, data),
    requestEvents: (requestId) =>
      db
        .prepare<[string], RequestEventRow>('SELECT at, type, actor, data FROM request_events WHERE request_id = ? ORDER BY seq')
        .all(requestId)
        .map((e) => toRequestEvent(requestId, e, cipher)),
    hitRateLimit(name, key, windowStart) {
      return db
        .prepare<[string, number], { hits: number }>(
          `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
           ON CONFLICT (bucket) DO UPDATE SET
             hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
             window_start = excluded.window_start
           RETURNING hits`,
        )
        .get(rateLimitBucket(hmacKey, name, key), windowStart)!.hits;
    },
    sweepRateLimits(before) {
      db.prepare('DELETE FROM rate_limits WHERE window_start < ?').run(before);
    },
    listRightsRequests({ site, status } = {}) {
      const where = [site ? 'site = @site' : '', status?.length ? `status IN (${status.map((_, i) => `@s${i}`).join(', ')})` : ''].filter(Boolean);
      const params: Record<string, string> = { ...(site ? { site } : {}), ...Object.fromEntries((status ?? []).map((s, i) => [`s${i}`, s])) };
      return db
        .prepare<Record<string, string>, RequestRow>(
          `SELECT * FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at IS NULL, due_at, received_at DESC`,
        )
        .all(params)
        .map(toRequest);
    },
  };
}
