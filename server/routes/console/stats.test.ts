import { describe, expect, it } from 'vitest';
import { ConsoleStats } from '../../../protocol/index.ts';
import { formEvent, SITE, siteSettings } from '../../testing.ts';
import { backends, type Backend } from '../../store/backends.testing.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { ADMIN, consoleTestApp } from './testing.ts';

const OTHER_SITE = 'pk_test_site02';
const monday = new Date('2024-03-04T10:00:00.000Z');

async function setup(backend: Backend) {
  const t = await consoleTestApp({ backend });
  await t.store.upsertSite(siteSettings({ key: OTHER_SITE }));
  const session = await t.signIn(ADMIN);
  /** `n` marketing choices on one form in the week of 2024-03-04. */
  const optIns = (n: number, decision: 'granted' | 'declined', site = SITE) =>
    t.store.appendConsentEvents(
      Array.from({ length: n }, () => ({
        site,
        event: formEvent(t.textHash, { purposes: [{ purpose: 'marketing-email', decision }] }),
        receivedAt: monday,
        source: 'browser' as const,
      })),
    );
  const stats = async (site?: string) => {
    const res = await t.request(`/console/api/stats${site ? `?site=${site}` : ''}`, { session });
    expect(res.status).toBe(200);
    const body = await res.json();
    // The wire schema takes no count under 5 and none that is not a multiple of 5.
    return ConsoleStats.parse(body);
  };
  return { ...t, optIns, stats };
}

describe.each(backends)('the console numbers on $name', (backend) => {
  it('shows two declines in a week as "fewer than 5", never as 2, and rounds 7 yeses down to 5', async () => {
    const t = await setup(backend);
    await t.optIns(7, 'granted');
    await t.optIns(2, 'declined');
    expect((await t.stats(SITE)).weeklyOptIns).toEqual([{ formId: 'nyhetsbrev', week: '2024-03-04', granted: 5, declined: null }]);
  });

  it('does not give a site\'s hidden count away as all sites minus the other site', async () => {
    const t = await setup(backend);
    await t.optIns(5, 'declined');
    await t.optIns(2, 'declined', OTHER_SITE);
    const declined = async (site?: string) => (await t.stats(site)).weeklyOptIns[0]!.declined;
    expect(await declined(OTHER_SITE)).toBeNull();
    const all = (await declined())!;
    const one = (await declined(SITE))!;
    // Exact counts would be 7 - 5 = 2; each figure stands for five values, so the difference is 0 or 5 or more.
    expect(all - one).not.toBe(2);
    expect([all, one]).toEqual([5, 5]);
  });

  it('does not give the open requests away as received minus completed, and shows no mean over fewer than 5', async () => {
    const t = await setup(backend);
    const request = async (n: number, kind: 'access' | 'erasure', completedAfterDays: number[]) => {
      for (let i = 0; i < n; i++) {
        const id = crypto.randomUUID();
        await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(id), kind, lang: 'nb', name: 'Kari', email: `k${i}@example.no`, details: {}, conversationId: null, receivedAt: monday });
        const days = completedAfterDays[i];
        if (days !== undefined) await t.store.transitionRequest(id, ['awaiting-verification'], 'completed', new Date(monday.getTime() + days * 86_400_000), 'staff', {});
      }
    };
    await request(7, 'access', [1, 1, 1, 1, 1]);
    await request(2, 'erasure', [3]);
    const { requests } = await t.stats(SITE);
    expect(requests).toEqual([
      // Exact: 7 received, 5 completed, so 2 open; shown: 5 and 5.
      { kind: 'access', total: 5, completed: 5, open: null, overdue: null, meanDaysToComplete: 1 },
      // Exact: one erasure, completed in 3 days: that is one person's case.
      { kind: 'erasure', total: null, completed: null, open: null, overdue: null, meanDaysToComplete: null },
    ]);
    expect(requests[0]!.total! - requests[0]!.completed!).not.toBe(2);
  });

  it('hides a single withdrawal in the cookie notice counts and rounds 12 down to 10', async () => {
    const t = await setup(backend);
    const choice = (decision: 'granted' | 'withdrawn') => ({
      site: SITE,
      event: formEvent(t.textHash, { kind: 'cookie-choice', subject: { consentId: crypto.randomUUID() }, purposes: [{ purpose: 'statistics', decision }] }),
      receivedAt: monday,
      source: 'browser' as const,
    });
    await t.store.appendConsentEvents([...Array.from({ length: 12 }, () => choice('granted')), choice('withdrawn')]);
    expect((await t.stats(SITE)).categoryChoices).toEqual([{ purpose: 'statistics', granted: 10, declined: null, withdrawn: null }]);
  });
});
