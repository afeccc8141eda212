import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, fakeChatServer } from '../../test/fixtures/fake-chat-server.ts';
import { importChunk, resetBrowser, scriptTag } from '../../test/fixtures/widget-page.ts';
import { startWidget } from '../boot/start.ts';
import { CHAT_FLAG } from './index.ts';

const shadow = () => document.getElementById('samtykke-root')!.shadowRoot!;
const launcher = () => shadow().querySelector<HTMLButtonElement>('[data-samtykke-launcher]')!;
const panel = () => shadow().querySelector<HTMLElement>('[role=dialog].skc-chat');

async function openPage(attrs?: Record<string, string>) {
  const load = vi.fn(importChunk);
  startWidget(scriptTag(attrs), { importChunk: load });
  await waitFor(() => expect(launcher()).toBeTruthy());
  return load;
}
const chatLoads = (load: ReturnType<typeof vi.fn>) => load.mock.calls.filter(([name]) => name === 'chat').length;

describe('the chat launcher', () => {
  beforeEach(() => {
    fakeChatServer();
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(async () => {
    await resetBrowser();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is a labelled button that loads nothing and stores nothing until it is clicked', async () => {
    const load = await openPage();
    expect(launcher().tagName).toBe('BUTTON');
    expect(launcher().getAttribute('aria-label')).toBe('Personvernchat');
    await new Promise((r) => setTimeout(r, 80));
    expect(chatLoads(load)).toBe(0);
    expect(localStorage.getItem(CHAT_FLAG)).toBeNull();
    const databases = await indexedDB.databases();
    expect(databases.map((d) => d.name)).not.toContain('samtykke-chat');
  });

  it('opens the chat on click, moves focus into it, and gives focus back on Escape', async () => {
    const load = await openPage();
    launcher().focus();
    fireEvent.click(launcher());
    await waitFor(() => expect(panel()).toBeTruthy());
    expect(chatLoads(load)).toBe(1);
    expect(panel()!.getAttribute('aria-labelledby')).toBe('skc-chat-title');
    await waitFor(() => expect(shadow().activeElement?.id).toBe('skc-draft'));
    expect(launcher().hidden).toBe(true);
    fireEvent.keyDown(shadow().activeElement!, { key: 'Escape' });
    await waitFor(() => expect(panel()).toBeNull());
    expect(launcher().hidden).toBe(false);
    expect(shadow().activeElement).toBe(launcher());
    // A second open uses the chunk already loaded.
    fireEvent.click(launcher());
    await waitFor(() => expect(panel()).toBeTruthy());
    expect(chatLoads(load)).toBe(1);
  });

  it('says its name in English on an English site', async () => {
    await openPage({ 'data-site': 'pk_demo_nettfokus', 'data-lang': 'en' });
    expect(launcher().getAttribute('aria-label')).toBe('Privacy chat');
  });

  it('opens from Samtykke.openChat()', async () => {
    await openPage();
    await window.Samtykke!.openChat();
    await waitFor(() => expect(panel()).toBeTruthy());
  });

  it('opens the chat again on the next page when it was left open there', async () => {
    localStorage.setItem(CHAT_FLAG, JSON.stringify('open'));
    const load = await openPage();
    await waitFor(() => expect(panel()).toBeTruthy());
    expect(chatLoads(load)).toBe(1);
  });
});
