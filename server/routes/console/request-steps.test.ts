/**
 * Issue 17, items 8 and 9: the steps a request board was missing. Rectification records what was
 * corrected (old → new) and tells the requester; an access export can be previewed before it is
 * released, and downloaded as JSON and as its own CSV file; an agent erases only through an
 * erasure request. Both backends.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Lang, RightsKind } from '../../../protocol/index.ts';
import type { Mail, Mailer } from '../../services/mail/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { formEvent, SITE } from '../../testing.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { AGENT, consoleTestApp } from './testing.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(backends)('request steps on $name', (backend) => {
  async function setup() {
    const sent: Mail[] = [];
    const mailer: Mailer = { target: 'test', send: async (m) => void sent.push(m), close() {} };
    const t = await consoleTestApp({ backend, chat: { mailer } });
    const session = await t.signIn(AGENT);
    const newRequest = async (kind: RightsKind, lang: Lang = 'nb', email = 'kari@example.no') => {
      const id = crypto.randomUUID();
      const token = `tok-${id}`;
      await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(token), kind, lang, name: 'Kari Nordmann', email, details: {}, conversationId: null, receivedAt: t.now() });
      await t.store.markVerified(id, t.now(), new Date(t.now().getTime() + 30 * DAY), 'TS');
      return { id, token };
    };
    const post = (path: string, body: unknown) => t.request(`/console/api/requests${path}`, { method: 'POST', body, session });
    const get = (path: string) => t.request(`/console/api/requests${path}`, { session });
    return { ...t, sent, session, newRequest, post, get };
  }

  const corrections = [
    { field: 'Adresse', old: 'Storgata 1, 0155 Oslo', new: 'Storgata 10, 0155 Oslo' },
    { field: 'Telefon', old: '+47 400 00 000', new: '+47 411 11 111' },
  ];

  it('records corrections old → new for any field, shows them on the request and in its trail', async () => {
    const t = await setup();
    const { id } = await t.newRequest('rectification');
    const res = await t.post(`/${id}/corrections`, { corrections, reason: 'Kunden har flyttet' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ corrections });
    expect((await t.post(`/${id}/corrections`, { corrections: [{ field: 'Navn', old: 'Kari Nordman', new: 'Kari Nordmann' }] })).status).toBe(200);
    const detail = (await (await t.get(`/${id}`)).json()) as { corrections: unknown[]; events: { type: string; actor: string; data: { corrections?: unknown[] } }[] };
    expect(detail.corrections).toEqual([...corrections, { field: 'Navn', old: 'Kari Nordman', new: 'Kari Nordmann' }]);
    const trail = detail.events.filter((e) => e.type === 'corrected');
    expect(trail).toHaveLength(2);
    expect(trail[0]).toMatchObject({ actor: `staff:${AGENT.email}`, data: { corrections, reason: 'Kunden har flyttet' } });
  });

  it('refuses bad corrections with a 400 naming the field, and corrections on other kinds with a 409', async () => {
    const t = await setup();
    const { id } = await t.newRequest('rectification');
    const bad = await t.post(`/${id}/corrections`, { corrections: [{ field: '', old: 'a', new: 'b' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'validation_failed', issues: [{ path: 'corrections.0.field' }] });
    expect((await t.post(`/${id}/corrections`, { corrections: [] })).status).toBe(400);
    expect((await t.post(`/${id}/corrections`, { corrections: [{ field: 'x', old: 'a\u0000', new: 'b' }] })).status).toBe(400);
    const access = await t.newRequest('access');
    expect((await t.post(`/${access.id}/corrections`, { corrections })).status).toBe(409);
    expect(await t.store.requestEvents(id)).not.toContainEqual(expect.objectContaining({ type: 'corrected' }));
  });

  it.each([
    ['nb', 'Dette har vi rettet:'],
    ['en', 'We corrected:'],
  ] as const)('tells the requester in %s what was corrected when the request is completed', async (lang, heading) => {
    const t = await setup();
    const { id } = await t.newRequest('rectification', lang);
    await t.post(`/${id}/corrections`, { corrections });
    expect((await t.post(`/${id}/status`, { to: 'completed' })).status).toBe(200);
    const mail = t.sent.at(-1)!;
    expect(mail).toMatchObject({ to: 'kari@example.no', kind: 'request-completed' });
    expect(mail.text).toContain(heading);
    expect(mail.text).toContain('- Adresse: «Storgata 1, 0155 Oslo» → «Storgata 10, 0155 Oslo»');
    expect(mail.text).toContain('- Telefon: «+47 400 00 000» → «+47 411 11 111»');
  });

  it('lets staff preview the export before release; the requester gets it only once the request is completed', async () => {
    const t = await setup();
    const tricky = 'Ja takk; send meg "nyheter"\nog tilbud, æøå';
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash), receivedAt: t.now(), source: 'browser' }]);
    const { id, token } = await t.newRequest('access');
    expect((await t.get(`/${id}/export`)).status).toBe(404);
    expect((await t.post(`/${id}/export`, {})).status).toBe(200);
    const preview = await t.get(`/${id}/export`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toContain('application/json');
    const json = await preview.json();
    expect(json).toMatchObject({ format: 'samtykke-subject-export/1', subject: { email: 'kari@example.no' } });
    // The CSV is its own file, never a string inside the JSON.
    expect(json).not.toHaveProperty('consentsCsv');
    expect(json.consents).toHaveLength(1);

    const requester = (query = '') => t.app.request(`/v1/requests/${id}/export${query}`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await requester()).status).toBe(404);
    expect((await t.post(`/${id}/status`, { to: 'completed' })).status).toBe(200);
    const released = await requester();
    expect(released.status).toBe(200);
    expect(await released.json()).toEqual(json);

    // A value with the separator, quotes, a line break and æøå survives a real CSV parser, with either separator.
    const stored = (await t.store.getRequestExport(id))!;
    await t.store.putRequestExport(id, JSON.stringify({ ...json, consents: [{ ...json.consents[0], textShown: tricky }] }), new Date(stored.createdAt), new Date(stored.expiresAt));
    for (const [separator, delimiter] of [['comma', ','], ['semicolon', ';']] as const) {
      const res = await t.get(`/${id}/export?format=csv&separator=${separator}&download=1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="TS-.+\.csv"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      expect(text.split('\r\n')[0]).toBe(['receivedAt', 'kind', 'purposes', 'basis', 'formId', 'pageUrl', 'policyVersion', 'textHash', 'textShown'].join(delimiter));
      const rows = parseCsv(text, { delimiter, columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'form-consent', textShown: tricky, receivedAt: json.consents[0].receivedAt });
    }
    const requesterCsv = await requester('?format=csv&separator=semicolon');
    expect(requesterCsv.status).toBe(200);
    expect((parseCsv((await requesterCsv.text()).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<string, string>[])[0]!.textShown).toBe(tricky);
    const bad = await t.get(`/${id}/export?format=xlsx`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: 'format' }] });
  });

  it('lets an agent erase only through an erasure request', async () => {
    const t = await setup();
    const access = await t.newRequest('access');
    const res = await t.post(`/${access.id}/erase`, { reason: 'feil' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'wrong_kind' });
    expect((await t.store.subjectsByEmail('kari@example.no')).filter((s) => s.erasedAt)).toEqual([]);
    const erasure = await t.newRequest('erasure');
    expect((await t.post(`/${erasure.id}/erase`, { reason: 'Art. 17' })).status).toBe(200);
    expect((await t.store.subjectsByEmail('kari@example.no'))[0]!.erasedAt).not.toBeNull();
  });
});
