import { copyFor } from '../../widget/chat/copy.ts';
import { describe, expect, it } from 'vitest';
import type { PolicyAnswer } from '../../protocol/index.ts';
import { DEMO_COOKIES } from '../demo-cookies.ts';
import { COOKIE_DECLARATION_ID } from '../services/answers/index.ts';
import { backends } from '../store/backends.testing.ts';
import { siteSettings } from '../testing.ts';
import { chatTestApp, DPO, messageId, SITE } from './chat-testing.ts';

// The demo policies the test site answers from say nothing about cookies.
describe.each(backends)('cookie questions in the chat on $name', (backend) => {
  async function setup({ declared }: { declared: boolean }) {
    const t = await chatTestApp({ backend });
    if (declared) await t.store.upsertSite(siteSettings({ chat: { dpoEmail: DPO, referencePrefix: 'TB' }, cookies: DEMO_COOKIES }));
    const ask = async (text: string, lang: 'nb' | 'en' = 'nb') => {
      const c = await t.openConversation(lang);
      const res = await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text }, t.withToken(c.token));
      expect(res.status).toBe(200);
      return (await res.json()).reply as { text: string; answers?: PolicyAnswer[] };
    };
    const chip = async (question: string, lang: 'nb' | 'en') =>
      ((await (await t.call('POST', `/v1/sites/${SITE}/answers`, { lang, question })).json()) as { answers: PolicyAnswer[] }).answers;
    return { t, ask, chip };
  }

  it('answers from the site’s cookie declaration, in the visitor’s language, with how to change the choice', async () => {
    const { t, ask, chip } = await setup({ declared: true });
    const reply = await ask('bruker dere informasjonskapsler?');
    expect(reply.answers?.[0]).toMatchObject({ sectionId: COOKIE_DECLARATION_ID, title: 'Informasjonskapsler og sporing', url: 'https://shop.example.no/personvern' });
    // The answer first, then the declaration in our own words.
    expect(reply.answers![0]!.direct).toBe('Ja – Testbutikken bruker informasjonskapsler, men bare de nødvendige før du sier ja.');
    expect(reply.text).toBe(`${reply.answers![0]!.direct}\n${reply.answers![0]!.excerpt}`);
    expect(reply.text).toContain('nf_stats – 13 måneder');
    expect(reply.text).toContain('«Personvern»-knappen');

    const english = await ask('which cookies do you set?', 'en');
    expect(english.answers?.[0]?.title).toBe('Cookies and tracking');
    expect(english.text).toContain('You can change your choice at any time');

    const [top] = await chip('do you use Google Analytics?', 'en');
    expect(top?.direct).toBe('No — Testbutikken does not use Google Analytics, according to what the site declares.');
    expect(top?.excerpt).toMatch(/^Google Analytics is not among the services Testbutikken has declared/);
    // Anything else is still answered from the policy.
    expect((await ask('hvor lenge lagrer dere info om meg')).answers?.[0]?.sectionId).toBe('hvor-lenge-lagrer-vi-opplysningene');
  });

  it('offers a person, not an unrelated part of the policy, when the site declares nothing', async () => {
    const { t, ask, chip } = await setup({ declared: false });
    const reply = await ask('bruker dere informasjonskapsler?');
    expect(reply.answers).toBeUndefined();
    expect(reply.text).toContain(`«${copyFor('nb').toPerson}»`);
    const english = await ask('do you use cookies?', 'en');
    expect(english.answers).toBeUndefined();
    expect(english.text).toContain(`“${copyFor('en').toPerson}”`);
    expect(await chip('do you use Google Analytics?', 'en')).toEqual([]);
  });
});
