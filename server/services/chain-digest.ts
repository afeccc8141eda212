/**
 * Tamper evidence a person can use. Each day the server sends a digest of each site's chain head
 * (site, seq, count, head hash) signed with HMAC-SHA256 under a key from the environment
 * (`SAMTYKKE_DIGEST_KEY`), which the database never holds: whoever rewrites the database and
 * re-hashes every record after an edit (plain SHA-256 needs no secret) gets a chain that checks
 * whole, but it no longer passes through the head of a digest kept outside, and they cannot sign
 * a new one. The console and `npm run admin -- verify-chain --against` check today's chain
 * against a kept digest.
 */
import { timingSafeEqual } from 'node:crypto';
import { ChainCheckAnswer, SignedChainDigest } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { hmacHex } from '../util/crypto.ts';

const AUDIT_ACTION = 'chain.digest';
const target = (site: string) => `chain:${site}`;

/** The signature over every field but itself, in canonical JSON, so field order does not matter. */
export function digestSignature(digest: Omit<SignedChainDigest, 'signature'>, key: string): string {
  const { signature: _ignored, ...rest } = digest as SignedChainDigest;
  return hmacHex(key, `samtykke:chain-digest:${canonicalJson(rest)}`);
}

/** Today's digest of one site, saying whether it extends the previous one; kept in the audit trail for the next day's comparison. */
export async function makeDigest(store: Store, site: string, at: Date, key: string | undefined): Promise<SignedChainDigest & { ok: boolean; firstBroken?: { seq: number; eventId: string; reason: string } }> {
  const check = await store.verifyChain(site);
  const head = await store.chainHead(site);
  const previous = (await store.listAudit({ target: target(site), limit: 20 })).find((e) => e.action === AUDIT_ACTION)?.detail;
  const prev = SignedChainDigest.safeParse(previous);
  const extendsPrevious = prev.success ? (await store.verifyChain(site, { count: prev.data.count, headHash: prev.data.head })).ok : null;
  const unsigned = { v: 1 as const, site, at: at.toISOString(), seq: head.headSeq, count: head.count, head: head.headHash, extendsPrevious };
  const digest: SignedChainDigest = { ...unsigned, signature: key ? digestSignature(unsigned, key) : null };
  await store.appendAudit({ at, accountId: null, action: AUDIT_ACTION, target: target(site), detail: digest });
  return { ...digest, ok: check.ok, ...(check.firstBroken ? { firstBroken: check.firstBroken } : {}) };
}

/** The JSON object in a pasted text (the whole mail, or the JSON alone). */
function readDigest(text: string): SignedChainDigest {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start, end + 1));
  } catch {
    throw new ApiError(400, 'not_a_digest', 'No digest found in the text: paste the JSON block from the digest mail or webhook.');
  }
  // The webhook's body also says whether the chain was whole when sent: only the signed fields count.
  const fields = raw && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw).filter(([k]) => k in SignedChainDigest.shape)) : raw;
  const parsed = SignedChainDigest.safeParse(fields);
  if (!parsed.success) {
    throw new ApiError(400, 'not_a_digest', 'The text is not a chain digest of this server.', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return parsed.data;
}

/**
 * Whether today's chain extends the earlier digest: the record at the digest's position still has
 * its head hash and every record up to it verifies. A digest whose signature does not match is
 * never taken as proof, whatever the chain says.
 */
export async function checkAgainstDigest(store: Store, text: string, key: string | undefined, site?: string): Promise<ChainCheckAnswer> {
  const digest = readDigest(text);
  if (site && digest.site !== site) throw new ApiError(400, 'other_site', `This digest is for ${digest.site}, not ${site}.`);
  if (!await store.getSite(digest.site)) throw new ApiError(404, 'unknown_site', 'No site has this key.');
  let signature: ChainCheckAnswer['signature'] = 'unsigned';
  if (digest.signature && !key) signature = 'no-key';
  else if (digest.signature && key) {
    const expected = Buffer.from(digestSignature(digest, key), 'hex');
    const given = Buffer.from(digest.signature, 'hex');
    signature = expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'invalid';
  }
  const check = await store.verifyChain(digest.site, { count: digest.count, headHash: digest.head });
  return ChainCheckAnswer.parse({ signature, extends: check.ok && signature !== 'invalid', digest, count: check.count, ...(check.firstBroken ? { firstBroken: check.firstBroken } : {}) });
}

/** The digest as a mail shows it, with the JSON block to keep and paste later. */
export function digestText(d: SignedChainDigest & { ok: boolean; firstBroken?: { seq: number; reason: string } }): string {
  const extendsLine = d.extendsPrevious === null ? 'første sjekksum / first digest' : d.extendsPrevious ? 'ja / yes' : 'NEI: kjeden er skrevet om siden i går / NO: the chain was rewritten since the last digest';
  return [
    'Daglig sjekksum for samtykkeloggen / Daily checksum of the consent log',
    '',
    `Nettsted / site:     ${d.site}`,
    `Tidspunkt / time:    ${d.at}`,
    `Kjeden / chain:      ${d.ok ? 'hel / whole' : `BRUTT ved ${d.firstBroken?.seq} / BROKEN at ${d.firstBroken?.seq}: ${d.firstBroken?.reason}`}`,
    `Oppføringer / count: ${d.count}`,
    `Siste post / head:   seq ${d.seq ?? '-'}, ${d.head}`,
    `Bygger på forrige / extends the previous digest: ${extendsLine}`,
    `Signert / signed:    ${d.signature ? 'ja (HMAC-SHA256) / yes' : 'nei: SAMTYKKE_DIGEST_KEY er ikke satt / no: SAMTYKKE_DIGEST_KEY is not set'}`,
    '',
    'Ta vare på denne e-posten. Lim inn blokken under i konsollen (Samtykker → Kontroller kjeden) eller bruk',
    '`npm run admin -- verify-chain --against <fil>` for å se om kjeden i dag bygger på denne.',
    'Keep this email. Paste the block below in the console or use `npm run admin -- verify-chain --against <file>`',
    'to see whether today\'s chain extends this one.',
    '',
    JSON.stringify({ v: d.v, site: d.site, at: d.at, seq: d.seq, count: d.count, head: d.head, extendsPrevious: d.extendsPrevious, signature: d.signature }, null, 2),
  ].join('\n');
}
