/**
 * Access-control matrix: every route of the app (read from `app.routes`, so a new route without a
 * row fails) × every kind of caller, the console's administrator and another site's owner and
 * agent included: a cell that lets another site's staff reach this site's objects is wrong, and
 * so is a list answered to them that names anything of this site. A cell is allowed when the route answers past its checks
 * (not 401/403/404, never 5xx) and denied when it answers 401, 403 or 404; the table says which
 * cells are allowed, and nothing else may be. Fixtures are fresh per route (ACCESS_FRESH=1: per cell).
 * ACCESS_ROWS=<regex> runs only the matching rows of the table. ACCESS_POSTGRES=1 (in `npm run soak`) runs the matrix on PostgreSQL too: its sessions, tokens
 * and origins are looked up by other queries, but a fresh database per fixture makes that run
 * about 80 s, too much for `npm test`.
 */
import { describe, expect, it } from 'vitest';
import { consoleTestApp, ADMIN, OWNER, AGENT, type Session } from '../../server/routes/console/testing.ts';
import { CONSOLE_ROUTES } from '../../server/routes/console/routes.ts';
import { backends, type Backend } from '../../server/store/backends.testing.ts';
import { formEvent, ORIGIN, SITE, siteSettings } from '../../server/testing.ts';

const FRESH = process.env.ACCESS_FRESH === '1';
const BACKENDS = process.env.ACCESS_POSTGRES === '1' ? backends : backends.filter((b) => b.name === 'sqlite');
const CREDS = ['none', 'visitor', 'otherVisitor', 'wrongSite', 'foreignOrigin', 'nullOrigin', 'siteSecret', 'admin', 'agent', 'owner', 'expired', 'noCsrf', 'consoleAdmin', 'otherOwner', 'otherAgent'] as const;
/** The site whose staff are `otherOwner` and `otherAgent`; every fixture object is on SITE. */
const OTHER_SITE = 'pk_other_site01';
const STAFF: Cred[] = ['agent', 'owner', 'consoleAdmin', 'otherOwner', 'otherAgent'];
type Cred = (typeof CREDS)[number];

/** Who may call a route; the base credential of each is what foreign/null origin are applied to. */
type Kind = 'open' | 'site-read' | 'site-config' | 'site-write' | 'site-backend' | 'visitor' | 'admin' | 'login' | 'console' | 'console-owner' | 'console-admin' | 'console-list' | 'console-owner-list';
const ALLOWED: Record<Kind, (method: string) => Cred[]> = {
  // Public pages and health: anyone.
  open: () => ['none', 'visitor', 'otherVisitor', 'foreignOrigin', 'nullOrigin', 'siteSecret', 'admin', ...STAFF, 'expired', 'noCsrf'],
  // The widget's config is public and cacheable; only the site key must be right.
  'site-read': () => ['none', 'visitor', 'otherVisitor', 'foreignOrigin', 'nullOrigin', 'siteSecret', 'admin', ...STAFF, 'expired', 'noCsrf'],
  // The widget's settings: public and cacheable, but a browser gets them only on the site's own
  // origins (or with no Origin, as a server or a plain script load): a page elsewhere, the console's
  // own included, is told 403 origin_not_allowed and gets no settings (issue 18).
  'site-config': () => ['none', 'visitor', 'otherVisitor', 'siteSecret', 'admin'],
  // A browser write needs the site's own Origin; a stray token in Authorization changes nothing.
  'site-write': () => ['visitor', 'otherVisitor'],
  // The site's own backend with its secret key (`sk_…`), server to server: Origin plays no part, and
  // no CORS header is sent, so no page can read the answer.
  'site-backend': () => ['siteSecret', 'foreignOrigin', 'nullOrigin'],
  // The visitor's conversation or request: its own token, from the site's origin or no browser at all.
  visitor: () => ['visitor'],
  // The admin token API is server-to-server: Origin plays no part (no CORS, so no page can read it).
  admin: () => ['admin', 'foreignOrigin', 'nullOrigin'],
  // Sign-in needs only the console's own Origin and the password.
  login: () => [...STAFF, 'expired', 'noCsrf'],
  // Reads need a live session (SameSite=Strict keeps other sites from sending it); writes also the CSRF token and the console's Origin.
  // An object of SITE: its staff and the administrator; another site's staff get the 404 of an unknown id.
  console: (m) => (m === 'GET' ? ['agent', 'owner', 'consoleAdmin', 'foreignOrigin', 'nullOrigin', 'noCsrf'] : ['agent', 'owner', 'consoleAdmin']),
  'console-owner': (m) => (m === 'GET' ? ['owner', 'consoleAdmin', 'foreignOrigin', 'nullOrigin', 'noCsrf'] : ['owner', 'consoleAdmin']),
  // Adding a site is the server administrator's.
  'console-admin': (m) => (m === 'GET' ? ['consoleAdmin', 'foreignOrigin', 'nullOrigin', 'noCsrf'] : ['consoleAdmin']),
  // A list of the caller's own sites: every staff member gets one, and another site's staff one without SITE in it.
  'console-list': (m) => [...ALLOWED.console(m), 'otherOwner', 'otherAgent'],
  'console-owner-list': (m) => [...ALLOWED['console-owner'](m), 'otherOwner'],
};

