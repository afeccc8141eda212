import { describe, expect, it } from 'vitest';
import { backends, type Backend } from '../../store/backends.testing.ts';
import { formEvent, ORIGIN, SITE, siteSettings, withoutRequestId } from '../../testing.ts';
import { ADMIN, AGENT, consoleTestApp, OWNER, type Session } from './testing.ts';

const OTHER = 'pk_other_site01';
const OTHER_ORIGIN = 'https://annen.example';

/** SITE (with OWNER, AGENT) and OTHER with an owner and agent of its own, each with a conversation, a request and a consent. */
async function twoCustomers(backend: Backend) {
  const t = await consoleTestApp({ backend });
  await t.store.upsertSite(siteSettings({ key: OTHER, name: 'Annen kunde', origins: [OTHER_ORIGIN] }));
  const visitor = async (site: string, origin: string, email: string) => {
    const post = async (path: string, body: unknown) =>
      (await t.app.request(path, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ id: string }>;
    const conv = await post('/v1/conversations', { site, lang: 'nb' });
    const request = await post('/v1/requests', { site, lang: 'nb', conversationId: conv.id, request: { kind: 'access', name: 'Kari', email } });
    await t.store.appendConsentEvents([{ site, event: formEvent(t.textHash, { subject: { email } }), receivedAt: t.now(), source: 'browser' }]);
    return { conv: conv.id, request: request.id };
  };
  const mine = await visitor(SITE, ORIGIN, 'kari@example.no');
  const theirs = await visitor(OTHER, OTHER_ORIGIN, 'ola@annen.example');
  const otherOwner = await t.staff('eier@annen.example', [{ site: OTHER, role: 'owner' }]);
  const otherAgent = await t.staff('agent@annen.example', [{ site: OTHER, role: 'agent' }]);
  const get = async (path: string, session: Session) => {
    const res = await t.request(`/console/api${path}`, { session });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { t, mine, theirs, otherOwner, otherAgent, get };
}

const sitesOf = (rows: unknown) => [...new Set((rows as { site: string }[]).map((r) => r.site))].sort();

describe.each(backends)('staff per site on $name', (backend) => {
  it('lists only the caller\'s sites everywhere, and answers another site\'s objects as unknown', async () => {
    const { t, mine, theirs, otherAgent, get } = await twoCustomers(backend);
    const agent = await t.signIn(AGENT);
    const admin = await t.signIn(ADMIN);
    for (const [session, sites] of [[agent, [SITE]], [otherAgent, [OTHER]], [admin, [OTHER, SITE]]] as const) {
      expect(sitesOf((await get('/conversations', session)).body.conversations)).toEqual(sites);
      expect(sitesOf((await get('/requests', session)).body.requests)).toEqual(sites);
      expect(sitesOf((await get('/consents', session)).body.records)).toEqual(sites);
      expect((await get('/sites', session)).body.sites).toEqual(sites.map((key) => expect.objectContaining({ key })));
    }
    // Another site's objects: the same 404 as an id nobody has; a ?site= of another site: unknown_site.
    for (const path of [`/conversations/${theirs.conv}`, `/requests/${theirs.request}`, `/sites/${OTHER}/chain`, `/sites/${OTHER}/policies`]) {
      const seen = await get(path, agent);
      expect(seen.status).toBe(404);
    }
    expect(withoutRequestId((await get(`/conversations/${theirs.conv}`, agent)).body)).toEqual(withoutRequestId((await get('/conversations/no-such-id', agent)).body));
    expect((await get(`/requests?site=${OTHER}`, agent))).toMatchObject({ status: 404, body: { error: 'unknown_site' } });
    expect((await get(`/stats?site=${OTHER}`, agent)).status).toBe(404);
    expect((await get(`/conversations/${mine.conv}`, agent)).status).toBe(200);
    // A person on both sites: each site's staff see their own site's part of the history only.
    const history = await get('/consents/history?email=ola@annen.example', agent);
    expect(history.body).toEqual({ subjects: [], records: [] });
  });

  it('lets an owner make staff for the sites they own only, with a one-time password that signs in', async () => {
    const { t, otherOwner } = await twoCustomers(backend);
    const owner = await t.signIn(OWNER);
    const add = (session: typeof owner, body: unknown) => t.request('/console/api/accounts', { method: 'POST', session, body });

    const made = await add(owner, { email: 'ny@example.no', sites: [{ site: SITE, role: 'agent' }] });
    expect(made.status).toBe(201);
    const { account, password } = (await made.json()) as { account: { id: number; sites: unknown }; password: string };
    expect(account.sites).toEqual([{ site: SITE, role: 'agent' }]);
    const session = await t.signIn({ email: 'ny@example.no', password });
    expect(((await (await t.request('/console/api/sites', { session })).json()) as { sites: { key: string }[] }).sites.map((s) => s.key)).toEqual([SITE]);

    // Not on a site they do not own (as unknown as a made-up key), not an administrator, not twice.
    expect(await (await add(owner, { email: 'x@example.no', sites: [{ site: OTHER, role: 'agent' }] })).json()).toMatchObject({ error: 'unknown_site' });
    expect(await (await add(owner, { email: 'x@example.no', sites: [{ site: SITE, role: 'agent' }, { site: OTHER, role: 'owner' }] })).json()).toMatchObject({ error: 'unknown_site' });
    expect((await add(owner, { email: 'x@example.no', admin: true, sites: [{ site: SITE, role: 'agent' }] })).status).toBe(403);
    expect((await add(owner, { email: 'ny@example.no', sites: [{ site: SITE, role: 'agent' }] })).status).toBe(409);
    expect(await (await add(owner, { email: 'x@example.no', sites: [] })).json()).toMatchObject({ error: 'validation_failed', issues: [expect.objectContaining({ path: 'sites' })] });
    // An agent makes no one; nothing was written by the refusals.
    expect((await add(await t.signIn(AGENT), { email: 'y@example.no', sites: [{ site: SITE, role: 'agent' }] })).status).toBe(403);
    expect(await t.store.findAccountForLogin('x@example.no')).toBeUndefined();
    expect(await t.store.findAccountForLogin('y@example.no')).toBeUndefined();

    // The other customer's owner does not see SITE's staff, nor can touch them.
    const theirList = (await (await t.request('/console/api/accounts', { session: otherOwner })).json()) as { accounts: { email: string; sites: { site: string }[] }[] };
    expect(theirList.accounts.map((a) => a.email).sort()).toEqual(['agent@annen.example', 'eier@annen.example']);
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    expect((await t.request(`/console/api/accounts/${agentId}/disabled`, { method: 'POST', session: otherOwner, body: { disabled: true } })).status).toBe(404);
    expect((await t.request(`/console/api/accounts/${agentId}/sites/${OTHER}`, { method: 'PUT', session: otherOwner, body: { role: 'agent' } })).status).toBe(404);
    expect((await t.store.findAccount(agentId))!).toMatchObject({ disabled: false, sites: [{ site: SITE, role: 'agent' }] });
  });

  it('lets an owner change roles on their own sites only, never their own, and disable only staff of theirs alone', async () => {
    const { t } = await twoCustomers(backend);
    const owner = await t.signIn(OWNER);
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    const ownerId = (await t.store.findAccountForLogin(OWNER.email))!.id;
    const role = (id: number, site: string, body: unknown, session = owner) => t.request(`/console/api/accounts/${id}/sites/${site}`, { method: 'PUT', session, body });

    expect((await role(agentId, SITE, { role: 'owner' })).status).toBe(200);
    expect((await t.store.findAccount(agentId))!.sites).toEqual([{ site: SITE, role: 'owner' }]);
    expect((await role(agentId, OTHER, { role: 'agent' })).status).toBe(404);
    expect((await role(ownerId, SITE, { role: 'agent' })).status).toBe(409);
    expect((await role(agentId, SITE, { role: 'boss' })).status).toBe(400);

    // The administrator puts the agent on the other site too: now disabling them is not the owner's alone.
    expect((await role(agentId, OTHER, { role: 'agent' }, await t.signIn(ADMIN))).status).toBe(200);
    expect(await (await t.request(`/console/api/accounts/${agentId}/disabled`, { method: 'POST', session: owner, body: { disabled: true } })).json()).toMatchObject({ error: 'forbidden_role' });
    // What the owner sees of that account: its role on SITE, nothing of the other site.
    const list = (await (await t.request('/console/api/accounts', { session: owner })).json()) as { accounts: { id: number; sites: unknown }[] };
    expect(list.accounts.find((a) => a.id === agentId)!.sites).toEqual([{ site: SITE, role: 'owner' }]);
    expect((await role(agentId, SITE, { role: null })).status).toBe(200);
    expect((await t.store.findAccount(agentId))!.sites).toEqual([{ site: OTHER, role: 'agent' }]);
  });

  it('lets an owner lift sign-in locks on staff of their sites only, and the administrator on anyone\'s', async () => {
    const { t, otherOwner } = await twoCustomers(backend);
    const owner = await t.signIn(OWNER);
    const admin = await t.signIn(ADMIN);
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    const theirAgentId = (await t.store.findAccountForLogin('agent@annen.example'))!.id;
    // Five wrong passwords lock the pair (account, address group); the account counter counts them too.
    const lock = async (email: string) => {
      for (let i = 0; i < 5; i += 1) await t.login({ email, password: 'feil-passord' });
    };
    const unlock = (id: number, session: Session) => t.request(`/console/api/accounts/${id}/unlock`, { method: 'POST', session });
    await lock(AGENT.email);
    expect((await t.store.loginThrottle({ kind: 'account', email: AGENT.email }))?.failures).toBe(5);

    // Another customer's owner: SITE's agent is as unknown as an id nobody has, and the locks stay.
    const refused = await unlock(agentId, otherOwner);
    expect(refused.status).toBe(404);
    expect(withoutRequestId(await refused.json())).toEqual(withoutRequestId(await (await unlock(99_999, otherOwner)).json()));
    expect((await t.store.loginThrottle({ kind: 'account', email: AGENT.email }))?.failures).toBe(5);
    // SITE's owner may; the administrator may for any site's staff, the owner not for the other site's.
    expect(await (await unlock(agentId, owner)).json()).toEqual({ ok: true, cleared: 2 });
    expect(await t.store.loginThrottle({ kind: 'account', email: AGENT.email })).toBeUndefined();
    await lock('agent@annen.example');
    expect((await unlock(theirAgentId, owner)).status).toBe(404);
    expect(await (await unlock(theirAgentId, admin)).json()).toEqual({ ok: true, cleared: 2 });

    // An account on both sites: either site's owner may lift its lock, which stops it everywhere.
    expect((await t.request(`/console/api/accounts/${agentId}/sites/${OTHER}`, { method: 'PUT', session: admin, body: { role: 'agent' } })).status).toBe(200);
    await lock(AGENT.email);
    expect(await (await unlock(agentId, otherOwner)).json()).toEqual({ ok: true, cleared: 2 });
    // Each site's trail shows the unlock of its own staff member only.
    const trail = async (session: Session) => ((await (await t.request('/console/api/accounts/audit', { session })).json()) as { entries: { action: string; target: string; accountEmail: string }[] }).entries
      .filter((e) => e.action === 'account.unlock').map((e) => `${e.accountEmail} ${e.target}`);
    expect(await trail(owner)).toEqual([`${OWNER.email} account:${agentId}`]);
    expect((await trail(otherOwner)).sort()).toEqual([`${ADMIN.email} account:${theirAgentId}`, `eier@annen.example account:${agentId}`].sort());

    // A server administrator who also works on SITE: its lock guards every site, so SITE's owner
    // may not lift it (that would let whoever guesses the password try again at once).
    const second = await t.store.createAccount({ email: 'drift@example.no', admin: true, sites: [{ site: SITE, role: 'agent' }], passwordHash: 'x' });
    await lock('drift@example.no');
    const toAdmin = await unlock(second.id, owner);
    expect(toAdmin.status).toBe(403);
    expect(await toAdmin.json()).toMatchObject({ error: 'forbidden_role' });
    expect((await t.store.loginThrottle({ kind: 'account', email: 'drift@example.no' }))?.failures).toBe(5);
    expect(await (await unlock(second.id, admin)).json()).toMatchObject({ ok: true });
  });

  it('lets only the administrator add a site, and makes them its owner; the audit trail is per site', async () => {
    const { t, otherOwner } = await twoCustomers(backend);
    const owner = await t.signIn(OWNER);
    const site = siteSettings({ key: 'pk_third_site1', name: 'Tredje', origins: ['https://tredje.example'] });
    expect((await t.request('/console/api/sites', { method: 'POST', session: owner, body: site })).status).toBe(403);
    expect((await t.request('/console/api/sites', { method: 'POST', session: await t.signIn(ADMIN), body: site })).status).toBe(201);
    expect((await t.store.findAccountForLogin(ADMIN.email))!.sites).toEqual([{ site: 'pk_third_site1', role: 'owner' }]);

    await t.request(`/console/api/sites/${SITE}/console-settings`, { method: 'PUT', session: owner, body: { digestEmail: 'dpo@example.no', digestWebhook: null } });
    const trail = async (session: typeof owner) => ((await (await t.request('/console/api/accounts/audit', { session })).json()) as { entries: { action: string; target: string | null }[] }).entries;
    expect((await trail(owner)).map((e) => e.action)).toContain('site.digest-settings');
    const theirs = await trail(otherOwner);
    expect(theirs.some((e) => e.target === `site:${SITE}` || e.target === 'site:pk_third_site1')).toBe(false);
    expect(theirs.map((e) => e.action)).toContain('login');
  });
});
