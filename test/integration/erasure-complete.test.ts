/**
 * Issue 17, item 2: after an erasure, no answer of the app contains the person's name, address,
 * phone number or messages. Walks every GET route in `app.routes` (a new route is walked without
 * a new row) with every credential and every id the fixture has, before the erasure (the walk must
 * find the person, or it proves nothing) and after it (it must find them nowhere).
 */
import { describe, expect, it } from 'vitest';
import { consoleTestApp, OWNER } from '../../server/routes/console/testing.ts';
import { backends } from '../../server/store/backends.testing.ts';
import { formEvent, ORIGIN, SITE } from '../../server/testing.ts';

const NAME = 'Kari Nordmann';
const EMAIL = 'kari.nordmann@example.no';
const PHONE = '98765432';
const MESSAGE = 'Jeg vil ha alt dere vet om meg slettet';
const NEW_EMAIL = 'kari.ny@example.no';
const PLANTED = [NAME, EMAIL, PHONE, MESSAGE, NEW_EMAIL];

async function fixture(backend: (typeof backends)[number]) {
  const t = await consoleTestApp({ backend });
  const adminToken = await t.store.createAdminToken('erasure');
  const post = async (path: string, body: unknown) =>
    (await t.app.request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ id: string; token: string }>;
  const conv = await post('/v1/conversations', { site: SITE, lang: 'nb' });
  await t.store.appendMessage(conv.id, { id: crypto.randomUUID(), author: 'visitor', text: `Hei, jeg heter ${NAME}, ring meg på ${PHONE}. ${MESSAGE}.`, at: t.now() });
  await t.store.handOver(conv.id, EMAIL, t.now());
  const request = await post('/v1/requests', { site: SITE, lang: 'nb', conversationId: conv.id, request: { kind: 'erasure', name: NAME, email: EMAIL } });
  await t.store.markVerified(request.id, t.now(), new Date(t.now().getTime() + 30 * 86_400_000), 'TS');
  const event = formEvent(t.textHash, { subject: { email: EMAIL } });
  await t.app.request('/v1/events', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: SITE, events: [event] }) });
  const subjectId = await t.store.ensureSubject(SITE, EMAIL, t.now());
  // Someone else, who must stay visible: the walk reaches the pages where people are shown.
  const other = await post('/v1/requests', { site: SITE, lang: 'nb', request: { kind: 'access', name: 'Ola Hansen', email: 'ola@example.no' } });
  await t.store.markVerified(other.id, t.now(), new Date(t.now().getTime() + 30 * 86_400_000), 'TS');
  const owner = await t.signIn(OWNER);
  const unsubscribe = await t.store.unsubscribeToken(SITE, EMAIL);
  return { t, adminToken, conv, request, other, event, subjectId, owner, unsubscribe };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** Every value each path parameter can take in the fixture. */
function values(f: Fixture, name: string): string[] {
  switch (name) {
    case 'id': return [f.conv.id, f.request.id, f.other.id, String(f.subjectId), '1'];
    case 'site': case 'key': return [SITE];
    case 'lang': return ['nb', 'en'];
    case 'eventId': return [f.event.id];
    case 'token': return [f.unsubscribe];
    default: return ['x'];
  }
}

function expand(path: string, f: Fixture): string[] {
  const m = /:(\w+)/.exec(path);
  if (!m) return [path];
  return values(f, m[1]!).flatMap((v) => expand(path.replace(m[0], encodeURIComponent(v)), f));
}

const QUERIES = ['', `?email=${encodeURIComponent(EMAIL)}`, `?email=${encodeURIComponent(EMAIL)}&site=${SITE}`, '?from=2020-01-01&to=2030-12-31', '?from=2020-01-01&to=2030-12-31&format=csv', '?state=all'];

/** Reads at most a moment of a stream (the SSE routes), all of any other body. */
async function text(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.includes('event-stream')) return res.text();
  const reader = res.body!.getReader();
  const chunks: string[] = [];
  const stop = setTimeout(() => void reader.cancel(), 300);
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) break;
    chunks.push(new TextDecoder().decode(value));
  }
  clearTimeout(stop);
  return chunks.join('');
}