interface Fixture {
  t: Awaited<ReturnType<typeof consoleTestApp>>;
  adminToken: string;
  conv: { id: string; token: string };
  other: { id: string; token: string };
  request: { id: string; token: string };
  subjectId: number;
  eventId: string;
  textHash: string;
  owner: Session;
  agent: Session;
  consoleAdmin: Session;
  otherOwner: Session;
  otherAgent: Session;
}

async function fixture(backend: Backend): Promise<Fixture> {
  const t = await consoleTestApp({ backend });
  const adminToken = await t.store.createAdminToken('matrix');
  const post = async (path: string, body: unknown) => (await t.app.request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();
  const conv = (await post('/v1/conversations', { site: SITE, lang: 'nb' })) as Fixture['conv'];
  const other = (await post('/v1/conversations', { site: SITE, lang: 'nb' })) as Fixture['conv'];
  const request = (await post('/v1/requests', { site: SITE, lang: 'nb', conversationId: conv.id, request: { kind: 'access', name: 'Kari', email: 'kari@example.no' } })) as Fixture['request'];
  const subjectId = await t.store.ensureSubject(SITE, 'kari@example.no', t.now());
  const event = formEvent(t.textHash);
  await post('/v1/events', { site: SITE, events: [event] });
  // The public policy pages (the demo site's two and /policy/:site/:lang) need a stored policy.
  await t.store.upsertSite({ key: 'pk_demo_nettfokus', name: 'Demo', origins: ['https://demo.example'], policy: { url: 'https://demo.example/p', version: '2024-01-01' } });
  for (const site of [SITE, 'pk_demo_nettfokus']) for (const lang of ['nb', 'en'] as const) await t.store.putPolicy({ site, lang, markdown: '# Personvern\n\nVi lagrer lite.', url: 'https://demo.example/p', version: '2024-01-01' });
  // A second customer on the same server, with staff of its own.
  await t.store.upsertSite(siteSettings({ key: OTHER_SITE, name: 'Annen kunde', origins: ['https://annen.example'] }));
  const otherOwner = await t.staff('eier@annen.example', [{ site: OTHER_SITE, role: 'owner' }]);
  const otherAgent = await t.staff('agent@annen.example', [{ site: OTHER_SITE, role: 'agent' }]);
  return {
    t, adminToken, conv, other, request, subjectId, eventId: event.id, textHash: t.textHash,
    owner: await t.signIn(OWNER), agent: await t.signIn(AGENT), consoleAdmin: await t.signIn(ADMIN), otherOwner, otherAgent,
  };
}

/** One pending double opt-in per fixture, for the fixture's form grant. */
const confirmTokens = new WeakMap<Fixture, string>();
async function confirmToken(f: Fixture): Promise<string> {
  let token = confirmTokens.get(f);
  if (!token) {
    token = (await f.t.store.createDoubleOptIn({ site: SITE, grantEventId: f.eventId, lang: 'nb', at: f.t.now(), expiresAt: new Date(f.t.now().getTime() + 7 * 86_400_000) }))!;
    confirmTokens.set(f, token);
  }
  return token;
}

interface Row {
  kind: Kind;
  /** Concrete path and a body that passes validation, from the fixture; `site` is replaced for wrongSite. */
  call: (f: Fixture, site: string) => { path: string; body?: unknown } | Promise<{ path: string; body?: unknown }>;
  /** Has a site key the caller chooses (so the wrongSite column applies). */
  siteKeyed?: boolean;
  /** Instead of the kind's cells. */
  allowed?: Cred[];
}

/** A console route from the console's own list, with the fixture's ids put in. */
const consoleRow = (pattern: string, r: { owner?: boolean; admin?: boolean; list?: boolean }, query: string, body: unknown): Row => ({
  kind: r.admin ? 'console-admin' : r.list ? (r.owner ? 'console-owner-list' : 'console-list') : r.owner ? 'console-owner' : 'console',
  call: async (f) => {
    const id = pattern.includes('/subjects/') ? String(f.subjectId) : pattern.includes('/conversations/') ? f.conv.id : pattern.includes('/accounts/') ? String((await f.t.store.findAccountForLogin(AGENT.email))!.id) : f.request.id;
    return { path: pattern.replace(':id', id).replace(':key', SITE).replace(':eventId', f.eventId).replace(':lang', 'nb') + query, body };
  },
});

const ROWS: Record<string, Row> = {
  'GET /health': { kind: 'open', call: () => ({ path: '/health' }) },
  'GET /health/live': { kind: 'open', call: () => ({ path: '/health/live' }) },
  'GET /health/ready': { kind: 'open', call: () => ({ path: '/health/ready' }) },
  // Prometheus scrapes with an admin token, server to server.
  'GET /metrics': { kind: 'admin', call: () => ({ path: '/metrics' }) },
  'GET /personvern.html': { kind: 'open', call: () => ({ path: '/personvern.html' }) },
  'GET /privacy.html': { kind: 'open', call: () => ({ path: '/privacy.html' }) },
  'GET /policy/:site/:lang': { kind: 'open', call: () => ({ path: `/policy/${SITE}/nb` }) },
  'POST /demo/thanks': { kind: 'open', call: () => ({ path: '/demo/thanks', body: {} }) },
  // The unsubscribe link is its own credential (a sealed token only that mailbox got): no session, no Origin.
  'GET /u/:token': { kind: 'open', call: async (f) => ({ path: `/u/${await f.t.store.unsubscribeToken(SITE, 'kari@example.no')}` }) },
  'POST /u/:token': { kind: 'open', call: async (f) => ({ path: `/u/${await f.t.store.unsubscribeToken(SITE, 'kari@example.no')}`, body: {} }) },
  // The double opt-in link is its own credential too (256 random bits only that mailbox got): the
  // page asks, the POST confirms once; a second POST answers "already confirmed", not an error.
  'GET /c/:token': { kind: 'open', call: async (f) => ({ path: `/c/${await confirmToken(f)}` }) },
  'POST /c/:token': { kind: 'open', call: async (f) => ({ path: `/c/${await confirmToken(f)}`, body: {} }) },
  // The API's description: public, like the API it describes.
  'GET /v1/openapi.json': { kind: 'open', call: () => ({ path: '/v1/openapi.json' }) },
  'GET /v1/sites/:key/config': { kind: 'site-config', siteKeyed: true, call: (_f, site) => ({ path: `/v1/sites/${site}/config` }) },
  // Questions to the site's public policy: public like the config, limited per client address.
  'POST /v1/sites/:key/answers': { kind: 'site-read', siteKeyed: true, call: (_f, site) => ({ path: `/v1/sites/${site}/answers`, body: { lang: 'nb', question: 'Hvor lenge lagrer dere data?' } }) },
  // Authorization on /v1/events means "the site's secret key": a visitor's token there is a wrong key.
  // With the site's secret key it is the site's backend writing, server to server.
  'POST /v1/events': { kind: 'site-write', allowed: ['visitor', 'siteSecret'], siteKeyed: true, call: (f, site) => ({ path: '/v1/events', body: { site, events: [formEvent(f.textHash)] } }) },
  // The marketing list for the site's newsletter tool; wrongSite sends this site's key for another site.
  'GET /v1/sites/:key/marketing-list': { kind: 'site-backend', siteKeyed: true, call: (_f, site) => ({ path: `/v1/sites/${site}/marketing-list` }) },
  'POST /v1/conversations': { kind: 'site-write', siteKeyed: true, call: (_f, site) => ({ path: '/v1/conversations', body: { site, lang: 'nb' } }) },
  'POST /v1/requests': { kind: 'site-write', siteKeyed: true, call: (_f, site) => ({ path: '/v1/requests', body: { site, lang: 'nb', request: { kind: 'access', name: 'Ola', email: 'ola@example.no' } } }) },
  'GET /v1/conversations/:id/messages': { kind: 'visitor', call: (f) => ({ path: `/v1/conversations/${f.conv.id}/messages` }) },
  'POST /v1/conversations/:id/messages': { kind: 'visitor', call: (f) => ({ path: `/v1/conversations/${f.conv.id}/messages`, body: { id: crypto.randomUUID(), text: 'Hei' } }) },
  'POST /v1/conversations/:id/handover': { kind: 'visitor', call: (f) => ({ path: `/v1/conversations/${f.conv.id}/handover`, body: {} }) },
  'GET /v1/conversations/:id/events': { kind: 'visitor', call: (f) => ({ path: `/v1/conversations/${f.conv.id}/events` }) },
  'DELETE /v1/conversations/:id': { kind: 'visitor', call: (f) => ({ path: `/v1/conversations/${f.conv.id}` }) },
  'GET /v1/requests/:id': { kind: 'visitor', call: (f) => ({ path: `/v1/requests/${f.request.id}` }) },
  'POST /v1/requests/:id/verify': { kind: 'visitor', call: (f) => ({ path: `/v1/requests/${f.request.id}/verify`, body: { code: '000000' } }) },
  'POST /v1/requests/:id/resend': { kind: 'visitor', call: (f) => ({ path: `/v1/requests/${f.request.id}/resend` }) },
  'POST /v1/requests/:id/withdraw': { kind: 'visitor', call: (f) => ({ path: `/v1/requests/${f.request.id}/withdraw` }) },
  // No export exists for a fresh request: the visitor gets a 404 too, so this row is held by the
  // no-data-leak test and request tests instead; here every caller must be refused.
  'GET /v1/requests/:id/export': { kind: 'visitor', call: (f) => ({ path: `/v1/requests/${f.request.id}/export` }) },
  'GET /admin/v1/consents': { kind: 'admin', call: () => ({ path: '/admin/v1/consents?email=kari@example.no' }) },
  'GET /admin/v1/chain/:site': { kind: 'admin', call: () => ({ path: `/admin/v1/chain/${SITE}` }) },
  'GET /admin/v1/conversations': { kind: 'admin', call: () => ({ path: '/admin/v1/conversations' }) },
  'GET /admin/v1/conversations/:id': { kind: 'admin', call: (f) => ({ path: `/admin/v1/conversations/${f.conv.id}` }) },
  'POST /admin/v1/conversations/:id/messages': { kind: 'admin', call: (f) => ({ path: `/admin/v1/conversations/${f.conv.id}/messages`, body: { text: 'Svar' } }) },
  'GET /admin/v1/requests': { kind: 'admin', call: () => ({ path: '/admin/v1/requests' }) },
  'GET /admin/v1/requests/:id': { kind: 'admin', call: (f) => ({ path: `/admin/v1/requests/${f.request.id}` }) },
  'POST /console/api/login': { kind: 'login', call: () => ({ path: '/console/api/login', body: OWNER }) },
  // Webhook endpoints receive the site's addresses: owners only. Each call gets an endpoint (and a delivery) of its own.
  'GET /console/api/sites/:key/webhooks': { kind: 'console-owner', call: () => ({ path: `/console/api/sites/${SITE}/webhooks` }) },
  'POST /console/api/sites/:key/webhooks': { kind: 'console-owner', call: () => ({ path: `/console/api/sites/${SITE}/webhooks`, body: { url: 'https://crm.example.com/hooks', events: ['consent.granted'] } }) },
  'DELETE /console/api/sites/:key/webhooks/:id': { kind: 'console-owner', call: async (f) => ({ path: `/console/api/sites/${SITE}/webhooks/${(await webhook(f)).endpoint}` }) },
  'GET /console/api/sites/:key/webhooks/:id/deliveries': { kind: 'console-owner', call: async (f) => ({ path: `/console/api/sites/${SITE}/webhooks/${(await webhook(f)).endpoint}/deliveries` }) },
  'POST /console/api/sites/:key/webhooks/:id/deliveries/:delivery/resend': {
    kind: 'console-owner',
    call: async (f) => {
      const { endpoint, delivery } = await webhook(f);
      return { path: `/console/api/sites/${SITE}/webhooks/${endpoint}/deliveries/${delivery}/resend` };
    },
  },
  // The second step of sign-in needs the pending cookie of a right password (samtykke_console_pending),
  // which no column here holds: a session, a token or any Origin gets no one past it.
  // two-factor.test.ts holds the pending cookie's cells.
  'POST /console/api/login/code': { kind: 'login', allowed: [], call: () => ({ path: '/console/api/login/code', body: { code: '123456' } }) },
  'POST /console/api/login/enrol': { kind: 'login', allowed: [], call: () => ({ path: '/console/api/login/enrol' }) },
  'POST /console/api/login/enrol/confirm': { kind: 'login', allowed: [], call: () => ({ path: '/console/api/login/enrol/confirm', body: { code: '123456' } }) },
  // Staff preview the export before it is released to the requester: each call has one built first (none is a 404 for everyone).
  'GET /console/api/requests/:id/export': {
    kind: 'console',
    call: async (f) => {
      await f.t.store.putRequestExport(f.request.id, JSON.stringify({ consents: [] }), f.t.now(), new Date(f.t.now().getTime() + 24 * 60 * 60 * 1000));
      return { path: `/console/api/requests/${f.request.id}/export` };
    },
  },
  // An owner's own answer for an intent is kept for the policy version now saved: each call saves one first.
  'PUT /console/api/sites/:key/policies/:lang/map/:intent': { kind: 'console-owner', call: async (f) => ({ path: await savedPolicyMap(f, 'retention'), body: { answer: 'Vi lagrer lite, og kort.' } }) },
  'DELETE /console/api/sites/:key/policies/:lang/map/:intent': { kind: 'console-owner', call: async (f) => ({ path: await savedPolicyMap(f, 'retention') }) },
};

/** The map path of one intent of SITE's Bokmål policy, saved as its owner would (signed in anew: a cell before may have let the session expire). */
async function savedPolicyMap(f: Fixture, intent: string): Promise<string> {
  const saved = await f.t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: await f.t.signIn(OWNER), body: { markdown: '# Personvern\n\n## Lagring\n\nVi lagrer kontaktskjemaer i ett år.' } });
  if (saved.status !== 200) throw new Error(`saving the policy for the map answered ${saved.status}`);
  return `/console/api/sites/${SITE}/policies/nb/map/${intent}`;
}

