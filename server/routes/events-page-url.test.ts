import { describe, expect, it } from 'vitest';
import { buildSubjectExport } from '../services/subject-export.ts';
import { backends } from '../store/backends.testing.ts';
import { cookieEvent, formEvent, ORIGIN, SITE } from '../testing.ts';
import { consoleTestApp, OWNER } from './console/testing.ts';

const KARI = 'kari@example.no';
// What a newsletter link or an ad click puts after the path: an address, a click id, a fragment.
const FORM_PAGE = `https://shop.example.no/kontakt?email=${KARI}&gclid=Cj0KCQ#x`;
const COOKIE_PAGE = 'https://shop.example.no/?fbclid=IwAR0zz9#/kurv';
const LEAKS = /email=|gclid|fbclid|#x|#\/kurv|\?/;

describe.each(backends)('the page a consent was given on, on $name', (backend) => {
  it('is stored, shown, exported and hashed into the chain as origin and path only, and a retry is still a replay', async () => {
    const t = await consoleTestApp({ backend });
    const form = formEvent(t.textHash, { collection: { formId: 'nyhetsbrev', pageUrl: FORM_PAGE, clientTime: '2024-03-01T10:00:00.000Z', widgetVersion: '0.1.0' } });
    const post = (event: unknown) => t.request('/v1/events', { method: 'POST', origin: ORIGIN, body: { site: SITE, events: [event] } });

    // Accepted as sent (stripped, not refused), from a browser and from the site's backend alike.
    const first = await post(form);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ acked: [{ id: form.id, receiptId: form.id, replay: false }], rejected: [] });
    const cookies = cookieEvent(t.textHash, crypto.randomUUID(), { collection: { pageUrl: COOKIE_PAGE, clientTime: '2024-03-01T09:00:00.000Z', widgetVersion: '0.1.0' } });
    const fromBackend = await t.request('/v1/events', { method: 'POST', origin: null, headers: { Authorization: `Bearer ${t.siteSecret}` }, body: { site: SITE, events: [cookies] } });
    expect(fromBackend.status).toBe(200);

    const rows = await t.query<{ event_id: string; page_url: string }>('SELECT * FROM consent_events ORDER BY seq');
    expect(rows.map((r) => [r.event_id, r.page_url])).toEqual([[form.id, 'https://shop.example.no/kontakt'], [cookies.id, 'https://shop.example.no/']]);
    expect(JSON.stringify(rows)).not.toMatch(LEAKS);

    // The same body again is a replay. So is one that differs only in the query: the replay digest
    // is over the page as kept, so the stored digest cannot confirm a guessed ?email= either.
    const again = await post(form);
    expect(await again.json()).toEqual({ acked: [{ id: form.id, receiptId: form.id, replay: true }], rejected: [] });
    const otherQuery = await post({ ...form, collection: { ...form.collection, pageUrl: 'https://shop.example.no/kontakt?email=ola@example.no' } });
    expect(await otherQuery.json()).toEqual({ acked: [{ id: form.id, receiptId: form.id, replay: true }], rejected: [] });
    // Another body under the same id is still a conflict.
    const otherPage = await post({ ...form, collection: { ...form.collection, pageUrl: 'https://shop.example.no/annen-side' } });
    expect(otherPage.status).toBe(422);
    expect(await otherPage.json()).toMatchObject({ error: 'id_conflict' });
    expect(await t.store.countConsentEvents(SITE)).toBe(2);

    const session = await t.signIn(OWNER);
    const read = async (path: string) => {
      const res = await t.request(path, { session });
      expect(res.status).toBe(200);
      return res.text();
    };
    const proof = JSON.parse(await read(`/console/api/consents/${form.id}/proof`)) as { record: { pageUrl: string } };
    expect(proof.record.pageUrl).toBe('https://shop.example.no/kontakt');
    const history = await read(`/console/api/consents/history?email=${KARI}`);
    expect((JSON.parse(history) as { records: { pageUrl: string }[] }).records.map((r) => r.pageUrl)).toEqual(['https://shop.example.no/kontakt']);
    const json = await read('/console/api/consents/export?from=2024-01-01&to=2024-12-31');
    expect((JSON.parse(json) as { records: { pageUrl: string }[] }).records.map((r) => r.pageUrl).sort()).toEqual(['https://shop.example.no/', 'https://shop.example.no/kontakt']);
    const csv = await read('/console/api/consents/export?from=2024-01-01&to=2024-12-31&format=csv');
    expect(csv).toContain('https://shop.example.no/kontakt');
    // The person's own copy (access and portability requests).
    const own = await buildSubjectExport(t.store, { site: SITE, email: KARI, at: t.now() });
    expect(own.consents.map((c) => c.pageUrl)).toEqual(['https://shop.example.no/kontakt']);
    for (const text of [JSON.stringify(proof), history, json, csv, JSON.stringify(own)]) expect(text).not.toMatch(LEAKS);

    const chain = JSON.parse(await read(`/console/api/sites/${SITE}/chain`)) as { ok: boolean; count: number };
    expect(chain).toMatchObject({ ok: true, count: 2 });
  });
});
