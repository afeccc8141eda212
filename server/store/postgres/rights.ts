import type postgres from 'postgres';
import { timingSafeEqual } from 'node:crypto';
import type { Lang, RightsKind, RightsStatus } from '../../../protocol/index.ts';
import { hmacHex } from '../../util/crypto.ts';
import type { CodeCheck, RightsStore, StoredRightsRequest } from '../chat-types.ts';
import { sealContext } from '../seal-context.ts';
import type { Async } from '../types.ts';
import type { PgContext } from './context.ts';

type Db = postgres.ISql<{ bigint: number }>;

interface RequestRow {
  id: string;
  site: string;
  token_hash: string;
  kind: string;
  lang: string;
  status: string;
  name: string;
  email: string;
  details: string;
  conversation_id: string | null;
  received_at: string;
  verified_at: string | null;
  reference: string | null;
  due_at: string | null;
}
interface CodeRow {
  id: number;
  code_hash: string;
  expires_at: string;
  attempts: number;
  used_at: string | null;
  retired_at: string | null;
}

/**
 * The PostgreSQL twin of sqlite/rights.ts: same rows, same sealing, same answers. Every method
 * that touches codes or the reference first locks the request's row, so two instances handle one
 * request in turn: an attempt is counted once, a code is used once, and the limit holds.
 */
