/**
 * Issue 17, item 7: a record whose chain check fails says so in its proof. An edited record breaks
 * the plain check from itself on; a chain edited and re-hashed passes the plain check, but no
 * longer passes through the signed digest the server kept, so every proof of that site says so.
 */
import { describe, expect, it } from 'vitest';
import type { RecordCheck } from '../../../protocol/index.ts';
import { makeDigest } from '../../services/chain-digest.ts';
import { backends } from '../../store/backends.testing.ts';
import { tamperWithRecord } from '../../store/tamper.testing.ts';
import { formEvent, SITE } from '../../testing.ts';
import { AGENT, consoleTestApp } from './testing.ts';

const KEY = 'digest-key-for-tests-0123456789abcdef';

describe.each(backends)('the proof says whether its record holds, on $name', (backend) => {
  async function setup(digestKey: string | undefined = KEY) {
    const t = await consoleTestApp({ backend, console: digestKey ? { digestKey } : {} });
    const session = await t.signIn(AGENT);
    const records: { id: string; seq: number }[] = [];
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const event = formEvent(t.textHash, { subject: { email: `p${records.length}@example.no` }, purposes: [{ purpose: 'marketing-email', decision: 'declined' }] });
        await t.store.appendConsentEvents([{ site: SITE, event, receivedAt: new Date('2024-03-01T09:00:00Z'), source: 'browser' }]);
        const [row] = await t.query<{ seq: number }>(`SELECT seq FROM consent_events WHERE event_id = '${event.id}'`);
        records.push({ id: event.id, seq: Number(row!.seq) });
      }
    };
    const check = async (i: number) => {
      const res = await t.request(`/console/api/consents/${records[i]!.id}/proof`, { session });
      expect(res.status).toBe(200);
      return ((await res.json()) as { check: RecordCheck }).check;
    };
    const raw = { backend: backend.name, exec: (s: string) => t.exec!(s), query: <T>(s: string) => t.query<T>(s) };
    return { ...t, records, add, check, raw };
  }

  it('says a record of a whole chain holds', async () => {
    const t = await setup();
    await t.add(2);
    await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), KEY);
    expect(await t.check(0)).toEqual({ ok: true });
    expect(await t.check(1)).toEqual({ ok: true });
  });

  it('says an edited record and every one after it fail the check, and the ones before still hold', async () => {
    const t = await setup();
    await t.add(4);
    await tamperWithRecord(t.raw, SITE, t.records[2]!.seq, { rehash: false });
    expect(await t.check(1)).toEqual({ ok: true });
    expect(await t.check(2)).toMatchObject({ ok: false, problem: 'broken', firstBroken: { seq: t.records[2]!.seq, eventId: t.records[2]!.id } });
    expect(await t.check(3)).toMatchObject({ ok: false, problem: 'broken', firstBroken: { seq: t.records[2]!.seq } });
  });

  it('says a record fails when the chain was rewritten and re-hashed after a signed digest, though the plain check passes', async () => {
    const t = await setup();
    await t.add(3);
    const yesterday = await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), KEY);
    await t.add(1);
    await tamperWithRecord(t.raw, SITE, t.records[1]!.seq, { rehash: true });
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
    for (const i of [0, 1, 3]) {
      expect(await t.check(i)).toMatchObject({ ok: false, problem: 'rewritten', digestAt: yesterday.at, digestCount: 3, firstBroken: { seq: t.records[2]!.seq } });
    }
    // The next day's digest builds on the rewrite, and says (signed) that it does not extend the one before: the proofs still say so.
    const today = await makeDigest(t.store, SITE, new Date('2024-03-02T04:00:00Z'), KEY);
    expect(today.extendsPrevious).toBe(false);
    expect(await t.check(3)).toMatchObject({ ok: false, problem: 'rewritten' });
  });

  it('does not take a digest the forger wrote into the audit trail with a key of their own', async () => {
    const t = await setup();
    await t.add(3);
    await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), KEY);
    await tamperWithRecord(t.raw, SITE, t.records[0]!.seq, { rehash: true });
    // The forger adds newer digests that match the rewrite, signed with a key of their own.
    await makeDigest(t.store, SITE, new Date('2024-03-02T04:00:00Z'), 'the-forgers-own-key-0123456789abcdef');
    await makeDigest(t.store, SITE, new Date('2024-03-03T04:00:00Z'), 'the-forgers-own-key-0123456789abcdef');
    expect(await t.check(2)).toMatchObject({ ok: false, problem: 'rewritten', digestAt: '2024-03-01T04:00:00.000Z' });
  });

  it('without the digest key speaks only for the plain check', async () => {
    const t = await setup(undefined);
    await t.add(2);
    await makeDigest(t.store, SITE, new Date('2024-03-01T04:00:00Z'), undefined);
    await tamperWithRecord(t.raw, SITE, t.records[0]!.seq, { rehash: true });
    expect(await t.check(1)).toEqual({ ok: true });
  });
});