/** A fresh webhook endpoint with one delivery in its outbox. */
async function webhook(f: Fixture) {
  const { endpoint } = await f.t.store.createWebhookEndpoint({ site: SITE, url: 'https://crm.example.com/hooks', events: ['consent.granted'], at: f.t.now() });
  await f.t.store.appendConsentEvents([{ site: SITE, event: formEvent(f.textHash), receivedAt: f.t.now(), source: 'browser' }]);
  const [delivery] = await f.t.store.listWebhookDeliveries(SITE, endpoint.id, 1);
  return { endpoint: endpoint.id, delivery: delivery!.id };
}
for (const r of CONSOLE_ROUTES) {
  // Their ids must exist for an allowed call: rows of their own above.
  if (r.path.includes('/webhooks')) continue;
  const [path, query] = r.path.split('?') as [string, string | undefined];
  const pattern = path.replace(/\/(1|r1|c1)(?=\/|$)/, '/:id').replace('/nope/', '/:eventId/').replace('pk_test_site01', ':key').replace(/\/policies\/nb(?=\/|$)/, '/policies/:lang').replace(/\/map\/retention$/, '/map/:intent');
  ROWS[`${r.method} ${pattern}`] ??= consoleRow(pattern, r, query ? `?${query}` : '', r.body);
}

