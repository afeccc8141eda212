import type postgres from 'postgres';
import type { AppendResult, NewConsentEvent } from '../types.ts';
import { rowHash, type EventRow } from '../hashing.ts';
import { alreadyStored, appended, eventKeys, newEventRow, unknownText, type EventKeys } from '../rows/index.ts';
import type { Tx } from './connect.ts';
import { lockChains } from './chain-lock.ts';

/** Every column of consent_events, in the order the batch INSERT names them. */
const COLUMNS = [
  'seq', 'site', 'event_id', 'receipt_id', 'kind', 'subject_id', 'subject_hash', 'consent_id', 'purposes', 'basis',
  'text_hash', 'lang', 'policy_url', 'policy_version', 'form_id', 'page_url', 'client_time', 'received_at',
  'widget_version', 'user_agent', 'source', 'ip_truncated', 'body_hash', 'prev_hash', 'hash',
] as const satisfies readonly (keyof EventRow)[];
// A column added to EventRow and not named here fails to compile, rather than being stored NULL.
const allNamed: Exclude<keyof EventRow, (typeof COLUMNS)[number]> extends never ? true : never = true;
void allNamed;

interface Found {
  /** [event_id, site, body_hash, receipt_id] of the group's ids already stored. */
  stored: [string, string, string, string][];
  /** The group's text hashes that notice_texts holds. */
  texts: string[];
  /** [site, hash of its last record or null]. */
  heads: [string, string | null][];
  /** One seq per event of the group, drawn while its sites' chain locks are held. */
  seqs: number[];
}

/**
 * The whole group in a few round trips, all-or-nothing: the chain locks and one read (ids already
 * stored, texts known, each site's head, the seqs), one statement for the subjects and their links,
 * then every new row built and hashed here in chain order and written by one INSERT. An error
 * leaves the transaction to be rolled back whole; the caller then takes the event-by-event path
 * (events.ts), where the one event at fault fails alone.
 */
export async function writeBatch(tx: Tx, items: NewConsentEvent[], emailHash: (email: string) => string): Promise<AppendResult[]> {
  const keys = items.map((item) => eventKeys(item, emailHash));
  const locked = lockChains(tx, items);
  // Sent with the lock (one round trip) but run after it: in READ COMMITTED a statement sees what
  // was committed before it started, so this sees every row written under these locks before us.
  const read = tx<{ found: Found }[]>`
    SELECT json_build_object(
      'stored', (SELECT COALESCE(json_agg(json_build_array(event_id, site, body_hash, receipt_id)), '[]') FROM consent_events WHERE event_id = ANY(${items.map((i) => i.event.id)}::text[])),
      'texts', (SELECT COALESCE(json_agg(hash), '[]') FROM notice_texts WHERE hash = ANY(${[...new Set(items.map((i) => i.event.notice.textHash))]}::text[])),
      'heads', (SELECT COALESCE(json_agg(json_build_array(s, (SELECT hash FROM consent_events WHERE site = s ORDER BY seq DESC LIMIT 1))), '[]') FROM unnest(${siteList(items)}::text[]) s),
      'seqs', (SELECT json_agg(nextval(pg_get_serial_sequence('consent_events', 'seq'))) FROM generate_series(1, ${items.length}::integer))
    ) AS found`.execute();
  await locked;
  const { found } = (await read)[0]!;

  const stored = new Map(found.stored.map(([id, site, bodyHash, receiptId]) => [id, { site, body_hash: bodyHash, receipt_id: receiptId }]));
  const texts = new Set(found.texts);
  const fresh: number[] = [];
  const results = items.map((item, i): AppendResult => {
    const id = item.event.id;
    const existing = stored.get(id);
    if (existing) return alreadyStored(item.site, keys[i]!, id, existing);
    if (!texts.has(item.event.notice.textHash)) return unknownText(id);
    // A second copy in the group meets the first as if it were stored: it will be, or nothing is.
    stored.set(id, { site: item.site, body_hash: keys[i]!.digest, receipt_id: id });
    fresh.push(i);
    return appended(id);
  });
  if (fresh.length === 0) return results;

  const subjects = await upsertSubjects(tx, fresh.map((i) => [items[i]!, keys[i]!]));
  const seqs = found.seqs.map(safeSeq).sort((a, b) => a - b);
  const heads = new Map(found.heads);
  const rows = fresh.map((i, n): EventRow => {
    const item = items[i]!;
    const k = keys[i]!;
    const subjectId = k.email && k.subjectHash ? subjects.get(subjectKey(item.site, k.subjectHash))! : null;
    const row = newEventRow(item, k, { seq: seqs[n]!, subjectId, head: heads.get(item.site) });
    const hash = rowHash(row);
    heads.set(item.site, hash);
    return { ...row, hash };
  });
  // In the order given: the chain trigger checks each row against the rows inserted before it.
  await tx`
    INSERT INTO consent_events (${tx(COLUMNS)})
    SELECT ${tx(COLUMNS)} FROM jsonb_populate_recordset(NULL::consent_events, ${tx.json(rows as unknown as postgres.JSONValue)}) WITH ORDINALITY AS r
    ORDER BY r.ordinality`;
  return results;
}

