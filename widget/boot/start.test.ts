import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstLayerOf } from '../../protocol/index.ts';
import { fakeServer } from '../../test/fixtures/fake-server.ts';
import { importChunk, openPage, resetBrowser, scriptTag } from '../../test/fixtures/widget-page.ts';
import { startWidget } from './start.ts';
import { cookieConfigFixture, siteConfigFixture } from '../../test/fixtures/site-config.ts';
import { writeChoice } from '../cookie-notice/storage.ts';

describe('the loader', () => {
  afterEach(async () => {
    // Back to happy-dom's own document timeline, for tests that set one.
    delete (document as { timeline?: unknown }).timeline;
    await resetBrowser();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    delete (window as { Samtykke?: unknown }).Samtykke;
  });

  it('logs one clear error for bad config, renders nothing and installs nothing', async () => {
    fakeServer();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    document.body.innerHTML = '<form data-samtykke="marketing"><input type="email"><button>Send</button></form>';
    const load = vi.fn(importChunk);
    startWidget(scriptTag({ 'data-site': 'nettfokus' }), { importChunk: load });
    await new Promise((r) => setTimeout(r, 30));
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatch(/^\[samtykke\] data-site="nettfokus" is not a pk_… site key/);
    expect(load).not.toHaveBeenCalled();
    expect(document.querySelector('[data-samtykke-checkbox]')).toBeNull();
    expect(window.Samtykke).toBeUndefined();
  });

  it('loads no chunk on a return visit with a fresh choice, no marked form and nothing to send', async () => {
    fakeServer();
    // What an earlier page of this visit left: the site's settings and the visitor's choice.
    const config = siteConfigFixture();
    localStorage.setItem(`samtykke:site-config:${config.site.key}:nb`, JSON.stringify({ at: Date.now(), config }));
    const now = new Date().toISOString();
    writeChoice({ categories: {}, policyVersion: config.policy.version, consentId: crypto.randomUUID(), firstAt: now, lastAt: now, basis: 'consent' });
    const load = vi.fn(importChunk);
    startWidget(scriptTag(), { importChunk: load });
    await new Promise((r) => setTimeout(r, 80));
    expect(load).not.toHaveBeenCalled();
    expect(window.Samtykke).toBeTypeOf('function');
  });

  it('fetches the notice alongside the settings on the very first page, not after them', async () => {
    const server = fakeServer();
    let configAnswered = false;
    const load = vi.fn(async (name: Parameters<typeof importChunk>[0]) => {
      if (name === 'notice') expect(configAnswered).toBe(false);
      return importChunk(name);
    });
    server.fetch.mockImplementationOnce(async () => {
      await new Promise((r) => setTimeout(r, 30));
      configAnswered = true;
      return Response.json(siteConfigFixture());
    });
    startWidget(scriptTag(), { importChunk: load });
    await vi.waitFor(() => expect(load).toHaveBeenCalledWith('notice', expect.anything()));
    // Let the settings arrive before the page goes away, so nothing is left in flight.
    await vi.waitFor(() => expect(configAnswered).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
  });

  it('draws the per-site script’s first layer in a frame of its own: the chunk and the fixed buttons come after it', async () => {
    fakeServer();
    const el = perSiteTag();
    const shadow = () => document.getElementById('samtykke-root')?.shadowRoot;
    const seen: Array<{ name: string; notice: boolean; buttons: number }> = [];
    const load = vi.fn(async (name: Parameters<typeof importChunk>[0]) => {
      seen.push({ name, notice: !!shadow()?.querySelector('.sk-notice'), buttons: shadow()?.querySelectorAll('[data-samtykke-privacy],[data-samtykke-launcher]').length ?? 0 });
      return importChunk(name);
    });
    startWidget(el, { importChunk: load });
    await vi.waitFor(() => expect(seen.some((s) => s.name === 'notice')).toBe(true));
    // When the notice chunk is asked for, the first layer is already drawn and nothing else of ours is:
    // the frame that shows the notice carries only the notice.
    expect(seen.find((s) => s.name === 'notice')).toEqual({ name: 'notice', notice: true, buttons: 0 });
    // The buttons follow: "Personvern" hidden while the notice is up.
    await vi.waitFor(() => expect(shadow()?.querySelector<HTMLElement>('[data-samtykke-privacy]')?.hidden).toBe(true));
  });

  it('carries out a press of the per-site first layer made before the notice chunk arrived, with the full settings it fetched beside the chunk', async () => {
    const full = siteConfigFixture({ cookies: cookieConfigFixture() });
    const server = fakeServer({ config: full });
    const { chunkLoaded, load } = heldNoticeChunk();
    startWidget(perSiteTag(), { importChunk: load });
    const accept = await vi.waitFor(() => noticeButton('Godta alle'));
    // The full settings are asked for beside the chunk, not after it: the per-site script has the first layer's only.
    await vi.waitFor(() => expect(server.configRequests()).toBe(1));
    accept.click();
    chunkLoaded();
    await vi.waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]).toMatchObject({ purposes: expect.arrayContaining([expect.objectContaining({ purpose: 'marketing', decision: 'granted' })]), notice: { textHash: full.cookies!.hash } });
    expect(server.configRequests()).toBe(1);
  });

  it('does not carry out that press when the full settings cite other words than the first layer showed', async () => {
    // The per-site script is cached for minutes: the site's texts may have changed since it was served.
    const server = fakeServer({ config: siteConfigFixture({ cookies: cookieConfigFixture({ hash: 'd'.repeat(64) }) }) });
    const { chunkLoaded, load } = heldNoticeChunk();
    startWidget(perSiteTag(), { importChunk: load });
    const accept = await vi.waitFor(() => noticeButton('Godta alle'));
    accept.click();
    chunkLoaded();
    // The chunk takes the notice over and asks again; nothing is recorded for words not shown.
    await vi.waitFor(() => expect(noticeButton('Godta alle')).not.toBe(accept));
    await new Promise((r) => setTimeout(r, 50));
    expect(server.received).toHaveLength(0);
    expect(noticeButton('Avvis alle')).toBeTruthy();
  });

  it('does its drawing after the page has painted, one step per frame, and reads no storage while it runs', async () => {
    fakeServer();
    const el = perSiteTag('defer');
    document.body.innerHTML = '<form data-samtykke="marketing"><input type="email"><button>Send</button></form>';
    // A fresh page before its first frame (the document timeline's time is 0 until then).
    const runFrame = holdFrames(0);
    const paint = async () => {
      runFrame();
      await new Promise((r) => setTimeout(r, 5));
    };
    const read = vi.spyOn(Storage.prototype, 'getItem');
    const load = vi.fn(importChunk);
    const shadow = () => document.getElementById('samtykke-root')?.shadowRoot;
    const notice = () => shadow()?.querySelector('.sk-notice');

    startWidget(el, { importChunk: load });
    // A deferred tag runs inside the parser's last task: there only the API and the forms' places.
    expect(window.Samtykke).toBeTypeOf('function');
    expect(document.querySelector('[data-samtykke-checkbox]')).not.toBeNull();
    expect(read).not.toHaveBeenCalled();
    // Tasks pass, but no frame is painted: nothing is drawn into the page's first frame.
    await new Promise((r) => setTimeout(r, 30));
    expect(document.getElementById('samtykke-root')).toBeNull();
    // Frame 1: the notice's view is made, not yet shown.
    await paint();
    expect(shadow()).toBeTruthy();
    expect(notice()).toBeFalsy();
    // Frame 2: on screen, and nothing else of ours came with it.
    await paint();
    expect(notice()).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
    // Then the forms, then the notice's chunk and the fixed buttons, each a frame later.
    await paint();
    expect(load.mock.calls.map(([name]) => name)).toEqual(['formConsent']);
    await paint();
    expect(load.mock.calls.map(([name]) => name)).toEqual(['formConsent', 'notice']);
    expect(shadow()?.querySelector('[data-samtykke-launcher]')).toBeTruthy();
  });

  it('does not wait for a first frame when the page has already drawn one (a late async tag)', async () => {
    fakeServer();
    const el = perSiteTag('async');
    // The page has drawn a frame already.
    const runFrame = holdFrames(480);
    startWidget(el, { importChunk });
    const part = () => document.getElementById('samtykke-root')?.shadowRoot?.querySelector('[data-part=notice]');
    // The view is made in a task without any frame (well before the 250 ms a hidden tab waits);
    // putting it on screen still waits for one.
    await new Promise((r) => setTimeout(r, 30));
    expect(part()).toBeTruthy();
    expect(part()!.querySelector('.sk-notice')).toBeNull();
    runFrame();
    await vi.waitFor(() => expect(part()!.querySelector('.sk-notice')).not.toBeNull());
  });

  it('replays calls a page made before the script loaded', async () => {
    fakeServer();
    const seen = vi.fn();
    // The one line a site pastes before our tag, as the README shows it.
    const stub: { (...args: unknown[]): void; q?: unknown[][] } = (...args: unknown[]) => {
      (stub.q ??= []).push(args);
    };
    (window as unknown as { Samtykke: unknown }).Samtykke = stub;
    stub('on', 'consent', seen);
    await openPage('<form id="f" data-samtykke="marketing"><input type="email" value="a@example.no"><button>Send</button></form>');
    document.getElementById('f')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ formId: 'f', decision: 'declined' }));
  });

  it('runs once even when the tag is on the page twice', async () => {
    fakeServer();
    await openPage('<form data-samtykke="marketing"><input type="email"><button>Send</button></form>');
    startWidget(scriptTag(), { importChunk });
    await new Promise((r) => setTimeout(r, 80));
    expect(document.querySelectorAll('[data-samtykke-checkbox]')).toHaveLength(1);
  });

  it('survives a chunk that cannot be fetched, without an unhandled rejection, and tries again later', async () => {
    fakeServer();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail = true;
    const load = vi.fn((name: Parameters<typeof importChunk>[0]) => (fail ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : importChunk(name)));
    document.body.innerHTML = '<form data-samtykke="marketing"><input type="email"><button>Send</button></form>';
    startWidget(scriptTag(), { importChunk: load });
    await new Promise((r) => setTimeout(r, 30));
    expect(error).toHaveBeenCalledWith(expect.stringContaining('could not load formConsent'));
    fail = false;
    // A later mutation makes the loader look again, and this time the chunk comes.
    document.body.append(document.createElement('p'));
    await vi.waitFor(() => expect(document.querySelector('[data-samtykke-checkbox]')?.shadowRoot?.querySelector('input')).toBeTruthy());
    expect(load.mock.calls.filter(([n]) => n === 'formConsent').length).toBeGreaterThanOrEqual(2);
    // The place given back at the failure is shown again with the box in it.
    expect(document.querySelector<HTMLElement>('[data-samtykke-checkbox]')!.style.display).toBe('');
  });

  it('gives back the space kept for the box, its own or the site\'s, when the chunk cannot be loaded, and keeps it given back', async () => {
    fakeServer();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const load = vi.fn((name: Parameters<typeof importChunk>[0]) => (name === 'formConsent' ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : importChunk(name)));
    document.body.innerHTML = `
      <form id="a" data-samtykke="marketing"><input type="email"><button>Send</button></form>
      <form id="b" data-samtykke="marketing"><input type="email"><div data-samtykke-checkbox style="min-height:4.35em"></div><button>Send</button></form>`;
    startWidget(scriptTag(), { importChunk: load });
    const slots = () => Array.from(document.querySelectorAll<HTMLElement>('[data-samtykke-checkbox]'));
    // Kept at once, before any chunk is asked for.
    expect(slots().map((s) => s.style.display)).toEqual(['', '']);
    await vi.waitFor(() => expect(slots().map((s) => s.style.display)).toEqual(['none', 'none']));
    const tries = load.mock.calls.filter(([n]) => n === 'formConsent').length;
    // Hiding is no mutation the loader reacts to: no new look, no place put back, no retry loop.
    await new Promise((r) => setTimeout(r, 300));
    expect(slots()).toHaveLength(2);
    expect(slots().map((s) => s.style.display)).toEqual(['none', 'none']);
    expect(load.mock.calls.filter(([n]) => n === 'formConsent').length).toBe(tries);
    // The forms are the site's own again: nothing is added to their submission.
    expect(document.querySelector('input[name^=samtykke_]')).toBeNull();
  });

  it('names an unknown method instead of throwing', async () => {
    fakeServer();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await openPage('');
    expect(() => window.Samtykke!('nope')).not.toThrow();
    expect(error).toHaveBeenCalledWith(expect.stringContaining("Samtykke('nope') is not a method"));
  });
});

