import { IDBFactory } from 'fake-indexeddb';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RightsKind } from '../../protocol/index.ts';
import { FakeEventSource, fakeChatServer } from '../../test/fixtures/fake-chat-server.ts';
import { copyFor } from './copy.ts';
import { createChatModel, type ChatModel } from './model.ts';
import { ChatPanel } from './panel.tsx';
import { FIELDS } from './validate.ts';

const nb = copyFor('nb');
let server: ReturnType<typeof fakeChatServer>;
let models: ChatModel[] = [];

async function openChat(lang: 'nb' | 'en' = 'nb') {
  const model = createChatModel({ api: 'https://samtykke.example', site: 'pk_demo_nettfokus', lang, EventSource: FakeEventSource as unknown as typeof EventSource, retryMs: 20, pollMs: 20 });
  models.push(model);
  await model.ready;
  model.show();
  const view = render(<ChatPanel model={model} />);
  return { model, ...view };
}

function type(label: RegExp | string, text: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
}

async function ask(text: string) {
  type(nb.draftLabel, text);
  fireEvent.keyDown(screen.getByLabelText(nb.draftLabel), { key: 'Enter' });
}

const log = () => screen.getByRole('log');

describe('the chat panel', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    sessionStorage.clear();
    FakeEventSource.reset();
    server = fakeChatServer();
  });
  afterEach(() => {
    for (const m of models) m.dispose();
    models = [];
    vi.unstubAllGlobals();
  });

  it('is a labelled dialog with a polite live log, and focus starts in the message field', async () => {
    await openChat();
    expect(screen.getByRole('dialog', { name: 'Personvernchat' })).toBeTruthy();
    expect(log().getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(nb.draftLabel)));
  });

  it('answers a question with a short excerpt, the section title and a read-more link', async () => {
    await openChat();
    await ask('sender dere noe til usa');
    await within(log()).findByText('Overføring til land utenfor EØS');
    expect(within(log()).getByText(/Data Privacy Framework/)).toBeTruthy();
    const link = within(log()).getByRole('link', { name: /Les mer/ });
    expect(link.getAttribute('href')).toBe('https://nettfokus.example/personvern#overforing');
    expect(link.textContent).toContain('Overføring til land utenfor EØS');
    expect((screen.getByLabelText(nb.draftLabel) as HTMLTextAreaElement).value).toBe('');
  });

  it('answers the quick-reply chips from the policy', async () => {
    await openChat();
    const chips = within(screen.getByRole('group', { name: nb.chipsLabel })).getAllByRole('button');
    expect(chips.map((c) => c.textContent)).toEqual(Object.values(nb.chips));
    fireEvent.click(screen.getByRole('button', { name: nb.chips.usa }));
    await within(log()).findByText('Overføring til land utenfor EØS');
    fireEvent.click(screen.getByRole('button', { name: nb.chips.keep }));
    await within(log()).findByText(nb.noAnswer);
    expect(server.conversations.size).toBe(0);
  });

  it('renders a message with markup as text, never as HTML', async () => {
    const { container, model } = await openChat();
    const attack = '<img src=x onerror="window.__pwned=1">';
    await ask(attack);
    await waitFor(() => expect(model.conversation.value).toBeDefined());
    server.staffReply('c1', `<b>fet</b>${attack}`);
    await waitFor(() => expect(within(log()).getByText(`<b>fet</b>${attack}`)).toBeTruthy());
    expect(within(log()).getByText(attack)).toBeTruthy();
    expect(container.querySelector('img, b')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('never turns a javascript: URL in an answer into a link', async () => {
    const { model } = await openChat();
    model.entries.value = [{ id: 'x', site: 'pk_demo_nettfokus', author: 'bot', text: '', at: '', order: 1, answers: [{ sectionId: 's', title: 'Avsnitt', excerpt: 'Tekst', url: 'javascript:alert(1)', score: 1 }] }];
    await within(log()).findByText('Avsnitt');
    expect(within(log()).queryByRole('link')).toBeNull();
  });

  it('shows a staff reply as it arrives over server-sent events', async () => {
    const { model } = await openChat();
    await ask('Kan jeg snakke med en person?');
    await waitFor(() => expect(FakeEventSource.open.size).toBe(1));
    await waitFor(() => expect([...FakeEventSource.open][0]!.readyState).toBe(1));
    server.staffReply(model.conversation.value!.id, 'Hei, dette er Ola fra personvernteamet.');
    expect(await within(log()).findByText('Hei, dette er Ola fra personvernteamet.')).toBeTruthy();
    expect(within(log()).getByText(nb.staff)).toBeTruthy();
  });

  it('hands over to a person, with an optional email', async () => {
    await openChat();
    fireEvent.click(screen.getByRole('button', { name: nb.toPerson }));
    type(nb.handoverEmail, 'ikke-epost');
    fireEvent.click(screen.getByRole('button', { name: nb.handoverSend }));
    expect((await screen.findByRole('alert')).textContent).toBe(nb.invalid.email);
    type(nb.handoverEmail, 'kari@example.no');
    fireEvent.click(screen.getByRole('button', { name: nb.handoverSend }));
    await within(await screen.findByRole('log')).findByText('En medarbeider svarer her, eller på e-post.');
    expect(server.conversations.get('c1')!.handover).toEqual({ email: 'kari@example.no' });
  });

  it('keeps the conversation across a re-mount, as after a reload', async () => {
    const first = await openChat();
    await ask('hva samler dere inn');
    await within(log()).findByText('Hvilke opplysninger vi samler inn');
    first.unmount();
    first.model.dispose();
    await openChat();
    expect(await within(log()).findByText('hva samler dere inn')).toBeTruthy();
    expect(within(log()).getByText('Hvilke opplysninger vi samler inn')).toBeTruthy();
  });

  it('ends and erases the conversation after asking once', async () => {
    await openChat();
    await ask('hva samler dere inn');
    await within(log()).findByText('Hvilke opplysninger vi samler inn');
    fireEvent.click(screen.getByRole('button', { name: nb.erase }));
    expect(screen.getByRole('heading', { name: nb.eraseTitle })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: nb.eraseConfirm }));
    expect(await within(await screen.findByRole('log')).findByText(nb.erased)).toBeTruthy();
    expect(within(log()).queryByText('hva samler dere inn')).toBeNull();
    expect(server.deleted).toEqual(['c1']);
  });

  it('closes on Escape', async () => {
    const { model } = await openChat();
    fireEvent.keyDown(screen.getByLabelText(nb.draftLabel), { key: 'Escape' });
    expect(model.open.value).toBe(false);
  });

  it('speaks English when the site says so', async () => {
    await openChat('en');
    expect(screen.getByRole('dialog', { name: 'Privacy chat' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Talk to a person' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'What do you collect?' })).toBeTruthy();
  });
});

describe('a rights request from the chat', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    sessionStorage.clear();
    FakeEventSource.reset();
    server = fakeChatServer();
  });
  afterEach(() => {
    for (const m of models) m.dispose();
    models = [];
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const answers: Record<string, string> = { name: 'Kari Nordmann', email: 'kari@example.no', correction: 'Riktig etternavn er Nordmann', reason: 'Jeg vil ikke profileres', message: 'Hvem ser saken min?' };

  for (const kind of Object.keys(FIELDS) as RightsKind[]) {
    it(`asks only what ${kind} needs and shows a summary before sending`, async () => {
      await openChat();
      fireEvent.click(screen.getByRole('button', { name: nb.useRights }));
      fireEvent.click(screen.getByRole('button', { name: nb.kinds[kind] }));
      const form = screen.getByRole('heading', { name: nb.kinds[kind] }).closest('form')!;
      const labels = Array.from(form.querySelectorAll('label'), (l) => l.textContent);
      expect(labels).toEqual(FIELDS[kind].map((f) => nb.fields[f]));
      for (const field of FIELDS[kind]) {
        if (field === 'purpose') fireEvent.change(screen.getByLabelText(nb.fields.purpose), { target: { value: 'marketing-email' } });
        else type(nb.fields[field], answers[field]!);
      }
      fireEvent.click(screen.getByRole('button', { name: nb.review }));
      const summary = (await screen.findByRole('heading', { name: nb.summaryTitle })).parentElement!;
      expect(within(summary).getByText(nb.kinds[kind])).toBeTruthy();
      expect(within(summary).getByText('kari@example.no')).toBeTruthy();
      if (kind === 'withdraw-consent') expect(within(summary).getByText(nb.purposes['marketing-email'])).toBeTruthy();
      expect(server.requests.size).toBe(0);
      fireEvent.click(screen.getByRole('button', { name: nb.confirm }));
      await screen.findByRole('heading', { name: nb.codeTitle });
      const sent = server.requests.get('r1')!.body;
      expect(sent).toMatchObject({ site: 'pk_demo_nettfokus', lang: 'nb' });
      expect(Object.keys(sent.request).sort()).toEqual(['kind', ...FIELDS[kind]].sort());
    });
  }

  it('offers the request a typed question asks for, and opens its form with focus in it', async () => {
    await openChat();
    await ask('sender dere noe til usa');
    await within(log()).findByText('Overføring til land utenfor EØS');
    expect(within(log()).queryByRole('button')).toBeNull();
    await ask('kan jeg se dataene mine');
    const suggest = await within(log()).findByRole('button', { name: nb.suggest.access });
    fireEvent.click(suggest);
    const form = screen.getByRole('heading', { name: nb.kinds.access }).closest('form')!;
    expect(Array.from(form.querySelectorAll('label'), (l) => l.textContent)).toEqual(FIELDS.access.map((f) => nb.fields[f]));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(nb.fields.name)));
  });

  it('says what to fix before it sends anything', async () => {
    await openChat();
    fireEvent.click(screen.getByRole('button', { name: nb.useRights }));
    fireEvent.click(screen.getByRole('button', { name: nb.kinds.erasure }));
    type(nb.fields.email, 'kari@');
    fireEvent.click(screen.getByRole('button', { name: nb.review }));
    expect(await screen.findByText(nb.invalid.required)).toBeTruthy();
    expect(screen.getByText(nb.invalid.email)).toBeTruthy();
    expect(screen.getByLabelText(nb.fields.email).getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(nb.fields.name)));
    expect(server.requests.size).toBe(0);
  });

  async function fileErasure() {
    const chat = await openChat();
    fireEvent.click(screen.getByRole('button', { name: nb.useRights }));
    fireEvent.click(screen.getByRole('button', { name: nb.kinds.erasure }));
    type(nb.fields.name, 'Kari Nordmann');
    type(nb.fields.email, 'kari@example.no');
    fireEvent.click(screen.getByRole('button', { name: nb.review }));
    fireEvent.click(await screen.findByRole('button', { name: nb.confirm }));
    await screen.findByRole('heading', { name: nb.codeTitle });
    return chat;
  }

  it('refuses a wrong code with a clear message, then shows reference, deadline and status', async () => {
    await fileErasure();
    type(nb.codeLabel, '111111');
    fireEvent.click(screen.getByRole('button', { name: nb.verify }));
    expect((await screen.findByRole('alert')).textContent).toBe(nb.problems.wrong_code);
    type(nb.codeLabel, '123 456');
    fireEvent.click(screen.getByRole('button', { name: nb.verify }));
    await screen.findByRole('heading', { name: nb.doneTitle });
    expect(screen.getByText('NF-2026-000123')).toBeTruthy();
    expect(screen.getByText('11. april 2026')).toBeTruthy();
    expect(screen.getByText(nb.status.verified)).toBeTruthy();
  });

  it('shows the request on a later visit, and lets the visitor withdraw it', async () => {
    const first = await fileErasure();
    type(nb.codeLabel, '123456');
    fireEvent.click(screen.getByRole('button', { name: nb.verify }));
    await screen.findByRole('heading', { name: nb.doneTitle });
    first.unmount();
    first.model.dispose();
    await openChat();
    const list = (await screen.findByRole('heading', { name: nb.yourRequests })).parentElement!;
    expect(within(list).getByText('NF-2026-000123')).toBeTruthy();
    expect(within(list).getByText(nb.status.verified)).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: new RegExp(nb.withdraw) }));
    expect(await within(list).findByText(nb.status.withdrawn)).toBeTruthy();
    expect(server.requests.get('r1')!.status.status).toBe('withdrawn');
  });

  async function completedAccessRequest() {
    const first = await openChat();
    fireEvent.click(screen.getByRole('button', { name: nb.useRights }));
    fireEvent.click(screen.getByRole('button', { name: nb.kinds.access }));
    type(nb.fields.name, 'Kari Nordmann');
    type(nb.fields.email, 'kari@example.no');
    fireEvent.click(screen.getByRole('button', { name: nb.review }));
    fireEvent.click(await screen.findByRole('button', { name: nb.confirm }));
    await screen.findByRole('heading', { name: nb.codeTitle });
    type(nb.codeLabel, '123456');
    fireEvent.click(screen.getByRole('button', { name: nb.verify }));
    await screen.findByRole('heading', { name: nb.doneTitle });
    expect(screen.queryByRole('button', { name: new RegExp(nb.download) })).toBeNull();
    // Staff complete it in the console; the next visit shows the download.
    const stored = server.requests.get('r1')!;
    stored.status = { ...stored.status, status: 'completed' };
    first.unmount();
    first.model.dispose();
    await openChat();
    return (await screen.findByRole('heading', { name: nb.yourRequests })).parentElement!;
  }

  it('downloads the copy of a completed access request with the requester token, as a file', async () => {
    server.exports.set('r1', '{"consents":[]}');
    const saved: { name: string; text: string }[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      void (blob as Blob).text().then((text) => saved.push({ name: '', text }));
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, text: '' });
    });
    const list = await completedAccessRequest();
    expect(within(list).getByText(nb.status.completed)).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: new RegExp(`${nb.download}.*${nb.kinds.access}`) }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved).toContainEqual({ name: 'NF-2026-000123.json', text: '' });
    expect(saved).toContainEqual({ name: '', text: '{"consents":[]}' });
    const call = server.fetch.mock.calls.find(([url]) => String(url).endsWith('/v1/requests/r1/export'))!;
    expect(new Headers(call[1]!.headers).get('Authorization')).toBe('Bearer secret-r1');
    expect(within(list).queryByRole('alert')).toBeNull();
  });

  for (const [state, key] of [
    ['expired', 'export_expired'],
    [undefined, 'no_export'],
  ] as const) {
    it(`says so beside the request when the copy is ${key === 'export_expired' ? 'expired (410)' : 'missing (404)'}, and saves nothing`, async () => {
      if (state) server.exports.set('r1', state);
      const create = vi.spyOn(URL, 'createObjectURL');
      const list = await completedAccessRequest();
      fireEvent.click(within(list).getByRole('button', { name: new RegExp(nb.download) }));
      expect((await within(list).findByRole('alert')).textContent).toBe(nb.problems[key]);
      expect(create).not.toHaveBeenCalled();
    });
  }

  it('keeps no name or email in the browser once the request is sent', async () => {
    const { model } = await fileErasure();
    expect(model.rights.fields.value).toEqual({});
    expect(JSON.stringify(model.rights.requests.value)).not.toContain('kari@example.no');
  });
});
