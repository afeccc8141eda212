import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarketingList, type ConsentEvent } from '../../../protocol/index.ts';
import { createDailyJobs } from '../../jobs/index.ts';
import { silentLogger } from '../../log.ts';
import { CONSOLE_ORIGIN, consoleTestApp } from '../../routes/console/testing.ts';
import { backends } from '../../store/backends.testing.ts';
import { formEvent, ORIGIN, SITE } from '../../testing.ts';
import type { Mail, Mailer } from '../mail/index.ts';
import { createOutboundGuard } from '../outbound/index.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.testing.ts';
import { createWebhookWorker } from '../webhooks/worker.ts';

const DAY = 24 * 60 * 60 * 1000;
const FORM_POST = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' };

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function capturingMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { target: 'test', sent, async send(mail) { sent.push(mail); }, close() {} };
}

describe.each(backends)('double opt-in on $name', (backend) => {
  async function setup(expiresAfterDays = 3) {
    const mailer = capturingMailer();
    const t = await consoleTestApp({ backend, chat: { mailer } });
    await t.store.updateSite(SITE, (s) => ({ ...s, forms: { ...s.forms, nyhetsbrev: { basis: 'consent', doubleOptIn: { expiresAfterDays } } } }));
    const post = async (event: ConsentEvent) => {
      const res = await t.app.request('/v1/events', { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: ORIGIN }, body: JSON.stringify({ site: SITE, events: [event] }) });
      return { status: res.status, body: (await res.json()) as { acked: { id: string }[]; rejected: { id: string; error: string; message: string }[] } };
    };
    /** The link in the n-th mail (the mail is sent after the answer, so it is waited for). */
    const link = async (n = 1) => {
      await vi.waitFor(() => expect(mailer.sent.length).toBeGreaterThanOrEqual(n));
      const url = /https?:\/\/\S+\/c\/[\w-]+/.exec(mailer.sent[n - 1]!.text)![0];
      expect(url.startsWith(`${CONSOLE_ORIGIN}/c/`)).toBe(true);
      return new URL(url).pathname;
    };
    const subscribers = async () => {
      const res = await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Bearer ${t.siteSecret}` } });
      return MarketingList.parse(await res.json()).subscribers.map(({ email, confirmed_at }) => ({ email, confirmed_at }));
    };
    const history = (email = 'kari@example.no') => t.store.findConsentsByEmail(email, SITE);
    return { t, mailer, post, link, subscribers, history };
  }

  it('mails a link after a grant, confirms once on the button, and appends the confirmation pointing at the grant', async () => {
    const { t, mailer, post, link, subscribers, history } = await setup();
    const grant = formEvent(t.textHash);
    expect((await post(grant)).body.acked).toEqual([expect.objectContaining({ id: grant.id })]);
    const path = await link();
    expect(mailer.sent[0]).toMatchObject({ to: 'kari@example.no', kind: 'double-opt-in', subject: 'Bekreft e-postadressen din hos Testbutikken' });
    // On the list at once (the grant is recorded as always), said to be unconfirmed.
    expect(await subscribers()).toEqual([{ email: 'kari@example.no', confirmed_at: null }]);

    // A mail filter opening the link changes nothing; the page needs no script.
    const shown = await t.app.request(path);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await shown.text();
    expect(page).toContain('<html lang="nb">');
    expect(page).toContain('k…i@example.no');
    expect(page).toContain('<form method="post"><button type="submit">Bekreft</button></form>');
    expect(await history()).toHaveLength(1);

    const done = await t.app.request(path, FORM_POST);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Takk! k…i@example.no er bekreftet');
    const records = await history();
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      source: 'server', formId: 'nyhetsbrev', widgetVersion: 'double-opt-in-link', basis: 'consent',
      purposes: [{ purpose: 'marketing-email', decision: 'confirmed', grantId: grant.id }],
      notice: { textHash: records[0]!.notice.textHash },
    });
    expect(await subscribers()).toEqual([{ email: 'kari@example.no', confirmed_at: t.now().toISOString() }]);

    // A second click: "already confirmed", and nothing more in the chain.
    t.advance(60_000);
    expect(await (await t.app.request(path, FORM_POST)).text()).toContain('allerede bekreftet');
    expect(await (await t.app.request(path)).text()).toContain('allerede bekreftet');
    expect(await history()).toHaveLength(2);
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);

    // The same grant sent again, or a new grant once confirmed: no second mail.
    await post(grant);
    await post(formEvent(t.textHash));
    await new Promise((r) => setTimeout(r, 50));
    expect(mailer.sent).toHaveLength(1);
  });

  it('tells a webhook receiver of the grant and then its confirmation, signed', async () => {
    const { t, post, link } = await setup();
    const receiver = await startReceiver();
    receivers.push(receiver);
    receiver.secret = (await t.store.createWebhookEndpoint({ site: SITE, url: receiver.url, events: ['consent.granted', 'consent.confirmed'], at: t.now() })).secret;
    const grant = formEvent(t.textHash);
    await post(grant);
    await t.app.request(await link(), FORM_POST);
    const worker = createWebhookWorker({ store: t.store, outbound: createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true }), clock: () => new Date(), random: () => 0.5, timeoutMs: 1000 });
    while ((await worker.deliverDue()) > 0);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received.map((r) => [r.payload.type, 'purposes' in r.payload.data ? r.payload.data.purposes : null])).toEqual([
      ['consent.granted', [{ purpose: 'marketing-email', decision: 'granted' }]],
      ['consent.confirmed', [{ purpose: 'marketing-email', decision: 'confirmed', grantId: grant.id }]],
    ]);
    expect(receiver.received[1]!.payload.data).toMatchObject({ email: 'kari@example.no', source: 'server', formId: 'nyhetsbrev' });
  });

  it('expires an unconfirmed grant after the period: recorded by the daily job, off the list, and the link says so', async () => {
    const { t, post, link, subscribers, history } = await setup(3);
    await post(formEvent(t.textHash, { subject: { email: 'ola@example.no' } }));
    const olaLink = await link(1);
    const grant = formEvent(t.textHash);
    await post(grant);
    const kariLink = await link(2);
    await t.app.request(olaLink, FORM_POST);
    const jobs = () => createDailyJobs({ store: t.store, clock: t.now, log: silentLogger }).tick();

    // Two days on: nothing has run out yet.
    t.advance(2 * DAY);
    expect((await jobs())['double-opt-in-expiry']).toBe(JSON.stringify({ expired: 0, superseded: 0, finished: 0 }));
    expect((await subscribers()).map((s) => s.email).sort()).toEqual(['kari@example.no', 'ola@example.no']);

    t.advance(DAY + 60_000);
    expect(await (await t.app.request(kariLink)).text()).toContain('har gått ut');
    expect((await jobs())['double-opt-in-expiry']).toBe(JSON.stringify({ expired: 1, superseded: 0, finished: 0 }));
    expect(await subscribers()).toEqual([{ email: 'ola@example.no', confirmed_at: expect.any(String) }]);
    expect((await history()).at(-1)).toMatchObject({ source: 'server', widgetVersion: 'double-opt-in-expiry', purposes: [{ purpose: 'marketing-email', decision: 'expired', grantId: grant.id }] });

    // Too late to click: nothing is recorded, the page says why.
    const late = await t.app.request(kariLink, FORM_POST);
    expect(await late.text()).toContain('har gått ut');
    expect(await history()).toHaveLength(2);
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
  });

  it('does not expire a grant withdrawn meanwhile (nothing to expire), and speaks the form\'s language', async () => {
    const { t, mailer, post, link, history } = await setup(1);
    await post(formEvent(t.textHash, { notice: { textHash: t.textHash, lang: 'en', policyUrl: 'https://shop.example.no/personvern', policyVersion: '2024-02-11' } }));
    const path = await link();
    expect(mailer.sent[0]!.subject).toBe('Confirm your email address for Testbutikken');
    expect(mailer.sent[0]!.text).toContain('Open this link and press "Confirm"');
    const page = await (await t.app.request(path)).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<button type="submit">Confirm</button>');
    await post(formEvent(t.textHash, { purposes: [{ purpose: 'marketing-email', decision: 'withdrawn' }] }));
    t.advance(DAY + 1);
    await expect(createDailyJobs({ store: t.store, clock: t.now, log: silentLogger }).tick()).resolves.toMatchObject({ 'double-opt-in-expiry': JSON.stringify({ expired: 0, superseded: 1, finished: 0 }) });
    expect((await history()).map((r) => r.purposes[0]!.decision)).toEqual(['granted', 'withdrawn']);
  });

  it('sends no mail for a form that does not ask, and refuses confirmations sent by a client', async () => {
    const { t, mailer, post, history } = await setup();
    await post(formEvent(t.textHash, { collection: { formId: 'kontakt', pageUrl: 'https://shop.example.no/kontakt', clientTime: '2024-03-01T10:00:00.000Z', widgetVersion: '0.1.0' } }));
    const grant = (await history())[0]!;
    for (const purposes of [
      [{ purpose: 'marketing-email' as const, decision: 'confirmed' as const }],
      [{ purpose: 'marketing-email' as const, decision: 'expired' as const }],
      [{ purpose: 'marketing-email' as const, decision: 'granted' as const, grantId: grant.eventId }],
    ]) {
      const { status, body } = await post(formEvent(t.textHash, { purposes }));
      expect(status).toBe(400);
      expect(body.rejected[0]).toMatchObject({ error: 'invalid_event', message: expect.stringContaining('written by the server only') });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(mailer.sent).toEqual([]);
    expect(await history()).toHaveLength(1);
  });

  it('answers a link that is cut, altered or made up with a 404 page and changes nothing', async () => {
    const { t, post, link, history } = await setup();
    await post(formEvent(t.textHash));
    const good = await link();
    const token = good.slice('/c/'.length);
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    for (const bad of [`/c/${token.slice(0, -4)}`, `/c/${flipped}`, `/c/${'A'.repeat(43)}`]) {
      for (const method of ['GET', 'POST']) {
        const res = await t.app.request(bad, method === 'POST' ? FORM_POST : {});
        expect(res.status, `${method} ${bad}`).toBe(404);
        expect(await res.text()).toContain('Lenken virker ikke');
      }
    }
    expect(await history()).toHaveLength(1);
  });
});
