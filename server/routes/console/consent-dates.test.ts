/** Issue 17, item 5: dates are whole days in the site's time zone (Oslo), inclusive at both ends. */
import { describe, expect, it } from 'vitest';
import { backends } from '../../store/backends.testing.ts';
import { formEvent, SITE } from '../../testing.ts';
import { OWNER, consoleTestApp } from './testing.ts';

describe.each(backends)('consent search and export dates on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(OWNER);
    const at = async (iso: string) => {
      const event = formEvent(t.textHash);
      await t.store.appendConsentEvents([{ site: SITE, event, receivedAt: new Date(iso), source: 'browser' }]);
      return event.id;
    };
    const found = async (query: string) => {
      const res = await t.request(`/console/api/consents?${query}`, { session });
      expect(res.status).toBe(200);
      return ((await res.json()) as { records: { eventId: string }[] }).records.map((r) => r.eventId).sort();
    };
    const exported = async (query: string) => {
      const res = await t.request(`/console/api/consents/export?${query}`, { session });
      expect(res.status).toBe(200);
      return ((await res.json()) as { records: { eventId: string }[] }).records.map((r) => r.eventId).sort();
    };
    const csv = async (query: string) => (await t.request(`/console/api/consents/export?${query}&format=csv`, { session })).text();
    return { ...t, at, found, exported, csv };
  }

  it('finds one day with from = to, by the Oslo calendar', async () => {
    const t = await setup();
    const morning = await t.at('2024-03-05T07:00:00.000Z');
    // 00:30 on 5 March in Oslo, still the 4th in UTC.
    const justAfterMidnight = await t.at('2024-03-04T23:30:00.000Z');
    // 00:30 on 6 March in Oslo.
    const nextDay = await t.at('2024-03-05T23:30:00.000Z');
    expect(await t.found('from=2024-03-05&to=2024-03-05')).toEqual([morning, justAfterMidnight].sort());
    expect(await t.found('from=2024-03-06&to=2024-03-06')).toEqual([nextDay]);
  });

  it('exports the last day of its range, in JSON and CSV, across the change to summer time', async () => {
    const t = await setup();
    const first = await t.at('2024-03-01T00:00:00.000Z');
    // 23:59 on 31 March in Oslo (summer time from that night).
    const last = await t.at('2024-03-31T21:59:00.000Z');
    // 00:01 on 1 April in Oslo.
    const after = await t.at('2024-03-31T22:01:00.000Z');
    expect(await t.exported('from=2024-03-01&to=2024-03-31')).toEqual([first, last].sort());
    const text = await t.csv('from=2024-03-31&to=2024-03-31');
    expect(text).toContain(last);
    expect(text).not.toContain(after);
  });

  it('keeps an instant given instead of a date, and includes it', async () => {
    const t = await setup();
    const id = await t.at('2024-03-05T07:00:00.000Z');
    expect(await t.found('from=2024-03-05T07:00:00.000Z&to=2024-03-05T07:00:00.000Z')).toEqual([id]);
  });
});