/** The per-site script's tag (`/s/<key>.js`) with the site's settings on it, as server/routes/site-script.ts sends them. */
/** The notice chunk, held back until the test lets it arrive. */
function heldNoticeChunk() {
  let arrive!: () => void;
  const arrived = new Promise<void>((r) => (arrive = r));
  const load = async (name: Parameters<typeof importChunk>[0]) => {
    if (name === 'notice') await arrived;
    return importChunk(name);
  };
  return { chunkLoaded: arrive, load };
}

function noticeButton(name: string): HTMLButtonElement {
  const button = Array.from(document.getElementById('samtykke-root')?.shadowRoot?.querySelectorAll<HTMLButtonElement>('.sk-notice button') ?? []).find((b) => b.textContent === name);
  if (!button) throw new Error(`no "${name}" button in the notice`);
  return button;
}

function perSiteTag(how?: 'defer' | 'async'): HTMLScriptElement {
  // What the server puts there: the first layer's part of the settings (server/routes/site-script.ts).
  const config = firstLayerOf(siteConfigFixture({ cookies: cookieConfigFixture() }));
  const el = scriptTag();
  el.src = 'https://samtykke.example/s/pk_demo_nettfokus.js';
  if (how) el[how] = true;
  return Object.assign(el, { samtykke: { site: config.site.key, origins: [location.origin], config } });
}

/**
 * The page's animation frames, held until the test runs them (the returned function runs the
 * frame due), on a document whose timeline says `currentTime` (0: no frame has run yet).
 * afterEach puts happy-dom's own timeline and requestAnimationFrame back.
 */
function holdFrames(currentTime: number): () => void {
  Object.defineProperty(document, 'timeline', { configurable: true, value: { currentTime } });
  const frames: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (fn: FrameRequestCallback) => frames.push(fn));
  return () => {
    for (const fn of frames.splice(0)) fn(performance.now());
  };
}
