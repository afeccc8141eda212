import { describe, expect, it } from 'vitest';
import { formEvent, SITE, testAppsClosedAfterEach } from '../testing.ts';

const openApp = testAppsClosedAfterEach();
async function setup() {
  const t = await openApp();
  return { ...t, token: await t.store.createAdminToken() };
}

describe('admin API', () => {
  it('answers 401 without a token and with a wrong one', async () => {
    const { app } = await setup();
    const cases: Record<string, string>[] = [{}, { Authorization: 'Bearer at_wrong' }, { Authorization: 'Basic abc' }];
    for (const headers of cases) {
      const res = await app.request('/admin/v1/consents?email=kari@example.no', { headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toBe('unauthorized');
    }
  });

  it('returns the person’s records with the exact text shown, oldest first', async () => {
    const { app, postEvents, textHash, token } = await setup();
    const first = formEvent(textHash);
    const second = formEvent(textHash, { purposes: [{ purpose: 'marketing-email', decision: 'withdrawn' }] });
    await postEvents({ site: SITE, events: [first] });
    await postEvents({ site: SITE, events: [second] });
    const res = await app.request('/admin/v1/consents?email=KARI@example.no', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const { records } = await res.json();
    expect(records.map((r: { eventId: string }) => r.eventId)).toEqual([first.id, second.id]);
    expect(records[0].notice.text).toMatch(/^Ja takk, send meg e-post\. \[Les personvernerklæringen\]/);
    expect(records[0].email).toBe('kari@example.no');
  });

  it('answers 400 naming the email field when it is missing or malformed', async () => {
    const { app, token } = await setup();
    for (const q of ['', '?email=nope']) {
      const res = await app.request(`/admin/v1/consents${q}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(400);
      expect((await res.json()).issues[0].path).toBe('email');
    }
  });

  it('reports the chain of a site and 404 for an unknown one', async () => {
    const { app, postEvents, textHash, token } = await setup();
    await postEvents({ site: SITE, events: [formEvent(textHash), formEvent(textHash)] });
    const auth = { headers: { Authorization: `Bearer ${token}` } };
    expect(await (await app.request(`/admin/v1/chain/${SITE}`, auth)).json()).toEqual({ site: SITE, ok: true, count: 2 });
    expect((await app.request('/admin/v1/chain/pk_nobody_here', auth)).status).toBe(404);
  });
});
