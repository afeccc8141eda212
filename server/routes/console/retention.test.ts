/** Issue 17, item 3: what the retention job will purge and when, for the site's owners; counts and dates only. Both backends. */
import { describe, expect, it } from 'vitest';
import { RetentionPlan } from '../../../protocol/index.ts';
import { runRetention } from '../../jobs/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { SITE } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER } from './testing.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(backends)('the retention view on $name', (backend) => {
  it('shows owners what will be purged per day, with no personal data; the job then does exactly that', async () => {
    const t = await consoleTestApp({ backend });
    const at = (days: number) => new Date(t.now().getTime() + days * DAY);
    for (const [email, purgeIn] of [['a@example.no', -2], ['b@example.no', 3], ['c@example.no', 3]] as const) {
      const id = await t.store.ensureSubject(SITE, email, at(-30));
      await t.store.eraseSubject(id, at(-30), at(purgeIn));
    }
    const request = crypto.randomUUID();
    await t.store.createRightsRequest({ id: request, site: SITE, tokenHash: 'x', kind: 'access', lang: 'nb', name: 'Kari', email: 'kari@example.no', details: {}, conversationId: null, receivedAt: at(-1) });
    await t.store.markVerified(request, at(-1), at(29), 'TS');
    await t.store.putRequestExport(request, '{}', at(-1), at(13));
    const unverified = crypto.randomUUID();
    await t.store.createRightsRequest({ id: unverified, site: SITE, tokenHash: 'y', kind: 'erasure', lang: 'nb', name: 'Ola', email: 'ola@example.no', details: {}, conversationId: null, receivedAt: at(-2) });

    const owner = await t.signIn(OWNER);
    const res = await t.request('/console/api/retention', { session: owner });
    expect(res.status).toBe(200);
    const text = await res.text();
    const plan = RetentionPlan.parse(JSON.parse(text));
    // 1 March 2024, 10:00 UTC: Oslo is UTC+1.
    expect(plan.items).toEqual([
      { site: SITE, what: 'erased-people', day: '2024-03-01', count: 1, dueNow: true },
      { site: SITE, what: 'erased-people', day: '2024-03-04', count: 2, dueNow: false },
      { site: SITE, what: 'unverified-requests', day: '2024-03-06', count: 1, dueNow: false },
      { site: SITE, what: 'expired-exports', day: '2024-03-14', count: 1, dueNow: false },
    ]);
    for (const personal of ['a@example.no', 'b@example.no', 'kari', 'Kari', 'Ola', request, unverified]) expect(text).not.toContain(personal);
    expect((await t.request(`/console/api/retention?site=${SITE}`, { session: owner })).status).toBe(200);
    expect((await t.request('/console/api/retention?site=pk_nope', { session: owner })).status).toBe(404);
    expect((await t.request('/console/api/retention', { session: await t.signIn(AGENT) })).status).toBe(403);
    const bad = await t.request('/console/api/retention?sites=x', { session: owner });
    expect(bad.status).toBe(400);

    // What the view said is what the job does.
    expect(await runRetention(t.store, t.now())).toEqual({ purged: 1, expired: 0, exportsCleared: 0 });
    t.advance(14 * DAY);
    expect(await runRetention(t.store, t.now())).toEqual({ purged: 2, expired: 1, exportsCleared: 1 });
    const later = await (await t.request('/console/api/retention', { session: await t.signIn(OWNER) })).json();
    expect(later.items).toEqual([]);
  });
});
