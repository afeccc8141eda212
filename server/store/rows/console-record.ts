import type { ChainHead, ConsentProofView, ConsentSearch, ConsoleConsentRecord } from '../console-types.ts';
import { GENESIS_HASH, type EventRow } from '../hashing.ts';
import { toRecord } from './consent-record.ts';

/** A consent_events row joined with its text and the subject it belongs to (address null once erased). */
export type ConsoleRecordRow = EventRow & {
  text: string;
  s_email: string | null;
  restricted_at: string | null;
  objected_at: string | null;
  erased_at: string | null;
};

export function toConsoleRecord(r: ConsoleRecordRow): ConsoleConsentRecord {
  return { ...toRecord({ ...r, email: r.s_email }), restricted: r.restricted_at !== null, objected: r.objected_at !== null, erased: r.erased_at !== null };
}

/** The proof of one record: the record, its place in the site's chain and the hashes that tie it there. */
export function toConsentProof(r: ConsoleRecordRow, position: number, chainLength: number): ConsentProofView {
  return { record: toConsoleRecord(r), subjectHash: r.subject_hash, bodyHash: r.body_hash, prevHash: r.prev_hash, hash: r.hash, position, chainLength };
}

/** A site's chain head; an empty chain's head is the genesis hash. */
export function toChainHead(site: string, count: number, head: { seq: number | null; hash: string | null } | undefined): ChainHead {
  return { site, count, headSeq: head?.seq ?? null, headHash: head?.hash ?? GENESIS_HASH };
}

/** One search over the records, in seq order, at most `limit` of them. */
export type RecordSearch<R> = (query: ConsentSearch, order: 'ASC' | 'DESC', limit: number | null) => R;

/** The console's three record views over one search: newest first for browsing, oldest first for exports and a person's history. */
export function recordViews<R>(search: RecordSearch<R>) {
  return {
    searchConsents: (q: ConsentSearch) => search(q, 'DESC', Math.min(Math.max(q.limit ?? 50, 1), 500)),
    exportConsents: (q: Omit<ConsentSearch, 'limit' | 'beforeSeq'>) => search(q, 'ASC', null),
    consentHistory: (email: string, site?: string) => search({ email, ...(site ? { site } : {}) }, 'ASC', null),
  };
}
