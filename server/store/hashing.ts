/** @module What is hashed and how: the email normal form, replay digests and the consent hash chain. Backend-neutral. */
import type { ConsentEvent } from '../../protocol/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { sha256Hex } from '../util/crypto.ts';
import type { ChainAnchor, ChainCheck } from './types.ts';

/** Emails are compared case-insensitively and without surrounding space, as people type them. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The event as the client sent it, with the email swapped for its keyed hash, plus the site.
 * Replays are recognised by this digest; erasing the email later cannot change it.
 */
export function bodyHash(site: string, event: ConsentEvent, emailHash: string | undefined): string {
  const subject = emailHash ? { emailHash } : event.subject;
  return sha256Hex(canonicalJson({ site, event: { ...event, subject } }));
}

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
 * Checks a site's chain one record at a time, oldest first, and reports the first one that does
 * not fit. With an `anchor` (a head sent out earlier, e.g. in the owner's digest) it also catches
 * what the chain alone cannot: records cut off the end, or a chain rewritten and re-hashed from
 * some point on. Rows are pushed so a backend can stream them.
 */
export function chainChecker(anchor?: ChainAnchor) {
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  return {
    /** The failed check when this row breaks the chain; undefined while it holds. */
    next(row: EventRow): ChainCheck | undefined {
      count += 1;
      let reason: string | undefined;
      if (row.prev_hash !== expectedPrev) reason = 'prev_hash does not match the hash of the record before it';
      else if (rowHash(row) !== row.hash) reason = "hash does not match the record's contents";
      else if (anchor && count === anchor.count && row.hash !== anchor.headHash) reason = 'the chain differs from the checkpoint at this record: it was rewritten';
      if (reason) return { ok: false, count, firstBroken: { seq: row.seq, eventId: row.event_id, reason } };
      expectedPrev = row.hash;
      return undefined;
    },
    /** The result once every row has been pushed. */
    end(): ChainCheck {
      if (anchor && count < anchor.count) {
        return { ok: false, count, firstBroken: { seq: -1, eventId: '', reason: `${anchor.count - count} record(s) missing: the checkpoint counted ${anchor.count}` } };
      }
      return { ok: true, count };
    },
  };
}
