import type Database from 'better-sqlite3';
import { canonicalJson } from '../../util/canonical-json.ts';
import { sha256Hex } from '../../util/crypto.ts';
import type { ChainAnchor, ChainCheck } from '../types.ts';

/** The `prev_hash` of a site's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** A consent_events row as stored. The email never appears here, only its keyed hash. */
export interface EventRow {
  seq: number;
  site: string;
  event_id: string;
  receipt_id: string;
  kind: string;
  subject_id: number | null;
  subject_hash: string | null;
  consent_id: string | null;
  purposes: string;
  basis: string;
  text_hash: string;
  lang: string;
  policy_url: string;
  policy_version: string;
  form_id: string | null;
  page_url: string;
  client_time: string;
  received_at: string;
  widget_version: string;
  user_agent: string | null;
  source: string;
  ip_truncated: string | null;
  body_hash: string;
  prev_hash: string;
  hash: string;
}

/**
 * sha256(prev_hash + canonical JSON of every column but `hash`). Including `seq` and `prev_hash`
 * makes a removed, reordered or edited record show up at the first record after it.
 */
export function rowHash(row: Omit<EventRow, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...fields } = row;
  return sha256Hex(fields.prev_hash + canonicalJson(fields));
}

/**
 * Walks the site's chain from the first record and reports the first one that does not fit. With
 * an `anchor` (a head sent out earlier, e.g. in the owner's digest) it also catches what the chain
 * alone cannot: records cut off the end, or a chain rewritten and re-hashed from some point on.
 */
export function verifySiteChain(db: Database.Database, site: string, anchor?: ChainAnchor): ChainCheck {
  const rows = db.prepare('SELECT * FROM consent_events WHERE site = ? ORDER BY seq').iterate(site) as IterableIterator<EventRow>;
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    count += 1;
    let reason: string | undefined;
    if (row.prev_hash !== expectedPrev) reason = 'prev_hash does not match the hash of the record before it';
    else if (rowHash(row) !== row.hash) reason = "hash does not match the record's contents";
    else if (anchor && count === anchor.count && row.hash !== anchor.headHash) reason = 'the chain differs from the checkpoint at this record: it was rewritten';
    if (reason) {
      // Leave the iterator so the statement is released before we return.
      rows.return?.();
      return { ok: false, count, firstBroken: { seq: row.seq, eventId: row.event_id, reason } };
    }
    expectedPrev = row.hash;
  }
  if (anchor && count < anchor.count) {
    return { ok: false, count, firstBroken: { seq: -1, eventId: '', reason: `${anchor.count - count} record(s) missing: the checkpoint counted ${anchor.count}` } };
  }
  return { ok: true, count };
}
