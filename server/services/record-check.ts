/**
 * Whether one consent record still holds, for its proof page (issue 17, item 7): the plain chain
 * check, and the chain against the newest signed digest the server kept (services/chain-digest.ts).
 * The plain check catches an edited record; only the digest catches a chain edited and re-hashed
 * from some point on, since plain SHA-256 needs no secret. The digest's signature is checked with
 * SAMTYKKE_DIGEST_KEY, so a digest the forger wrote into the audit trail is not taken; without the
 * key the kept digests are not used, and only the plain check speaks.
 *
 * Cost: two walks of the site's chain (as "Kontroller kjeden" does once), fine for one page view.
 */
import { timingSafeEqual } from 'node:crypto';
import { RecordCheck, SignedChainDigest } from '../../protocol/index.ts';
import type { Store } from '../store/index.ts';
import { digestSignature } from './chain-digest.ts';

/** How many audit entries back kept digests are looked for (a digest a day: about a month). */
const DIGESTS_LOOKED_AT = 40;

function signedWith(digest: SignedChainDigest, key: string): boolean {
  if (!digest.signature) return false;
  const expected = Buffer.from(digestSignature(digest, key), 'hex');
  const given = Buffer.from(digest.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The digests in the audit trail with a valid signature under `key`, oldest first. */
async function signedDigests(store: Store, site: string, key: string): Promise<SignedChainDigest[]> {
  const entries = await store.listAudit({ target: `chain:${site}`, limit: DIGESTS_LOOKED_AT });
  return entries
    .filter((e) => e.action === 'chain.digest')
    .map((e) => SignedChainDigest.safeParse(e.detail))
    .flatMap((p) => (p.success && p.data.site === site && signedWith(p.data, key) ? [p.data] : []))
    .reverse();
}

/** The check of the record with this `seq` on `site`. */
export async function checkRecord(store: Store, site: string, seq: number, digestKey: string | undefined): Promise<RecordCheck> {
  const plain = await store.verifyChain(site);
  // A break after this record leaves this record's proof standing: its hashes lead back to the start.
  if (!plain.ok && plain.firstBroken && plain.firstBroken.seq <= seq) return { ok: false, problem: 'broken', firstBroken: plain.firstBroken };
  const digests = digestKey ? await signedDigests(store, site, digestKey) : [];
  // The oldest and the newest kept digest are walked; one in between that says, signed, that it
  // did not extend the one before is the server's own word from before any later rewrite. A
  // rewritten chain cannot shed it: the next digests build on the rewrite, but that one stays.
  for (const digest of [...new Set([digests[0], digests.at(-1)])]) {
    if (!digest) continue;
    const against = await store.verifyChain(site, { count: digest.count, headHash: digest.head });
    if (!against.ok) return { ok: false, problem: 'rewritten', digestAt: digest.at, digestCount: digest.count, ...(against.firstBroken ? { firstBroken: against.firstBroken } : {}) };
  }
  const flagged = digests.find((d) => d.extendsPrevious === false);
  if (flagged) return { ok: false, problem: 'rewritten', digestAt: flagged.at, digestCount: flagged.count };
  return { ok: true };
}
