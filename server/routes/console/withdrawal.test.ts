import { describe, expect, it } from 'vitest';
import { ConsentEvent } from '../../../protocol/index.ts';
import { appendConsentWithdrawal } from '../../services/consent-withdrawal.ts';
import type { Mail, Mailer } from '../../services/mail/index.ts';
import { formEvent, SITE } from '../../testing.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { AGENT, consoleTestApp } from './testing.ts';

const DAY = 24 * 60 * 60 * 1000;
const KARI = 'kari@example.no';

async function setup() {
  const sent: Mail[] = [];
  const mailer: Mailer = { target: 'test', send: async (m) => void sent.push(m), close() {} };
  const t = await consoleTestApp({ chat: { mailer } });
  const session = await t.signIn(AGENT);
  const newText = await t.store.putNoticeText('Ja, send meg nyhetsbrev og tilbud på e-post. Du kan trekke samtykket tilbake når som helst.', 'nb');
  const followupText = await t.store.putNoticeText('Ja, dere kan følge opp henvendelsen min på e-post.', 'nb');
  const grant = (email: string, textHash: string, purpose: 'marketing-email' | 'followup' = 'marketing-email') =>
    formEvent(textHash, { subject: { email }, purposes: [{ purpose, decision: 'granted' }] });
  // Kari said yes to the old text, later to the new one (the one in force), and yes to follow-up; Ola said yes too.
  const events = [grant(KARI, t.textHash), grant(KARI, newText), grant(KARI, followupText, 'followup'), grant('ola@example.no', newText)];
  await t.store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: t.now(), source: 'browser' as const })));
  const withdrawRequest = async (purpose: string) => {
    const id = crypto.randomUUID();
    await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(id), kind: 'withdraw-consent', lang: 'nb', name: 'Kari', email: KARI, details: { purpose }, conversationId: null, receivedAt: t.now() });
    return t.store.markVerified(id, t.now(), new Date(t.now().getTime() + 30 * DAY), 'TS');
  };
  const complete = (id: string) => t.request(`/console/api/requests/${id}/status`, { method: 'POST', body: { to: 'completed' }, session });
  const history = () => t.store.findConsentsByEmail(KARI, SITE);
  return { ...t, sent, newText, followupText, withdrawRequest, complete, history };
}

describe('completing a withdraw-consent request', () => {
  it('appends one withdrawn event that points at the exact text the consent was given to, once, and the chain verifies', async () => {
    const t = await setup();
    const before = await t.store.countConsentEvents(SITE);
    const r = await t.withdrawRequest('marketing-email');

    expect((await t.complete(r.id)).status).toBe(200);

    expect(await t.store.countConsentEvents(SITE)).toBe(before + 1);
    const last = (await t.history()).at(-1)!;
    expect(last).toMatchObject({
      kind: 'form-consent',
      email: KARI,
      source: 'server',
      basis: 'consent',
      purposes: [{ purpose: 'marketing-email', decision: 'withdrawn' }],
      formId: 'nyhetsbrev',
      receivedAt: t.now().toISOString(),
    });
    // The text of the consent in force, not the older one, and the text itself is stored.
    expect(last.notice.textHash).toBe(t.newText);
    expect(last.notice.text).toContain('Du kan trekke samtykket tilbake');
    expect(await t.store.verifyChain(SITE)).toMatchObject({ ok: true });
    expect(await t.store.marketingList(SITE)).toEqual(['ola@example.no']);
    const done = (await t.store.requestEvents(r.id)).find((e) => (e.data as { to?: string } | null)?.to === 'completed');
    expect((done?.data as { withdrawalEvents: string[] }).withdrawalEvents).toEqual([last.eventId]);

    // Once: a second completion is refused, and a retry of the append (as after a failure) adds nothing.
    expect((await t.complete(r.id)).status).toBe(409);
    expect(await appendConsentWithdrawal(t.store, (await t.store.getRightsRequest(r.id))!, t.now())).toEqual([]);
    expect(await t.store.countConsentEvents(SITE)).toBe(before + 1);
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
  });

  it('withdraws every active consent for "all", each against its own text, and leaves other people alone', async () => {
    const t = await setup();
    const before = await t.store.countConsentEvents(SITE);
    const r = await t.withdrawRequest('all');
    expect((await t.complete(r.id)).status).toBe(200);
    const added = (await t.history()).slice(-2);
    expect(await t.store.countConsentEvents(SITE)).toBe(before + 2);
    expect(added.map((e) => [e.purposes, e.notice.textHash]).sort()).toEqual(
      [
        [[{ purpose: 'marketing-email', decision: 'withdrawn' }], t.newText],
        [[{ purpose: 'followup', decision: 'withdrawn' }], t.followupText],
      ].sort(),
    );
    expect(added.every((e) => e.source === 'server' && e.basis === 'consent')).toBe(true);
    expect(await t.store.findConsentsByEmail('ola@example.no', SITE)).toHaveLength(1);
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
  });

  it('writes events the public wire would accept, with stable ids', async () => {
    const t = await setup();
    const r = await t.withdrawRequest('followup');
    const ids = await appendConsentWithdrawal(t.store, r, t.now());
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const record = (await t.history()).at(-1)!;
    const wire = {
      id: record.eventId, kind: record.kind, subject: { email: record.email }, purposes: record.purposes, basis: record.basis,
      notice: { textHash: record.notice.textHash, lang: record.notice.lang, policyUrl: record.notice.policyUrl, policyVersion: record.notice.policyVersion },
      collection: { formId: record.formId, pageUrl: record.pageUrl, clientTime: record.clientTime, widgetVersion: record.widgetVersion },
    };
    expect(ConsentEvent.safeParse(wire).success).toBe(true);
  });
});
