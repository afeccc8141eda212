/**
 * Issue 17, item 9: a material policy change shows how many will get the mail, and the mail, before
 * anything is sent; a non-material new version is recorded and only asks visitors again. Both backends.
 */
import { describe, expect, it } from 'vitest';
import { PolicyChangePreview } from '../../../protocol/index.ts';
import type { Mail, Mailer } from '../../services/mail/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { formEvent, SITE } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER } from './testing.ts';

describe.each(backends)('the policy change preview on $name', (backend) => {
  async function setup() {
    const sent: Mail[] = [];
    const mailer: Mailer = { target: 'test', send: async (m) => void sent.push(m), close() {} };
    const t = await consoleTestApp({ backend, chat: { mailer } });
    const grant = (email: string) => formEvent(t.textHash, { subject: { email }, purposes: [{ purpose: 'marketing-email', decision: 'granted' }] });
    await t.store.appendConsentEvents(['kari@example.no', 'ola@example.no', 'per@example.no'].map((e) => ({ site: SITE, event: grant(e), receivedAt: t.now(), source: 'browser' as const })));
    const owner = await t.signIn(OWNER);
    const settings = (await t.store.getSite(SITE))!.settings;
    const policy = { url: settings.policy.url, version: '2024-06-01', changeSummary: { nb: 'Vi bruker nå en ny e-posttjeneste.', en: 'We now use a new email service.' } };
    const preview = (body: unknown, session = owner) => t.request(`/console/api/sites/${SITE}/policy-change/preview`, { method: 'POST', body, session });
    return { ...t, sent, owner, settings, policy, preview };
  }

  it('counts the recipients and shows the mail in both languages, sending nothing', async () => {
    const t = await setup();
    const res = await t.preview({ policy: t.policy });
    expect(res.status).toBe(200);
    const answer = PolicyChangePreview.parse(await res.json());
    expect(answer).toMatchObject({ recipients: 3, alreadySent: false });
    expect(answer.mail.subject).toContain('Vi har endret personvernerklæringen / We have changed our privacy policy');
    expect(answer.mail.text).toContain('Hva er endret: Vi bruker nå en ny e-posttjeneste.');
    expect(answer.mail.text).toContain('What changed: We now use a new email service.');
    for (const email of ['kari@', 'ola@', 'per@']) expect(answer.mail.text).not.toContain(email);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.sent).toEqual([]);
    // The version is not recorded by a preview either.
    expect((await t.store.getSite(SITE))!.settings.policy.version).toBe(t.settings.policy.version);
  });

  it('says when the version was announced already, refuses bad input, and is an owner\'s', async () => {
    const t = await setup();
    const saved = await t.request(`/console/api/sites/${SITE}`, { method: 'PUT', session: t.owner, body: { ...t.settings, policy: { ...t.policy, materialChange: true } } });
    expect(saved.status).toBe(200);
    await expect.poll(() => t.sent.length).toBe(3);
    expect(PolicyChangePreview.parse(await (await t.preview({ policy: t.policy })).json()).alreadySent).toBe(true);
    const bad = await t.preview({ policy: { ...t.policy, version: '1. juni' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: 'policy.version' }] });
    expect((await t.preview({ policy: t.policy }, await t.signIn(AGENT))).status).toBe(403);
  });

  it('records a non-material new version without mailing anyone', async () => {
    const t = await setup();
    const res = await t.request(`/console/api/sites/${SITE}`, { method: 'PUT', session: t.owner, body: { ...t.settings, policy: { url: t.settings.policy.url, version: '2024-07-01' } } });
    expect(res.status).toBe(200);
    expect((await t.store.getSite(SITE))!.settings.policy.version).toBe('2024-07-01');
    const config = await (await t.app.request(`/v1/sites/${SITE}/config`)).json();
    expect(JSON.stringify(config)).toContain('2024-07-01');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.sent).toEqual([]);
  });
});
