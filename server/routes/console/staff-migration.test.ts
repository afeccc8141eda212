/**
 * An install from before sites had their own staff, upgraded: its owners keep every power (they
 * become administrators and owners of every site), its agents keep working on every site.
 */
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../services/passwords/index.ts';
import { backends, type Backend } from '../../store/backends.testing.ts';
import { siteSettings } from '../../testing.ts';
import { consoleTestApp } from './testing.ts';

const OLD_OWNER = { email: 'eier@gammel.example', password: 'gammel-eier-passord-lang' };
const OLD_AGENT = { email: 'agent@gammel.example', password: 'gammel-agent-passord-lang' };
const A = 'pk_old_site_a1';
const B = 'pk_old_site_b1';
const at = '2024-01-01T00:00:00.000Z';

/** Rows as the previous schema held them: two sites, an owner and an agent, an audit entry per site. */
async function seed(): Promise<string> {
  const passwords = createPasswordHasher({ N: 2 ** 10 });
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const site = (key: string) => `(${q(key)}, ${q(JSON.stringify(siteSettings({ key, name: key, origins: [`https://${key.slice(3, 10)}.example`] })))}, 'x', ${q(at)}, ${q(at)})`;
  return `
    INSERT INTO sites (key, settings, secret_hash, created_at, updated_at) VALUES ${site(A)}, ${site(B)};
    INSERT INTO accounts (email, role, password_hash, created_at) VALUES
      (${q(OLD_OWNER.email)}, 'owner', ${q(await passwords.hash(OLD_OWNER.password))}, ${q(at)}),
      (${q(OLD_AGENT.email)}, 'agent', ${q(await passwords.hash(OLD_AGENT.password))}, ${q(at)});
    INSERT INTO console_audit (at, account_id, action, target, detail) VALUES
      (${q(at)}, NULL, 'site.update', ${q(`site:${A}`)}, '{}'),
      (${q(at)}, NULL, 'site.update', ${q(`site:${B}`)}, '{}');`;
}

const upgraded = async (backend: Backend): Promise<Backend> => {
  const sql = await seed();
  return { ...backend, open: () => backend.openUpgraded('CREATE TABLE account_sites', sql) };
};

describe.each(backends)('staff of an older install, upgraded, on $name', (backend) => {
  it('makes owners administrators and owners of every site, and agents agents of every site', async () => {
    const t = await consoleTestApp({ backend: await upgraded(backend) });
    expect(await t.store.findAccountForLogin(OLD_OWNER.email)).toMatchObject({ admin: true, sites: [{ site: A, role: 'owner' }, { site: B, role: 'owner' }] });
    expect(await t.store.findAccountForLogin(OLD_AGENT.email)).toMatchObject({ admin: false, sites: [{ site: A, role: 'agent' }, { site: B, role: 'agent' }] });
  });

  it('keeps each old account\'s powers over the console', async () => {
    const t = await consoleTestApp({ backend: await upgraded(backend) });
    const owner = await t.signIn(OLD_OWNER);
    const agent = await t.signIn(OLD_AGENT);
    const keys = async (session: typeof owner) => ((await (await t.request('/console/api/sites', { session })).json()) as { sites: { key: string }[] }).sites.map((s) => s.key).sort();
    // The test site was added after the upgrade: the administrator sees it, the agent was not given it.
    expect(await keys(owner)).toEqual([A, B, 'pk_test_site01'].sort());
    expect(await keys(agent)).toEqual([A, B]);
    for (const key of [A, B]) {
      expect((await t.request(`/console/api/sites/${key}`, { session: owner })).status).toBe(200);
      expect((await t.request(`/console/api/sites/${key}/chain`, { session: agent })).status).toBe(200);
      expect((await t.request(`/console/api/sites/${key}`, { session: agent })).status).toBe(403);
    }
    expect((await t.request('/console/api/accounts', { session: owner })).status).toBe(200);
    expect((await t.request('/console/api/sites', { method: 'POST', session: owner, body: siteSettings({ key: 'pk_new_after_1', origins: ['https://ny.example'] }) })).status).toBe(201);
  });

  it('shows an audit entry written before the upgrade to the owners of its site only', async () => {
    const t = await consoleTestApp({ backend: await upgraded(backend) });
    const ownerOfA = await t.staff('eier-a@gammel.example', [{ site: A, role: 'owner' }]);
    const entries = ((await (await t.request('/console/api/accounts/audit', { session: ownerOfA })).json()) as { entries: { target: string | null }[] }).entries;
    expect(entries.map((e) => e.target)).toContain(`site:${A}`);
    expect(entries.map((e) => e.target)).not.toContain(`site:${B}`);
  });
});