/** The request a caller of this kind sends. */
async function build(f: Fixture, row: Row, method: string, cred: Cred): Promise<Request | undefined> {
  if (cred === 'wrongSite' && !row.siteKeyed) return undefined;
  const { path, body } = await row.call(f, cred === 'wrongSite' ? 'pk_wrong_site9' : SITE);
  const h: Record<string, string> = {};
  const session = (s: Session, csrf = true) => {
    h.Cookie = s.cookie;
    if (csrf) h['X-CSRF-Token'] = s.csrf;
    h.Origin = 'http://localhost:8787';
  };
  /** The route's own right credential, which the origin columns then change. */
  const base = () => {
    if (row.kind === 'admin') h.Authorization = `Bearer ${f.adminToken}`;
    else if (row.kind === 'site-backend') h.Authorization = `Bearer ${f.t.siteSecret}`;
    else if (row.kind.startsWith('console') || row.kind === 'login') session(f.owner);
    else {
      h.Origin = ORIGIN;
      if (row.kind === 'visitor') h.Authorization = `Bearer ${path.startsWith('/v1/requests') ? f.request.token : f.conv.token}`;
    }
  };
  switch (cred) {
    case 'none': break;
    case 'visitor':
    case 'wrongSite':
      // A visitor on the site's page, holding the token of their own conversation (or request).
      h.Origin = ORIGIN;
      if (cred === 'wrongSite' && row.kind === 'site-backend') h.Authorization = `Bearer ${f.t.siteSecret}`;
      else if (!['open', 'site-read', 'site-config', 'site-write', 'site-backend'].includes(row.kind)) h.Authorization = `Bearer ${path.startsWith('/v1/requests') ? f.request.token : f.conv.token}`;
      break;
    case 'otherVisitor': h.Origin = ORIGIN; h.Authorization = `Bearer ${f.other.token}`; break;
    case 'foreignOrigin': base(); h.Origin = 'https://evil.example'; break;
    case 'nullOrigin': base(); h.Origin = 'null'; break;
    case 'siteSecret': h.Authorization = `Bearer ${f.t.siteSecret}`; break;
    case 'admin': h.Authorization = `Bearer ${f.adminToken}`; break;
    case 'agent': session(f.agent); break;
    case 'owner': case 'expired': session(f.owner); break;
    case 'noCsrf': session(f.owner, false); break;
    case 'consoleAdmin': session(f.consoleAdmin); break;
    case 'otherOwner': session(f.otherOwner); break;
    case 'otherAgent': session(f.otherAgent); break;
  }
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return new Request(`http://localhost:8787${path}`, { method, headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

/** What of SITE's an answer names: its key, the fixture's person, conversation, request or record. */
function leaked(text: string, f: Fixture): string | undefined {
  const marks = [SITE, 'kari@example.no', f.conv.id, f.other.id, f.request.id, f.eventId, OWNER.email, AGENT.email];
  return marks.find((m) => text.includes(m));
}

describe.each(BACKENDS)('access-control matrix on $name', (backend) => {
  it('has a row for every route of the app', async () => {
    const { t } = await fixture(backend);
    const routes = [...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
    expect(routes.filter((r) => !ROWS[r])).toEqual([]);
    expect(Object.keys(ROWS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('allows exactly the cells in the table', async () => {
    const wrong: string[] = [];
    const tally = { allowed: 0, denied: 0, skipped: 0, allowed2xx: 0 };
    const lines: string[] = [];
    // ACCESS_ROWS=<regex>: only the rows whose key matches, to look at a few (the row check above stays whole).
    const only = process.env.ACCESS_ROWS ? new RegExp(process.env.ACCESS_ROWS) : undefined;
    const rows = Object.entries(ROWS).filter(([k]) => !only || only.test(k));
    for (const [key, row] of rows) {
      const method = key.split(' ')[0]!;
      const allowed = row.allowed ?? ALLOWED[row.kind](method);
      let line = '';
      // One fixture per row (columns run in order; refused calls change nothing), or per cell with ACCESS_FRESH=1.
      const shared = await fixture(backend);
      for (const cred of CREDS) {
        const f = FRESH || cred === 'expired' ? await fixture(backend) : shared;
        if (cred === 'expired') f.t.advance(8 * 60 * 60 * 1000 + 60_000);
        const req = await build(f, row, method, cred);
        if (!req) {
          if (f !== shared) await f.t.store.close();
          tally.skipped++;
          line += ' -';
          continue;
        }
        const res = await f.t.app.request(req);
        // Another site's staff may get a list of their own sites, never anything of SITE in it.
        const leak = (cred === 'otherOwner' || cred === 'otherAgent') && row.kind.startsWith('console') && res.status < 300 ? leaked(await res.text(), f) : undefined;
        await res.body?.cancel().catch(() => {});
        // A fresh fixture per cell is closed at once: 700 open PostgreSQL pools would exhaust max_connections.
        if (f !== shared) await f.t.store.close();
        const isAllowed = res.status < 500 && ![401, 403, 404].includes(res.status);
        const expectAllowed = allowed.includes(cred) && !(key === 'GET /v1/requests/:id/export');
        line += isAllowed ? ' Y' : ' .';
        if (isAllowed) tally.allowed++;
        else tally.denied++;
        if (res.status >= 200 && res.status < 300) tally.allowed2xx++;
        if (res.status >= 500 || isAllowed !== expectAllowed) wrong.push(`${key} as ${cred}: ${res.status}, expected ${expectAllowed ? 'allowed' : 'denied'}`);
        if (leak) wrong.push(`${key} as ${cred}: ${res.status} names ${leak} of another site`);
      }
      lines.push(`${line}  ${key}`);
      await shared.t.store.close();
    }
    console.log(`[access-control] ${CREDS.join(' ')}\n${lines.join('\n')}`);
    console.log(`[access-control] ${backend.name}: ${rows.length} routes × ${CREDS.length} callers: ${tally.allowed} allowed (${tally.allowed2xx} 2xx), ${tally.denied} denied, ${tally.skipped} not applicable, ${wrong.length} wrong`);
    expect(wrong).toEqual([]);
    // A fresh fixture per cell (the soak) is some 700 databases on PostgreSQL.
  }, FRESH ? 900_000 : 600_000);
});
