/**
 * Issue 17, item 4: a chain rewritten and re-hashed after an edit passes the plain check, but not
 * the check against yesterday's signed digest, which names where it stops matching.
 */
import { describe, expect, it } from 'vitest';
import { SignedChainDigest } from '../../protocol/index.ts';
import { backends, type TestStore } from '../store/backends.testing.ts';
import { sqlLiteral, tamperWithRecord } from '../store/tamper.testing.ts';
import { formEvent, SITE } from '../testing.ts';
import { checkAgainstDigest, digestText, makeDigest } from './chain-digest.ts';

const KEY = 'digest-key-for-tests-0123456789abcdef';
const lit = sqlLiteral;
const rewrite = (t: TestStore, seq: number) => tamperWithRecord(t, SITE, seq, { rehash: true });

describe.each(backends)('chain digests on $name', ({ open }) => {
  async function setup() {
    const t = await open();
    const add = async (n: number, decision: 'granted' | 'declined') => {
      for (let i = 0; i < n; i++) {
        await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: `p${i}@example.no` }, purposes: [{ purpose: 'marketing-email', decision }] }), receivedAt: new Date(), source: 'browser' }]);
      }
    };
    return { ...t, add };
  }

  it('signs the digest with the key, carries site, seq and head, and says whether it extends the previous one', async () => {
    const t = await setup();
    await t.add(3, 'declined');
    const first = await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), KEY);
    const { ok, firstBroken: _none, ...signed } = first;
    expect(ok).toBe(true);
    expect(SignedChainDigest.safeParse(signed).success).toBe(true);
    expect(first).toMatchObject({ site: SITE, count: 3, head: (await t.store.chainHead(SITE)).headHash, extendsPrevious: null, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.seq).toBe((await t.store.chainHead(SITE)).headSeq);
    await t.add(2, 'granted');
    const second = await makeDigest(t.store, SITE, new Date('2024-03-02T04:00:00Z'), KEY);
    expect(second).toMatchObject({ count: 5, extendsPrevious: true });
    // The mail carries the block to paste back, and it checks as it came.
    const check = await checkAgainstDigest(t.store, digestText(second), KEY, SITE);
    expect(check).toMatchObject({ extends: true, signature: 'valid' });
  });

  it('catches a rewritten and re-hashed chain against yesterday\'s digest, naming where it stops matching, and the next digest says so', async () => {
    const t = await setup();
    await t.add(4, 'declined');
    const yesterday = digestText(await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), KEY));
    await t.add(2, 'declined');
    const rows = await t.query<{ seq: number }>(`SELECT seq FROM consent_events WHERE site = ${lit(SITE)} ORDER BY seq`);
    await rewrite(t, rows[1]!.seq);

    // The plain check is fooled: every hash matches its record.
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
    const answer = await checkAgainstDigest(t.store, yesterday, KEY, SITE);
    expect(answer).toMatchObject({ extends: false, signature: 'valid', firstBroken: { seq: rows[3]!.seq, reason: expect.stringContaining('rewritten') } });
    const today = await makeDigest(t.store, SITE, new Date('2024-03-02T04:00:00Z'), KEY);
    expect(today.extendsPrevious).toBe(false);
    expect(digestText(today)).toContain('NEI');
  });

  it('does not take a digest the forger made to match the rewritten chain', async () => {
    const t = await setup();
    await t.add(3, 'declined');
    const real = await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), KEY);
    const forged = { ...real, head: 'f'.repeat(64) };
    const answer = await checkAgainstDigest(t.store, JSON.stringify(forged), KEY, SITE);
    expect(answer).toMatchObject({ signature: 'invalid', extends: false });
    // Signed with another key (the forger's own): also invalid.
    const other = await checkAgainstDigest(t.store, JSON.stringify(real), 'another-key-0123456789abcdef-0123456', SITE);
    expect(other).toMatchObject({ signature: 'invalid', extends: false });
  });

  it('refuses a text with no digest in it with a 400 that says what to paste', async () => {
    const t = await setup();
    await expect(checkAgainstDigest(t.store, 'hei', KEY, SITE)).rejects.toMatchObject({ status: 400, code: 'not_a_digest' });
    await expect(checkAgainstDigest(t.store, '{"v":1,"site":"x"}', KEY, SITE)).rejects.toMatchObject({ status: 400 });
  });
});
