// @vitest-environment-options {"settings":{"enableJavaScriptEvaluation":true,"suppressInsecureJavaScriptEnvironmentWarning":true}}
import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsentEvent } from '../../protocol/index.ts';
import { fakeServer } from '../../test/fixtures/fake-server.ts';
import { cookieSiteConfig } from '../../test/fixtures/site-config.ts';
import { openPage, resetBrowser } from '../../test/fixtures/widget-page.ts';
import { getOutbox } from '../outbox/index.ts';
import { CHOICE_KEY, type StoredChoice } from './index.ts';

type Host = Window & { __stats?: number; __ads?: number; __order?: string[] };
const host = window as Host;

// One statistics and one marketing tracker, as the demo pages mark them.
const page = `
  <script type="text/plain" data-samtykke-category="statistics">window.__stats = (window.__stats || 0) + 1; (window.__order ||= []).push('stats'); document.cookie = '_stats=1; path=/';</script>
  <script type="text/plain" data-samtykke-category="marketing">window.__ads = (window.__ads || 0) + 1; (window.__order ||= []).push('ads'); document.cookie = '_ads_id=1; path=/';</script>
  <script type="text/plain" data-samtykke-category="statistics">(window.__order ||= []).push('stats-2');</script>
  <main><button type="button" id="own" data-samtykke-open="preferences">Personverninnstillinger</button></main>`;

const root = () => document.getElementById('samtykke-root')?.shadowRoot ?? undefined;
const button = (name: string) => Array.from(root()?.querySelectorAll('button') ?? []).find((b) => b.textContent?.trim() === name);
const byName = async (name: string) => waitFor(() => button(name) ?? expect.fail(`no button "${name}"`));
const dialog = () => root()?.querySelector<HTMLElement>('[role=dialog]') ?? undefined;
const toggle = (id: string) => root()!.querySelector<HTMLInputElement>(`#sk-switch-${id}`)!;
const stored = () => JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null') as StoredChoice | null;

/** Leaves this page and opens the next one in the same browser profile. */
async function nextPage(html = page): Promise<void> {
  await getOutbox().settled();
  window.Samtykke?.destroy();
  document.body.innerHTML = '';
  delete host.__stats;
  delete host.__ads;
  delete host.__order;
  await openPage(html);
}

function storeChoice(over: Partial<StoredChoice>): void {
  const at = new Date().toISOString();
  localStorage.setItem(CHOICE_KEY, JSON.stringify({ categories: { statistics: true, marketing: true }, policyVersion: '2024-02-11', consentId: '0190a5a0-0000-7000-8000-000000000001', firstAt: at, lastAt: at, basis: 'consent', ...over }));
}