async function walk(f: Fixture) {
  const credentials: Record<string, Record<string, string>> = {
    console: { Cookie: f.owner.cookie, Origin: 'http://localhost:8787' },
    admin: { Authorization: `Bearer ${f.adminToken}` },
    conversation: { Origin: ORIGIN, Authorization: `Bearer ${f.conv.token}` },
    request: { Origin: ORIGIN, Authorization: `Bearer ${f.request.token}` },
    site: { Authorization: `Bearer ${f.t.siteSecret}` },
  };
  const routes = [...new Set(f.t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))].filter((p) => !p.includes('*'));
  const found: string[] = [];
  let answered = 0;
  for (const route of routes) {
    for (const path of expand(route, f)) {
      for (const query of QUERIES) {
        for (const [who, headers] of Object.entries(credentials)) {
          const res = await f.t.app.request(`http://localhost:8787${path}${query}`, { headers });
          const body = (await text(res)).toLowerCase();
          if (res.ok) answered += 1;
          for (const value of PLANTED) if (body.includes(value.toLowerCase())) found.push(`${route}${query} as ${who}: ${value}`);
        }
      }
    }
  }
  return { found: [...new Set(found)], answered, routes: routes.length };
}

describe.each(backends)('erasure on $name', (backend) => {
  it('leaves the name, address, phone and messages in no answer of any GET route', async () => {
    const f = await fixture(backend);
    const before = await walk(f);
    // The walk reaches the person where they are shown: inbox, requests, consents, admin API.
    for (const where of ['/console/api/requests', '/console/api/conversations', '/console/api/conversations/:id', '/console/api/consents', '/admin/v1/requests', '/admin/v1/conversations/:id']) {
      expect(before.found.some((x) => x.startsWith(where)), where).toBe(true);
    }

    const erase = await f.t.request(`/console/api/requests/${f.request.id}/erase`, { method: 'POST', body: { reason: 'Slettet etter forespørsel' }, session: f.owner });
    expect(erase.status).toBe(200);

    const after = await walk(f);
    console.log(`[erasure] ${backend.name}: ${after.routes} GET routes, ${after.answered} answered calls walked; before erasure ${before.found.length} leaks found, after ${after.found.length}`);
    expect(after.found).toEqual([]);
    // Others stay visible: the walk still reaches a page that shows people.
    const list = await (await f.t.request('/console/api/requests?state=all', { session: f.owner })).text();
    expect(list).toContain('ola@example.no');
  }, 180_000);

  it('finds a person who corrected their address first: erased under the new one, gone under both, and purged', async () => {
    const f = await fixture(backend);
    // Staff correct the person's address; their request, chat and consent were made under the old one.
    const rectify = await f.t.request(`/console/api/subjects/${f.subjectId}/rectify`, { method: 'POST', body: { email: NEW_EMAIL, reason: 'Ny adresse' }, session: f.owner });
    expect(rectify.status).toBe(200);
    const before = await walk(f);
    expect(before.found.some((x) => x.startsWith('/console/api/requests')), 'the walk finds the person').toBe(true);

    const erase = await f.t.request(`/console/api/requests/${f.request.id}/erase`, { method: 'POST', body: { reason: 'Slettet etter forespørsel' }, session: f.owner });
    expect(erase.status).toBe(200);
    // The request's erasure reached the corrected person, not a new record under the old address.
    expect((await f.t.store.subjectsByEmail(NEW_EMAIL)).map((s) => s.erasedAt !== null)).toEqual([true]);
    expect(await f.t.store.subjectsByEmail(EMAIL)).toEqual([]);
    expect((await walk(f)).found).toEqual([]);

    // And 30 days on, the purge blanks the request made under the old address.
    await f.t.store.purgeSubject(f.subjectId, new Date(f.t.now().getTime() + 31 * 86_400_000));
    const stored = await f.t.store.getRightsRequest(f.request.id);
    expect({ name: stored!.name, email: stored!.email }).toEqual({ name: '', email: '' });
  }, 180_000);
});
