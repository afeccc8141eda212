/**
 * Issue 17, item 9: rotating a site's secret key keeps the old one valid for the grace period the
 * owner chose, then refuses it; a controlled clock, both backends.
 */
import { describe, expect, it } from 'vitest';
import { SecretRotated } from '../../../protocol/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { SITE } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER } from './testing.ts';

const MIN = 60 * 1000;

describe.each(backends)('secret key rotation on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    let owner = await t.signIn(OWNER);
    const rotate = async (body?: unknown) => t.request(`/console/api/sites/${SITE}/rotate-secret`, { method: 'POST', session: owner, ...(body ? { body } : {}) });
    /** The site's backend fetching its marketing list with a key: 200 or 401. */
    const backendCall = async (key: string) => (await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Bearer ${key}` } })).status;
    const later = async (ms: number) => {
      t.advance(ms);
      owner = await t.signIn(OWNER);
    };
    const site = async () => (await (await t.request(`/console/api/sites/${SITE}`, { session: owner })).json()) as { oldKeyValidUntil: string | null };
    return { ...t, rotate, backendCall, later, site, agent: () => t.signIn(AGENT) };
  }

  it('keeps the old key valid for the grace period chosen, shows its end, then refuses it', async () => {
    const t = await setup();
    const old = t.siteSecret;
    expect(await t.backendCall(old)).toBe(200);
    const res = await t.rotate({ grace: '1h' });
    expect(res.status).toBe(200);
    const rotated = SecretRotated.parse(await res.json());
    expect(rotated.oldKeyValidUntil).toBe(new Date(t.now().getTime() + 60 * MIN).toISOString());
    expect((await t.site()).oldKeyValidUntil).toBe(rotated.oldKeyValidUntil);
    expect(await t.backendCall(rotated.secretKey)).toBe(200);
    expect(await t.backendCall(old)).toBe(200);
    await t.later(59 * MIN);
    expect(await t.backendCall(old)).toBe(200);
    await t.later(1 * MIN);
    expect(await t.backendCall(old)).toBe(401);
    expect(await t.backendCall(rotated.secretKey)).toBe(200);
    expect((await t.site()).oldKeyValidUntil).toBeNull();
  });

  it('refuses the old key at once with no grace, and never brings back a key two rotations old', async () => {
    const t = await setup();
    const first = t.siteSecret;
    const second = SecretRotated.parse(await (await t.rotate({ grace: '7d' })).json());
    expect(second.oldKeyValidUntil).toBe(new Date(t.now().getTime() + 7 * 24 * 60 * MIN).toISOString());
    expect(await t.backendCall(first)).toBe(200);
    const third = SecretRotated.parse(await (await t.rotate({ grace: 'none' })).json());
    expect(third.oldKeyValidUntil).toBeNull();
    expect(await t.backendCall(first)).toBe(401);
    expect(await t.backendCall(second.secretKey)).toBe(401);
    expect(await t.backendCall(third.secretKey)).toBe(200);
    expect((await t.site()).oldKeyValidUntil).toBeNull();
  });

  it('takes 24 hours without a choice, refuses an unknown one, and is an owner\'s action', async () => {
    const t = await setup();
    const bad = await t.rotate({ grace: '30d' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'validation_failed', issues: [{ path: 'grace' }] });
    expect(await t.backendCall(t.siteSecret)).toBe(200);
    const plain = SecretRotated.parse(await (await t.rotate()).json());
    expect(plain.oldKeyValidUntil).toBe(new Date(t.now().getTime() + 24 * 60 * MIN).toISOString());
    const agent = await t.agent();
    expect((await t.request(`/console/api/sites/${SITE}/rotate-secret`, { method: 'POST', session: agent, body: { grace: 'none' } })).status).toBe(403);
  });
});
