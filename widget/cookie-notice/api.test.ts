// @vitest-environment-options {"settings":{"enableJavaScriptEvaluation":true,"suppressInsecureJavaScriptEnvironmentWarning":true}}
import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../../test/fixtures/fake-server.ts';
import { cookieSiteConfig } from '../../test/fixtures/site-config.ts';
import { openPage, resetBrowser } from '../../test/fixtures/widget-page.ts';
import type { ChangeDetail } from './index.ts';

type Host = Window & { dataLayer?: unknown[]; gtag?: unknown };
const host = window as Host;
const root = () => document.getElementById('samtykke-root')?.shadowRoot ?? undefined;
const button = (name: string) => Array.from(root()?.querySelectorAll('button') ?? []).find((b) => b.textContent?.trim() === name);
const byName = async (name: string) => waitFor(() => button(name) ?? expect.fail(`no button "${name}"`));
const dialog = () => root()?.querySelector<HTMLElement>('[role=dialog]') ?? undefined;
const deepFocus = () => {
  let el = document.activeElement as HTMLElement | null;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
  return el;
};
/** dataLayer entries are `arguments` objects, as gtag.js expects. */
const calls = () => (host.dataLayer ?? []).map((a) => Array.from(a as ArrayLike<unknown>));

describe('the cookie API, events, Consent Mode, dialog and embeds', () => {
  beforeEach(() => {
    fakeServer({ config: cookieSiteConfig() });
  });
  afterEach(async () => {
    await resetBrowser();
    delete host.dataLayer;
    delete host.gtag;
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('sends Consent Mode defaults (all denied) before anything runs, then an update on each choice', async () => {
    host.dataLayer = [];
    await openPage('');
    expect(calls()[0]).toEqual(['consent', 'default', expect.objectContaining({ ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' })]);
    fireEvent.click(await byName('Godta alle'));
    expect(calls().at(-1)).toEqual(['consent', 'update', { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }]);
    window.Samtykke!.openPreferences();
    fireEvent.click(await waitFor(() => dialog()!.querySelectorAll<HTMLButtonElement>('.sk-btn')[1]!));
    expect(calls().at(-1)).toEqual(['consent', 'update', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }]);
  });

  it('puts the defaults before the commands the page queued earlier, while gtag.js has not loaded yet', async () => {
    // Google's own snippet, inline above a deferred tag: the queue already holds 'js' and 'config'.
    const queued = (...args: unknown[]) => (function (..._args: unknown[]) {
      // eslint-disable-next-line prefer-rest-params
      return arguments;
    })(...args);
    host.dataLayer = [queued('js', 'now'), queued('config', 'G-TEST')];
    host.gtag = function gtag() {
      // eslint-disable-next-line prefer-rest-params
      host.dataLayer!.push(arguments);
    };
    await openPage('');
    expect(calls().slice(0, 3)).toEqual([['consent', 'default', expect.objectContaining({ ad_storage: 'denied', wait_for_update: 500 })], ['js', 'now'], ['config', 'G-TEST']]);
    fireEvent.click(await byName('Godta alle'));
    expect(calls().at(-1)).toEqual(['consent', 'update', expect.objectContaining({ analytics_storage: 'granted' })]);
    expect(calls().filter((c) => c[1] === 'default')).toHaveLength(1);
  });

  it('goes through gtag() once gtag.js has taken over the queue: too late to go first, but never lost', async () => {
    const processed: unknown[][] = [];
    host.dataLayer = [];
    // gtag.js replaces push with its own when it loads.
    host.dataLayer.push = (...items: unknown[]) => processed.push(...items.map((a) => Array.from(a as ArrayLike<unknown>)));
    host.gtag = function gtag() {
      // eslint-disable-next-line prefer-rest-params
      host.dataLayer!.push(arguments);
    };
    await openPage('');
    expect(processed[0]).toEqual(['consent', 'default', expect.objectContaining({ analytics_storage: 'denied' })]);
  });

  it('uses gtag() itself when the page has one', async () => {
    const gtag = vi.fn();
    host.gtag = gtag;
    await openPage('');
    expect(gtag).toHaveBeenCalledWith('consent', 'default', expect.objectContaining({ analytics_storage: 'denied' }));
    fireEvent.click(await byName('Avvis alle'));
    expect(gtag).toHaveBeenLastCalledWith('consent', 'update', expect.objectContaining({ analytics_storage: 'denied', ad_storage: 'denied' }));
  });

  it('answers Samtykke.get(), and announces each change on window and to Samtykke.on("change")', async () => {
    await openPage('');
    const viaOn = vi.fn();
    const viaEvent = vi.fn();
    window.Samtykke!.on('change', viaOn);
    window.addEventListener('samtykke:change', (e) => viaEvent((e as CustomEvent).detail));
    expect(window.Samtykke!.get('necessary')).toBe(true);
    expect(window.Samtykke!.get('statistics')).toBe(false);
    window.Samtykke!.openPreferences();
    await waitFor(() => expect(dialog()).toBeDefined());
    fireEvent.click(root()!.querySelector('#sk-switch-statistics')!);
    fireEvent.click(button('Lagre valgene')!);
    expect(window.Samtykke!.get('statistics')).toBe(true);
    expect(window.Samtykke!('get', 'marketing')).toBe(false);
    const detail = viaOn.mock.calls[0]![0] as ChangeDetail;
    expect(detail).toMatchObject({ reason: 'first', basis: 'consent', categories: { necessary: true, statistics: true, marketing: false, followup: false } });
    expect(viaEvent).toHaveBeenCalledWith(detail);
  });

  it('replays a queued Samtykke("openPreferences") and opens from any data-samtykke-open="preferences" element', async () => {
    const stub: { (...args: unknown[]): void; q?: unknown[][] } = (...args: unknown[]) => void (stub.q ??= []).push(args);
    (window as unknown as { Samtykke: unknown }).Samtykke = stub;
    stub('openPreferences');
    await openPage('<a href="#" id="own" data-samtykke-open="preferences"><span>Personverninnstillinger</span></a>');
    await waitFor(() => expect(dialog()).toBeDefined());
    fireEvent.click(root()!.querySelector('[aria-label=Lukk]')!);
    await waitFor(() => expect(dialog()).toBeUndefined());
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.querySelector('#own span')!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    await waitFor(() => expect(dialog()).toBeDefined());
  });

  it('keeps Tab inside the dialog, closes it on Escape without a choice, and gives focus back', async () => {
    await openPage('');
    const choose = await byName('Velg selv');
    choose.focus();
    fireEvent.click(choose);
    await waitFor(() => expect(deepFocus()?.textContent).toBe('×'));
    const box = dialog()!;
    const first = deepFocus()!;
    const last = Array.from(box.querySelectorAll('button')).at(-1)!;
    last.focus();
    fireEvent.keyDown(box, { key: 'Tab' });
    expect(deepFocus()).toBe(first);
    fireEvent.keyDown(box, { key: 'Tab', shiftKey: true });
    expect(deepFocus()).toBe(last);
    fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(dialog()).toBeUndefined());
    await waitFor(() => expect(deepFocus()).toBe(button('Velg selv')));
    // Leaving the dialog is not a choice: the first layer is still there and nothing was stored.
    expect(localStorage.getItem('samtykke:choice')).toBeNull();
  });

  it('holds an iframe behind a placeholder that loads it on request, and loads it at once when granted', async () => {
    await openPage('<iframe id="a" width="400" height="200" title="Video" data-samtykke-src="https://video.example/embed/1" data-samtykke-category="marketing"></iframe><iframe id="b" title="Kart" data-samtykke-src="https://kart.example/1" data-samtykke-category="marketing"></iframe>');
    const a = document.getElementById('a') as HTMLIFrameElement;
    const b = document.getElementById('b') as HTMLIFrameElement;
    await waitFor(() => expect(a.previousElementSibling?.hasAttribute('data-samtykke-embed')).toBe(true));
    expect(a.hidden).toBe(true);
    expect(a.getAttribute('src')).toBeNull();
    const placeholder = a.previousElementSibling!.shadowRoot!;
    expect(placeholder.textContent).toContain('Innhold fra video.example (Markedsføring).');
    fireEvent.click(placeholder.querySelector('button')!);
    expect(a.getAttribute('src')).toBe('https://video.example/embed/1');
    expect(a.hidden).toBe(false);
    expect(b.getAttribute('src')).toBeNull();
    fireEvent.click(await byName('Godta alle'));
    expect(b.getAttribute('src')).toBe('https://kart.example/1');
    expect(document.querySelector('[data-samtykke-embed]')).toBeNull();
  });
});
