import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, fakeChatServer } from '../../test/fixtures/fake-chat-server.ts';
import { createChatModel, type ChatModel } from './model.ts';

describe('the rights request model', () => {
  let server: ReturnType<typeof fakeChatServer>;
  let model: ChatModel;

  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    server = fakeChatServer();
    model = createChatModel({ api: 'https://samtykke.example', site: 'pk_demo_nettfokus', lang: 'nb', EventSource: FakeEventSource as unknown as typeof EventSource });
    await model.ready;
  });
  afterEach(() => {
    model.dispose();
    vi.unstubAllGlobals();
  });

  async function toCodeStep() {
    const { rights } = model;
    rights.start();
    rights.pick('access');
    rights.setField('name', 'Kari Nordmann');
    rights.setField('email', 'kari@example.no');
    expect(rights.review()).toBe(true);
    await rights.submit();
    expect(rights.flow.value).toEqual({ step: 'code', id: 'r1' });
  }

  /** The server's refusals, as protocol/rights.ts lists them, each said in the visitor's words. */
  for (const [status, error] of [
    [400, 'wrong_code'],
    [410, 'code_expired'],
    [429, 'too_many_attempts'],
  ] as const) {
    it(`tells the visitor about ${error} (${status}) and stays on the code step`, async () => {
      await toCodeStep();
      const real = server.fetch.getMockImplementation()!;
      server.fetch.mockImplementation(async (input, init) =>
        String(input).endsWith('/verify') ? Response.json({ error, message: error }, { status }) : real(input, init),
      );
      await model.rights.verify('123456');
      expect(model.rights.problem.value).toBe(error);
      expect(model.rights.flow.value.step).toBe('code');
    });
  }

  it('says how many tries are left after a wrong code, when the server says', async () => {
    await toCodeStep();
    const real = server.fetch.getMockImplementation()!;
    server.fetch.mockImplementation(async (input, init) =>
      String(input).endsWith('/verify') ? Response.json({ error: 'wrong_code', message: 'That is not the code we sent. 3 attempts left.', attemptsLeft: 3 }, { status: 400 }) : real(input, init),
    );
    await model.rights.verify('123456');
    expect(model.rights.problem.value).toBe('wrong_code');
    expect(model.rights.attemptsLeft.value).toBe(3);
  });

  it('refuses anything but 6 digits without asking the server', async () => {
    await toCodeStep();
    const before = server.calls.length;
    await model.rights.verify('12345');
    expect(model.rights.problem.value).toBe('code_format');
    expect(server.calls.length).toBe(before);
  });

  it('treats an already verified request as done and shows its status', async () => {
    await toCodeStep();
    await model.rights.verify('123456');
    model.rights.enterCode('r1');
    await model.rights.verify('123456');
    expect(model.rights.flow.value).toEqual({ step: 'done', id: 'r1' });
    expect(model.rights.requests.value[0]).toMatchObject({ status: 'verified', reference: 'NF-2026-000123', dueAt: '2026-04-11T10:00:00.000Z' });
  });

  it('sends a new code on request', async () => {
    await toCodeStep();
    await model.rights.resend();
    expect(server.calls).toContain('POST /v1/requests/r1/resend');
    expect(model.rights.problem.value).toBe('code_sent');
  });

  it('says so when offline, and keeps the summary to send again', async () => {
    const { rights } = model;
    rights.pick('erasure');
    rights.setField('name', 'Kari');
    rights.setField('email', 'kari@example.no');
    rights.review();
    server.down = true;
    await rights.submit();
    expect(rights.problem.value).toBe('offline');
    expect(rights.flow.value.step).toBe('confirm');
    server.down = false;
    await rights.submit();
    expect(rights.flow.value.step).toBe('code');
  });

  it('links the request to the conversation when there is one', async () => {
    model.draft.value = 'Hei';
    await model.send();
    await toCodeStep();
    expect(server.requests.get('r1')!.body.conversationId).toBe('c1');
  });
});
