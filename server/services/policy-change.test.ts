import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../test/setup/smtp.ts';
import { silentLogger } from '../log.ts';
import { CONSOLE_ORIGIN, OWNER, consoleTestApp } from '../routes/console/testing.ts';
import { formEvent, SITE } from '../testing.ts';
import { createMailer, type Mail, type Mailer } from './mail/index.ts';
import { mailPolicyChange } from './policy-change.ts';

const withConsent = ['kari@example.no', 'ola@example.no'];

async function setup(mailer: Mailer) {
  const t = await consoleTestApp({ chat: { mailer } });
  const grant = (email: string, decision: 'granted' | 'withdrawn' = 'granted') => formEvent(t.textHash, { subject: { email }, purposes: [{ purpose: 'marketing-email', decision }] });
  const events = [...withConsent.map((e) => grant(e)), grant('per@example.no'), grant('per@example.no', 'withdrawn'), grant('lise@example.no')];
  await t.store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: t.now(), source: 'browser' as const })));
  // Restricted processing (Art. 18): not mailed either.
  await t.store.setSubjectFlag(await t.store.ensureSubject(SITE, 'lise@example.no', t.now()), 'restricted', true, t.now());
  return t;
}

describe('a material policy change', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  it('saved in the settings, mails each person with active marketing consent alone, once per version', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Testbutikken <personvern@testbutikken.example>', log: silentLogger });
    const t = await setup(mailer);
    const session = await t.signIn(OWNER);
    const settings = (await t.store.getSite(SITE))!.settings;
    const changed = { ...settings, policy: { ...settings.policy, version: '2024-06-01', materialChange: true, changeSummary: { nb: 'Vi bruker nå en ny e-posttjeneste i USA.', en: 'We now use a new email service in the USA.' } } };
    const before = smtp.messages.length;

    const res = await t.request(`/console/api/sites/${SITE}`, { method: 'PUT', body: changed, session });
    expect(res.status).toBe(200);
    // The flag asked for this version's mail; it is not kept to ask again.
    expect((await t.store.getSite(SITE))!.settings.policy).not.toHaveProperty('materialChange');
    for (const to of withConsent) await smtp.waitFor((m) => m.to.includes(to) && m.subject.includes('personvernerklæringen'));
    await expect.poll(async () => (await t.store.listAudit({ target: `site:${SITE}` })).some((a) => a.action === 'site.policy-change-mail')).toBe(true);

    const mails = smtp.messages.slice(before);
    expect(mails.map((m) => m.to).sort()).toEqual(withConsent.map((to) => [to]));
    for (const m of mails) {
      expect(m.text).toContain('Vi bruker nå en ny e-posttjeneste i USA.');
      expect(m.text).toContain('We now use a new email service in the USA.');
      expect(m.text).toContain('https://shop.example.no/personvern');
      for (const other of [...withConsent, 'per@example.no', 'lise@example.no'].filter((e) => !m.to.includes(e))) expect(m.text + m.subject).not.toContain(other);
    }

    // Each mail has its own one-click way out, in the text and as RFC 8058 headers a mail client acts on.
    const kari = mails.find((m) => m.to.includes('kari@example.no'))!;
    const link = /<(.+)>/.exec(kari.headers['list-unsubscribe'] ?? '')?.[1];
    expect(link).toMatch(new RegExp(`^${CONSOLE_ORIGIN}/u/[\\w-]{40,}$`));
    expect(kari.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(kari.text).toContain(link);
    expect(mails.find((m) => m.to.includes('ola@example.no'))!.text).not.toContain(link);
    const oneClick = await t.app.request(new URL(link!).pathname, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await t.store.marketingList(SITE)).toEqual(['ola@example.no']);

    // Saving the same version again sends nothing more.
    expect((await t.request(`/console/api/sites/${SITE}`, { method: 'PUT', body: changed, session })).status).toBe(200);
    expect(await mailPolicyChange({ store: t.store, mailer, log: silentLogger, clock: t.now, settings: changed, publicUrl: CONSOLE_ORIGIN })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.length - before).toBe(2);
    mailer.close();
  });

  it('sends nothing for a new version saved without the flag', async () => {
    const sent: Mail[] = [];
    const mailer: Mailer = { target: 'test', send: async (m) => void sent.push(m), close() {} };
    const t = await setup(mailer);
    const session = await t.signIn(OWNER);
    const settings = (await t.store.getSite(SITE))!.settings;
    const res = await t.request(`/console/api/sites/${SITE}`, { method: 'PUT', body: { ...settings, policy: { ...settings.policy, version: '2024-06-01' } }, session });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([]);
    expect(await t.store.claimJobRun(`policy-change:${SITE}`, '2024-06-01', t.now())).toBe(true);
  });

  it('hands the mails to the mail service in batches, and counts a failed send without stopping', async () => {
    let running = 0;
    let most = 0;
    const sent: string[] = [];
    const mailer: Mailer = {
      target: 'test',
      async send(m) {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        if (m.to === 'ola@example.no') throw new Error('mailbox full');
        sent.push(m.to);
      },
      close() {},
    };
    const t = await setup(mailer);
    const more = ['a@example.no', 'b@example.no', 'c@example.no'].map((email) => formEvent(t.textHash, { subject: { email } }));
    await t.store.appendConsentEvents(more.map((event) => ({ site: SITE, event, receivedAt: t.now(), source: 'browser' as const })));
    const settings = (await t.store.getSite(SITE))!.settings;
    const changed = { ...settings, policy: { ...settings.policy, version: '2024-06-01' } };
    await t.store.upsertSite(changed);
    const result = await mailPolicyChange({ store: t.store, mailer, log: silentLogger, clock: t.now, settings: changed, publicUrl: CONSOLE_ORIGIN, batchSize: 2, pauseMs: 1 });
    expect(result).toEqual({ version: '2024-06-01', recipients: 5, sent: 4, failed: 1 });
    expect(most).toBe(2);
    expect(sent).not.toContain('ola@example.no');
  });
});
