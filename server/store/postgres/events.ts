import postgres from 'postgres';
import type { AppendResult, NewConsentEvent } from '../types.ts';
import { rowHash } from '../hashing.ts';
import { alreadyStored, appended, eventKeys, newEventRow, storageUnavailable, unknownText } from '../rows/index.ts';
import type { Sql, Tx } from './connect.ts';
import type { PgContext } from './context.ts';
import { errorCode } from '../write-error.ts';
import { lockChains } from './chain-lock.ts';
import { writeBatch } from './event-batch.ts';

/** Errors after which the whole group is tried again: another transaction got in the way. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * Whether a failed batch is worth writing again event by event: the server refused a statement
 * (one event's row, or an id committed meanwhile for another site), or our own code threw. Not
 * when the driver lost the connection: that fails every event alike, and a second connect attempt
 * would only double an outage's wait.
 */
function mayBeOneEvent(error: unknown): boolean {
  if (isRetryable(error)) return false;
  return error instanceof postgres.PostgresError || typeof (error as { code?: unknown } | null)?.code !== 'string';
}

/**
 * Writes a group: first in one batch (event-batch.ts, a few round trips for the whole group); when
 * that fails on something one event may have caused, again in a new transaction, event by event,
 * so the one at fault fails alone. Serialization failures and deadlocks are rethrown from either
 * for the caller to retry the whole group.
 */
export function createGroupWriter(options: Pick<PgContext, 'emailHash'> & { onWriteError?: (code: string) => void }) {
  const writeEach = createEventByEventWriter(options);
  return async function writeGroup(sql: Sql, items: NewConsentEvent[]): Promise<AppendResult[]> {
    try {
      return await sql.begin((tx) => writeBatch(tx, items, options.emailHash));
    } catch (error) {
      if (!mayBeOneEvent(error)) throw error;
      return sql.begin((tx) => writeEach(tx, items));
    }
  };
}

/**
 * Port of sqlite/events.ts, for one transaction (a group). Each event runs in its own savepoint,
 * so one failing event rolls back alone; a serialization failure or deadlock is rethrown so the
 * caller retries the whole group. Chain order: the site's advisory lock (the same one the chain
 * trigger takes) is held from before the head is read until commit, so writers on every instance
 * take turns per site and `seq` is drawn in chain order. About five round trips per event: the
 * fallback for a group the batch could not write.
 */
export function createEventByEventWriter({ emailHash, onWriteError }: Pick<PgContext, 'emailHash'> & { onWriteError?: (code: string) => void }) {
  return async function writeEach(tx: Tx, items: NewConsentEvent[]): Promise<AppendResult[]> {
    await lockChains(tx, items);
    // Heads this group has written; we hold the locks, so nobody else moves them until commit.
    const heads = new Map<string, string>();
    const results: AppendResult[] = [];
    for (const item of items) results.push(await writeOne(tx, item, heads));
    return results;
  };

  async function writeOne(tx: Tx, item: NewConsentEvent, heads: Map<string, string>, again = false): Promise<AppendResult> {
    try {
      const { result, hash } = await tx.savepoint((sp) => writeEvent(sp as unknown as Tx, item, heads));
      // Only once the savepoint is released: a rolled-back row is no head.
      if (hash) heads.set(item.site, hash);
      return result;
    } catch (error) {
      if (isRetryable(error)) throw error;
      // The same id committed meanwhile for another site (whose lock we do not hold): look again, once.
      if ((error as { code?: string }).code === '23505' && !again) return writeOne(tx, item, heads, true);
      onWriteError?.(errorCode(error));
      return storageUnavailable(item.event.id);
    }
  }

  async function writeEvent(tx: Tx, item: NewConsentEvent, heads: Map<string, string>): Promise<{ result: AppendResult; hash?: string }> {
    const { site, event } = item;
    const keys = eventKeys(item, emailHash);
    const { email, subjectHash, consentId, receivedAt } = keys;
    const [found] = await tx<{ site: string | null; body_hash: string | null; receipt_id: string | null; text_known: boolean }[]>`
      SELECT e.site, e.body_hash, e.receipt_id, EXISTS (SELECT 1 FROM notice_texts WHERE hash = ${event.notice.textHash}) AS text_known
      FROM (SELECT 1) one LEFT JOIN consent_events e ON e.event_id = ${event.id}`;
    if (found?.receipt_id) return { result: alreadyStored(site, keys, event.id, { ...found, receipt_id: found.receipt_id }) };
    if (!found?.text_known) return { result: unknownText(event.id) };
    // One round trip: the subject (a new proof after an erasure brings the address back; an existing
    // one is left as it is), its link to the browser's consent id, the next seq and the site's head.
    const [next] = await tx<{ subject_id: number | null; seq: number; head: string | null }[]>`
      WITH subj AS (
        INSERT INTO subjects (site, email_hash, email, created_at)
        SELECT ${site}, ${subjectHash ?? null}::text, ${email ?? null}::text, ${receivedAt} WHERE ${subjectHash ?? null}::text IS NOT NULL
        ON CONFLICT (site, email_hash) DO UPDATE SET email = COALESCE(subjects.email, excluded.email)
        RETURNING id
      ), link AS (
        INSERT INTO subject_links (consent_id, subject_id, site, first_seen)
        SELECT ${consentId || null}::text, id, ${site}, ${receivedAt} FROM subj WHERE ${consentId || null}::text IS NOT NULL
        ON CONFLICT DO NOTHING
      )
      SELECT (SELECT id FROM subj) AS subject_id, nextval(pg_get_serial_sequence('consent_events', 'seq')) AS seq,
        COALESCE(${heads.get(site) ?? null}::text, (SELECT hash FROM consent_events WHERE site = ${site} ORDER BY seq DESC LIMIT 1)) AS head`;
    const row = newEventRow(item, keys, { seq: next!.seq, subjectId: next!.subject_id, head: next!.head });
    const hash = rowHash(row);
    await tx`INSERT INTO consent_events ${tx({ ...row, hash })}`;
    return { result: appended(event.id), hash };
  }
}
