import { describe, expect, it } from 'vitest';
import type { ChatMessage, PolicyAnswers } from '../../protocol/index.ts';
import { backends } from '../store/backends.testing.ts';
import { chatTestApp, messageId, SITE } from './chat-testing.ts';

// The test site answers from the demo policies, whose rights sections are "Dine rettigheter" / "Your rights".
describe.each(backends)('questions that ask to use a right, on $name', (backend) => {
  async function setup() {
    const t = await chatTestApp({ backend });
    const ask = async (text: string, lang: 'nb' | 'en' = 'nb') => {
      const c = await t.openConversation(lang);
      const res = await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text }, t.withToken(c.token));
      expect(res.status).toBe(200);
      const reply = (await res.json()).reply as ChatMessage;
      const stored = (await (await t.call('GET', `/v1/conversations/${c.id}/messages`, undefined, t.withToken(c.token))).json()) as { messages: ChatMessage[] };
      return { reply, stored: stored.messages.find((m) => m.id === reply.id) };
    };
    const quick = async (question: string, lang: 'nb' | 'en') =>
      (await (await t.call('POST', `/v1/sites/${SITE}/answers`, { lang, question })).json()) as PolicyAnswers;
    return { ask, quick };
  }

  it('answers with the rights section first and suggests the request, in the reply and as stored', async () => {
    const { ask, quick } = await setup();
    const { reply, stored } = await ask('kan jeg se dataene mine');
    expect(reply.request).toBe('access');
    expect(reply.answers?.[0]?.sectionId).toBe('dine-rettigheter');
    expect(reply.text).toContain('«Dine rettigheter»');
    expect(stored?.request).toBe('access');
    expect(stored?.answers?.[0]?.sectionId).toBe('dine-rettigheter');

    const english = await ask('can I see my data', 'en');
    expect(english.reply.request).toBe('access');
    expect(english.reply.answers?.[0]).toMatchObject({ sectionId: 'your-rights', excerpt: expect.stringContaining('(access)') });
    expect((await ask('jeg vil ikke ha mer reklame')).reply.request).toBe('withdraw-consent');
    expect((await ask('send me my data as a file', 'en')).reply.request).toBe('portability');

    const erase = await quick('delete my data', 'en');
    expect(erase.request).toBe('erasure');
    expect(erase.answers[0]?.sectionId).toBe('your-rights');
  });

  it('suggests nothing for a question about the policy', async () => {
    const { ask, quick } = await setup();
    const { reply, stored } = await ask('hvor lenge lagrer dere data');
    expect(reply.request).toBeUndefined();
    expect(reply.answers?.[0]?.sectionId).toBe('hvor-lenge-lagrer-vi-opplysningene');
    expect(stored?.request).toBeUndefined();
    expect(stored?.answers?.[0]?.sectionId).toBe('hvor-lenge-lagrer-vi-opplysningene');
    const answers = await quick('do you use cookies', 'en');
    expect(answers.request).toBeUndefined();
  });
});