const siteList = (items: NewConsentEvent[]) => [...new Set(items.map((i) => i.site))];
const subjectKey = (site: string, hash: string) => `${site}\u0000${hash}`;

/**
 * The subjects of the new events (a new proof after an erasure brings the address back; an
 * existing one is left as it is) and their links to the browser's consent id, in one statement.
 * Each subject and link once, the first event naming it wins, as event by event. Returns the ids.
 */
async function upsertSubjects(tx: Tx, fresh: [NewConsentEvent, EventKeys][]): Promise<Map<string, number>> {
  const subjects = new Map<string, { site: string; hash: string; email: string; at: string }>();
  const links = new Map<string, { consentId: string; site: string; hash: string; at: string }>();
  for (const [{ site }, { email, subjectHash, consentId, receivedAt }] of fresh) {
    if (!email || !subjectHash) continue;
    const key = subjectKey(site, subjectHash);
    if (!subjects.has(key)) subjects.set(key, { site, hash: subjectHash, email, at: receivedAt });
    if (consentId && !links.has(`${key}\u0000${consentId}`)) links.set(`${key}\u0000${consentId}`, { consentId, site, hash: subjectHash, at: receivedAt });
  }
  if (subjects.size === 0) return new Map();
  // One order for every writer: two transactions upserting the same subjects cannot deadlock on them.
  const s = [...subjects.values()].sort((a, b) => (a.site + a.hash < b.site + b.hash ? -1 : 1));
  const l = [...links.values()];
  const ids = await tx<{ site: string; email_hash: string; id: number }[]>`
    WITH subj AS (
      INSERT INTO subjects (site, email_hash, email, created_at)
      SELECT * FROM unnest(${s.map((x) => x.site)}::text[], ${s.map((x) => x.hash)}::text[], ${s.map((x) => x.email)}::text[], ${s.map((x) => x.at)}::text[])
      ON CONFLICT (site, email_hash) DO UPDATE SET email = COALESCE(subjects.email, excluded.email)
      RETURNING id, site, email_hash
    ), link AS (
      INSERT INTO subject_links (consent_id, subject_id, site, first_seen)
      SELECT l.consent_id, subj.id, l.site, l.first_seen
      FROM unnest(${l.map((x) => x.consentId)}::text[], ${l.map((x) => x.site)}::text[], ${l.map((x) => x.hash)}::text[], ${l.map((x) => x.at)}::text[]) AS l(consent_id, site, email_hash, first_seen)
      JOIN subj ON subj.site = l.site AND subj.email_hash = l.email_hash
      ON CONFLICT DO NOTHING
    )
    SELECT site, email_hash, id FROM subj`;
  return new Map(ids.map((r) => [subjectKey(r.site, r.email_hash), r.id]));
}

/** Seqs come back as JSON numbers; past 2^53 we fail rather than round (as connect.ts does). */
function safeSeq(seq: number): number {
  if (!Number.isSafeInteger(seq)) throw new RangeError(`seq ${seq} does not fit a JavaScript number`);
  return seq;
}
