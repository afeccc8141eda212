import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../test/setup/smtp.ts';
import { silentLogger } from '../log.ts';
import { createMailer } from '../services/mail/index.ts';
import { sha256Hex } from '../util/crypto.ts';
import { SITE, siteSettings, tempStore } from '../testing.ts';
import { createDailyJobs } from './index.ts';

const DAY = 24 * 60 * 60 * 1000;
const DPO = 'personvern@testbutikken.example';

describe('the daily deadline digest', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  async function setup(dpoEmail: string | null = DPO) {
    const t = await tempStore();
    await t.store.upsertSite(siteSettings({ chat: { referencePrefix: 'TB', ...(dpoEmail ? { dpoEmail } : {}) } }));
    let now = new Date('2026-03-20T04:00:00Z');
    /** A verified request due `days` from now, made by a person whose name and address must not be mailed. */
    const request = async (days: number, who: string) => {
      const id = crypto.randomUUID();
      await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(id), kind: 'access', lang: 'nb', name: `Navn ${who}`, email: `${who}@example.no`, details: {}, conversationId: null, receivedAt: now });
      return t.store.markVerified(id, now, new Date(now.getTime() + days * DAY), 'TB');
    };
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Samtykke <samtykke@testbutikken.example>', log: silentLogger });
    const jobs = createDailyJobs({ store: t.store, clock: () => now, log: silentLogger, mailer });
    return { ...t, request, jobs, mailer, setNow: (at: string) => (now = new Date(at)) };
  }

  it('mails the contact the open requests due within 7 days or overdue, soonest first, once a day, without personal data', async () => {
    const t = await setup();
    const overdue = await t.request(-2, 'overtid');
    const soon = await t.request(3, 'snart');
    const later = await t.request(20, 'senere');
    const done = await t.request(1, 'ferdig');
    await t.store.transitionRequest(done.id, ['verified'], 'completed', new Date('2026-03-20T05:00:00Z'), 'test', {});
    const before = smtp.messages.length;

    await t.jobs.tick();
    await t.jobs.tick();

    const mails = smtp.messages.slice(before).filter((m) => m.to.includes(DPO));
    expect(mails).toHaveLength(1);
    const { subject, text } = mails[0]!;
    expect(subject).toContain('2 personvernhenvendelser');
    expect(subject).toContain('1 på overtid');
    expect(text).toContain(`${overdue.reference}`);
    expect(text).toContain('2 dager på overtid');
    expect(text).toContain('3 dager igjen');
    expect(text).toContain('3 days left');
    expect(text.indexOf(overdue.reference!)).toBeLessThan(text.indexOf(soon.reference!));
    expect(text).not.toContain(later.reference!);
    expect(text).not.toContain(done.reference!);
    for (const who of ['overtid', 'snart', 'senere', 'ferdig']) {
      expect(text).not.toContain(`${who}@example.no`);
      expect(text).not.toContain(`Navn ${who}`);
    }

    // The next day it comes again, with the days counted on.
    t.setNow('2026-03-21T04:00:00Z');
    await t.jobs.tick();
    const next = smtp.messages.slice(before).filter((m) => m.to.includes(DPO));
    expect(next).toHaveLength(2);
    expect(next[1]!.text).toContain('3 dager på overtid');
    t.mailer.close();
  });

  it('sends nothing when nothing is due, or when the site has no data protection contact', async () => {
    const quiet = await setup();
    await quiet.request(20, 'senere');
    expect(JSON.parse((await quiet.jobs.tick())['deadline-digest']!)).toEqual({ emailed: 0, due: 0 });
    const nobody = await setup(null);
    await nobody.request(1, 'snart');
    expect(JSON.parse((await nobody.jobs.tick())['deadline-digest']!)).toEqual({ emailed: 0, due: 0 });
    quiet.mailer.close();
    nobody.mailer.close();
  });
});