export function createRightsRepo({ sql, hmacKey, cipher, emailHash }: PgContext): Async<RightsStore> {
  const open = (r: RequestRow, field: 'name' | 'email' | 'details') => cipher.open(r[field], sealContext.requestField(r.id, field));
  const toRequest = (r: RequestRow): StoredRightsRequest => ({
    id: r.id,
    site: r.site,
    tokenHash: r.token_hash,
    kind: r.kind as RightsKind,
    lang: r.lang as Lang,
    status: r.status as RightsStatus,
    name: open(r, 'name'),
    email: open(r, 'email'),
    details: JSON.parse(open(r, 'details')) as Record<string, unknown>,
    conversationId: r.conversation_id,
    receivedAt: r.received_at,
    verifiedAt: r.verified_at,
    reference: r.reference,
    dueAt: r.due_at,
  });
  const codeHash = (requestId: string, code: string) => hmacHex(hmacKey, `verification-code:${requestId}:${code}`);

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
    const sealed = data ? cipher.seal(JSON.stringify(data), sealContext.requestEventData(requestId)) : null;
    await db`INSERT INTO request_events (request_id, at, type, actor, data) VALUES (${requestId}, ${at.toISOString()}, ${type}, ${actor}, ${sealed})`;
  }

  async function check(tx: Db, requestId: string, code: string, at: Date, maxAttempts: number): Promise<CodeCheck> {
    // Not lockRequest: an unknown request has no code, as in SQLite, rather than an error.
    await tx`SELECT 1 FROM requests WHERE id = ${requestId} FOR UPDATE`;
    const [row] = await tx<CodeRow[]>`SELECT * FROM verification_codes WHERE request_id = ${requestId} ORDER BY id DESC LIMIT 1`;
    if (!row || row.used_at || row.retired_at) return { ok: false, reason: 'no_code' };
    if (row.attempts >= maxAttempts) return { ok: false, reason: 'too_many_attempts' };
    if (at.toISOString() >= row.expires_at) return { ok: false, reason: 'code_expired' };
    const attempts = row.attempts + 1;
    const expected = Buffer.from(row.code_hash, 'hex');
    const given = Buffer.from(codeHash(requestId, code), 'hex');
    if (timingSafeEqual(expected, given)) {
      await tx`UPDATE verification_codes SET attempts = ${attempts}, used_at = ${at.toISOString()} WHERE id = ${row.id}`;
      return { ok: true };
    }
    await tx`UPDATE verification_codes SET attempts = ${attempts} WHERE id = ${row.id}`;
    await appendEvent(tx, requestId, 'code-wrong', 'requester', at, { attempts });
    if (attempts >= maxAttempts) return { ok: false, reason: 'too_many_attempts' };
    return { ok: false, reason: 'wrong_code', attemptsLeft: maxAttempts - attempts };
  }

  async function verify(tx: Db, requestId: string, at: Date, dueAt: Date, prefix: string): Promise<StoredRightsRequest> {
    const request = await lockRequest(tx, requestId);
    const year = at.getUTCFullYear();
    // The upsert holds the (site, year) row until commit: a second instance waits and gets the next number.
    const [counter] = await tx<{ last: number }[]>`
      INSERT INTO request_references (site, year, last) VALUES (${request.site}, ${year}, 1)
      ON CONFLICT (site, year) DO UPDATE SET last = request_references.last + 1 RETURNING last`;
    const reference = `${prefix}-${year}-${String(counter!.last).padStart(6, '0')}`;
    await tx`UPDATE requests SET status = 'verified', verified_at = ${at.toISOString()}, reference = ${reference}, due_at = ${dueAt.toISOString()},
      updated_at = ${at.toISOString()} WHERE id = ${requestId}`;
    await appendEvent(tx, requestId, 'verified', 'requester', at, { reference, dueAt: dueAt.toISOString() });
    return mustGet(tx, requestId);
  }

  return {
    async createRightsRequest(r) {
      const at = r.receivedAt.toISOString();
      await sql.begin(async (tx) => {
        await tx`
          INSERT INTO requests (id, site, token_hash, kind, lang, status, name, email, email_hash, details, conversation_id, received_at, updated_at)
          VALUES (${r.id}, ${r.site}, ${r.tokenHash}, ${r.kind}, ${r.lang}, 'awaiting-verification',
            ${cipher.seal(r.name, sealContext.requestField(r.id, 'name'))},
            ${cipher.seal(r.email, sealContext.requestField(r.id, 'email'))},
            ${emailHash(r.email)},
            ${cipher.seal(JSON.stringify(r.details), sealContext.requestField(r.id, 'details'))},
            ${r.conversationId}, ${at}, ${at})`;
        await appendEvent(tx, r.id, 'received', 'requester', r.receivedAt, { kind: r.kind });
      });
    },
    async getRightsRequest(id) {
      const [row] = await sql<RequestRow[]>`SELECT * FROM requests WHERE id = ${id}`;
      return row && toRequest(row);
    },
    async issueVerificationCode(requestId, code, at, expiresAt) {
      await sql.begin(async (tx) => {
        await lockRequest(tx, requestId);
        await tx`UPDATE verification_codes SET retired_at = ${at.toISOString()} WHERE request_id = ${requestId} AND used_at IS NULL AND retired_at IS NULL`;
        await tx`INSERT INTO verification_codes (request_id, code_hash, created_at, expires_at)
          VALUES (${requestId}, ${codeHash(requestId, code)}, ${at.toISOString()}, ${expiresAt.toISOString()})`;
        await appendEvent(tx, requestId, 'code-sent', 'system', at);
      });
    },
    checkVerificationCode: (requestId, code, at, maxAttempts) => sql.begin((tx) => check(tx, requestId, code, at, maxAttempts)),
    markVerified: (requestId, at, dueAt, prefix) => sql.begin((tx) => verify(tx, requestId, at, dueAt, prefix)),
    setRightsStatus: (requestId, status, at, actor) =>
      sql.begin(async (tx) => {
        await tx`UPDATE requests SET status = ${status}, updated_at = ${at.toISOString()} WHERE id = ${requestId}`;
        await appendEvent(tx, requestId, `status:${status}`, actor, at);
        return mustGet(tx, requestId);
      }),
    appendRequestEvent: (requestId, type, actor, at, data) => appendEvent(sql, requestId, type, actor, at, data),
    async requestEvents(requestId) {
      const rows = await sql<{ at: string; type: string; actor: string; data: string | null }[]>`
        SELECT at, type, actor, data FROM request_events WHERE request_id = ${requestId} ORDER BY seq`;
      return rows.map((e) => ({
        at: e.at,
        type: e.type,
        actor: e.actor,
        data: e.data ? (JSON.parse(cipher.open(e.data, sealContext.requestEventData(requestId))) as Record<string, unknown>) : null,
      }));
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