describe('the cookie notice', () => {
  let server: ReturnType<typeof fakeServer>;
  beforeEach(() => {
    server = fakeServer({ config: cookieSiteConfig() });
  });
  afterEach(async () => {
    await resetBrowser();
    delete host.__stats;
    delete host.__ads;
    delete host.__order;
    document.cookie = '_stats=; max-age=0; path=/';
    document.cookie = '_ads_id=; max-age=0; path=/';
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('asks on a first visit, runs nothing before a choice, and gives refusing the same weight as accepting', async () => {
    await openPage(page);
    const accept = await byName('Godta alle');
    const reject = button('Avvis alle')!;
    expect(accept.className).toBe(reject.className);
    expect(button('Velg selv')).toBeDefined();
    // The policy link sits in our host's light DOM, shown through the notice's <slot> (notice.ts says why).
    expect(root()!.querySelector('slot[name=sk-policy]')).not.toBeNull();
    expect(root()!.host.querySelector('a[slot=sk-policy]')!.getAttribute('href')).toBe('https://nettfokus.example/personvern');
    expect(root()!.querySelector('.sk-notice')!.textContent).toContain('Nettfokus vil bruke statistikk og markedsføring.');
    expect(host.__stats).toBeUndefined();
    expect(host.__ads).toBeUndefined();
    expect(server.received).toHaveLength(0);
    expect(document.getElementById('samtykke-root')!.hasAttribute('data-notice-open')).toBe(true);
  });

  it('"Godta alle" runs each granted script once, in document order, and records it', async () => {
    await openPage(page);
    fireEvent.click(await byName('Godta alle'));
    await waitFor(() => expect(host.__order).toEqual(['stats', 'ads', 'stats-2']));
    expect(root()!.querySelector('.sk-notice')).toBeNull();
    await waitFor(() => expect(server.received).toHaveLength(1));
    const event = server.received[0]!;
    expect(ConsentEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      kind: 'cookie-choice',
      subject: { consentId: stored()!.consentId },
      purposes: [{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'granted' }],
      basis: 'consent',
      notice: { textHash: 'c'.repeat(64), lang: 'nb', policyVersion: '2024-02-11' },
    });
    // Granting again on the same page does not run anything twice.
    window.Samtykke!.openPreferences();
    fireEvent.click(await waitFor(() => dialog()!.querySelector<HTMLButtonElement>('.sk-btn')!));
    await new Promise((r) => setTimeout(r, 20));
    expect(host.__stats).toBe(1);
    expect(host.__ads).toBe(1);
  });

  it('records the page of a choice as origin and path only, leaving out a query or fragment', async () => {
    const before = location.href;
    history.replaceState(null, '', '/tilbud?email=kari@example.no&fbclid=xyz789#topp');
    try {
      await openPage(page);
      fireEvent.click(await byName('Avvis alle'));
      await waitFor(() => expect(server.received).toHaveLength(1));
      expect(server.received[0]!.collection.pageUrl).toBe(`${location.origin}/tilbud`);
      const sent = server.fetch.mock.calls.map(([, init]) => String(init?.body ?? '')).join('\n');
      expect(sent).not.toMatch(/fbclid|email=|#topp/);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('"Avvis alle" runs nothing on this page or the next, and the next page does not ask again', async () => {
    await openPage(page);
    fireEvent.click(await byName('Avvis alle'));
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]!.purposes).toEqual([{ purpose: 'statistics', decision: 'declined' }, { purpose: 'marketing', decision: 'declined' }]);
    const load = vi.fn();
    await nextPage();
    await byName('Personvern');
    expect(button('Godta alle')).toBeUndefined();
    expect(host.__stats).toBeUndefined();
    expect(host.__ads).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });

  it('"Velg selv" opens the dialog with every switch off; statistics only runs only statistics', async () => {
    await openPage(page);
    fireEvent.click(await byName('Velg selv'));
    await waitFor(() => expect(dialog()).toBeDefined());
    expect(dialog()!.getAttribute('aria-modal')).toBe('true');
    expect(toggle('statistics').checked).toBe(false);
    expect(toggle('marketing').checked).toBe(false);
    expect(root()!.querySelector('#sk-switch-necessary')).toBeNull();
    expect(dialog()!.textContent).toContain('Alltid på');
    expect(dialog()!.textContent).toContain('_stats');
    fireEvent.click(toggle('statistics'));
    fireEvent.click(button('Lagre valgene')!);
    await waitFor(() => expect(host.__order).toEqual(['stats', 'stats-2']));
    expect(host.__ads).toBeUndefined();
    expect(stored()!.categories).toEqual({ statistics: true, marketing: false });
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]!.purposes).toEqual([{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }]);
  });

  it('withdrawal deletes the declared cookies, is recorded as withdrawn, and stops the script on later pages', async () => {
    storeChoice({});
    await openPage(page);
    await waitFor(() => expect(host.__stats).toBe(1));
    expect(document.cookie).toContain('_stats=1');
    expect(document.cookie).toContain('_ads_id=1');
    fireEvent.click(await byName('Personvern'));
    await waitFor(() => expect(toggle('statistics').checked).toBe(true));
    fireEvent.click(toggle('statistics'));
    fireEvent.click(button('Lagre valgene')!);
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]!.purposes).toEqual([{ purpose: 'statistics', decision: 'withdrawn' }, { purpose: 'marketing', decision: 'granted' }]);
    expect(document.cookie).not.toContain('_stats');
    expect(document.cookie).toContain('_ads_id=1');
    await nextPage();
    await waitFor(() => expect(host.__ads).toBe(1));
    expect(host.__stats).toBeUndefined();
  });

  it('honours Global Privacy Control without asking, says why, and records a GPC refusal', async () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { globalPrivacyControl: true }));
    await openPage(page);
    await byName('Greit');
    expect(button('Godta alle')).toBeUndefined();
    expect(root()!.querySelector('.sk-notice')!.textContent).toContain('Nettleseren din sender GPC.');
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]).toMatchObject({ basis: 'gpc-refusal', purposes: [{ purpose: 'statistics', decision: 'declined' }, { purpose: 'marketing', decision: 'declined' }] });
    expect(host.__stats).toBeUndefined();
    fireEvent.click(button('Greit')!);
    await waitFor(() => expect(root()!.querySelector('.sk-notice')).toBeNull());
    await nextPage();
    await byName('Personvern');
    expect(button('Greit')).toBeUndefined();
    expect(server.received).toHaveLength(1);
  });

  it('asks again, with what changed, when the policy version changes', async () => {
    storeChoice({ policyVersion: '2023-01-01' });
    server = fakeServer({ config: cookieSiteConfig({ policy: { url: 'https://nettfokus.example/personvern', version: '2024-02-11', changeSummary: 'Vi bruker nå Ads.' } }) });
    await openPage(page);
    await byName('Godta alle');
    expect(root()!.querySelector('.sk-notice')!.textContent).toContain('Hva er nytt: Vi bruker nå Ads.');
    expect(host.__stats).toBeUndefined();
    fireEvent.click(button('Avvis alle')!);
    // A refusal after an earlier yes is a withdrawal, under the same consent id.
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]).toMatchObject({ subject: { consentId: '0190a5a0-0000-7000-8000-000000000001' }, purposes: [{ decision: 'withdrawn' }, { decision: 'withdrawn' }] });
  });

  it('asks again when the choice is older than the site\'s lifetime', async () => {
    storeChoice({ lastAt: new Date(Date.now() - 13 * 31 * 24 * 3600_000).toISOString() });
    await openPage(page);
    await byName('Godta alle');
    expect(root()!.querySelector('.sk-notice')!.textContent).not.toContain('Hva er nytt');
    expect(host.__stats).toBeUndefined();
  });

  it('a return visit with a choice that counts loads no chunk and still runs the granted scripts', async () => {
    storeChoice({ categories: { statistics: true, marketing: false } });
    await openPage('');
    await waitFor(() => expect(server.fetch).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 30));
    const { startWidget } = await import('../boot/start.ts');
    const { scriptTag } = await import('../../test/fixtures/widget-page.ts');
    window.Samtykke!.destroy();
    document.body.innerHTML = page;
    const load = vi.fn(async () => ({ start() {} }));
    startWidget(scriptTag(), { importChunk: load });
    await waitFor(() => expect(host.__order).toEqual(['stats', 'stats-2']));
    await byName('Personvern');
    expect(host.__ads).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });
});

describe('the link between a cookie choice and a form', () => {
  afterEach(async () => {
    await resetBrowser();
    vi.unstubAllGlobals();
  });

  it('puts the browser\'s consent id into a form proof, so the server can link the two', async () => {
    const server = fakeServer({ config: cookieSiteConfig() });
    storeChoice({});
    await openPage('<form id="f" data-samtykke="marketing"><input type="email" value="kari@example.no"><button>Send</button></form>');
    document.getElementById('f')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]!.collection.consentId).toBe('0190a5a0-0000-7000-8000-000000000001');
  });

  it('keeps the widget\'s list of optional categories in step with the protocol', async () => {
    const { OPTIONAL_CATEGORIES } = await import('../../protocol/index.ts');
    const { OPTIONAL } = await import('./choose.ts');
    expect(OPTIONAL).toEqual(OPTIONAL_CATEGORIES);
  });
});
