import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsentEvent } from '../../protocol/index.ts';
import { fakeServer } from '../../test/fixtures/fake-server.ts';
import { checkboxIn, importChunk, openPage, resetBrowser, scriptTag } from '../../test/fixtures/widget-page.ts';
import { startWidget } from '../boot/start.ts';

const page = `
  <form id="kontakt" data-samtykke="marketing" action="/takk">
    <input name="navn" value="Kari Nordmann">
    <input type="email" name="epost">
    <button type="submit">Send</button>
  </form>
  <form id="sok"><input name="q"><button>Søk</button></form>
  <form id="kundeportal" data-samtykke="marketing" data-samtykke-email-field="login">
    <input name="login"><input type="email" name="other" value="not-me@example.no"><button>Logg inn</button>
  </form>`;

const form = (id: string) => document.getElementById(id) as HTMLFormElement;
const checkboxOrNull = (f: HTMLFormElement) => f.querySelector('[data-samtykke-checkbox]')?.shadowRoot?.querySelector('input') ?? null;

function submit(f: HTMLFormElement): SubmitEvent {
  const event = new Event('submit', { bubbles: true, cancelable: true }) as SubmitEvent;
  f.dispatchEvent(event);
  return event;
}

describe('the consent box in site forms', () => {
  let server: ReturnType<typeof fakeServer>;
  beforeEach(() => {
    server = fakeServer();
  });
  afterEach(async () => {
    await resetBrowser();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('goes only into marked forms, unticked, before the submit button', async () => {
    await openPage(page);
    expect(form('sok').querySelector('[data-samtykke-checkbox]')).toBeNull();
    const box = checkboxIn(form('kontakt'));
    expect(box.checked).toBe(false);
    expect(form('kontakt').querySelector('[data-samtykke-checkbox]')!.nextElementSibling?.tagName).toBe('BUTTON');
    // Labelled, so a screen reader says what ticking means.
    const label = box.getRootNode() instanceof ShadowRoot ? (box.getRootNode() as ShadowRoot).querySelector(`label[for="${box.id}"]`) : null;
    expect(label?.textContent).toContain('Ja, jeg vil gjerne få e-post fra Nettfokus.');
    expect(label?.querySelector('a')?.getAttribute('href')).toBe('https://nettfokus.example/personvern');
  });

  it('records a ticked box as granted consent with everything a proof needs', async () => {
    await openPage(page);
    (form('kontakt').elements.namedItem('epost') as HTMLInputElement).value = ' Kari@Example.NO ';
    fireEvent.click(checkboxIn(form('kontakt')));
    submit(form('kontakt'));
    await waitFor(() => expect(server.received).toHaveLength(1));
    const proof = server.received[0]!;
    expect(ConsentEvent.parse(proof)).toEqual(proof);
    expect(proof).toMatchObject({
      kind: 'form-consent',
      subject: { email: 'kari@example.no' },
      purposes: [{ purpose: 'marketing-email', decision: 'granted' }],
      basis: 'consent',
      notice: { textHash: 'a'.repeat(64), lang: 'nb', policyUrl: 'https://nettfokus.example/personvern', policyVersion: '2024-02-11' },
      collection: { formId: 'kontakt', widgetVersion: 'test' },
    });
    expect(proof.collection.pageUrl).not.toContain('?');
    expect(form('kontakt').querySelector<HTMLInputElement>('input[name=samtykke_marketing]')!.value).toBe('granted');
    expect(form('kontakt').querySelector<HTMLInputElement>('input[name=samtykke_receipt]')!.value).toBe(proof.id);
    await waitFor(() => expect(window.Samtykke!.receipts()).toEqual([expect.objectContaining({ id: proof.id, decision: 'granted', stored: true })]));
  });

  it('records the page as origin and path only, leaving out a query or fragment that can hold personal data', async () => {
    const before = location.href;
    history.replaceState(null, '', '/nyhetsbrev?email=kari@example.no&gclid=abc123#x');
    try {
      await openPage(page);
      (form('kontakt').elements.namedItem('epost') as HTMLInputElement).value = 'kari@example.no';
      fireEvent.click(checkboxIn(form('kontakt')));
      submit(form('kontakt'));
      await waitFor(() => expect(server.received).toHaveLength(1));
      expect(server.received[0]!.collection.pageUrl).toBe(`${location.origin}/nyhetsbrev`);
      const sent = server.fetch.mock.calls.map(([, init]) => String(init?.body ?? '')).join('\n');
      expect(sent).not.toMatch(/gclid|email=|#x/);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('records an unticked box as declined rather than ignoring it', async () => {
    await openPage(page);
    (form('kontakt').elements.namedItem('epost') as HTMLInputElement).value = 'ola@example.no';
    submit(form('kontakt'));
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]).toMatchObject({ purposes: [{ purpose: 'marketing-email', decision: 'declined' }], basis: 'consent' });
    expect(form('kontakt').querySelector<HTMLInputElement>('input[name=samtykke_marketing]')!.value).toBe('declined');
  });

  it('shows existing customers an opt-out box and records the soft opt-in basis', async () => {
    await openPage(page);
    const portal = form('kundeportal');
    const label = checkboxIn(portal).parentElement!.textContent;
    expect(label).toContain('Nei takk');
    (portal.elements.namedItem('login') as HTMLInputElement).value = 'kunde@example.no';
    submit(portal);
    await waitFor(() => expect(server.received).toHaveLength(1));
    expect(server.received[0]).toMatchObject({
      subject: { email: 'kunde@example.no' },
      purposes: [{ purpose: 'marketing-email', decision: 'granted' }],
      basis: 'existing-customer',
      notice: { textHash: 'b'.repeat(64) },
    });
    fireEvent.click(checkboxIn(portal));
    submit(portal);
    await waitFor(() => expect(server.received).toHaveLength(2));
    expect(server.received[1]).toMatchObject({ purposes: [{ decision: 'declined' }], basis: 'existing-customer' });
  });

  it('never blocks or delays the submit, even when its own code fails', async () => {
    await openPage(page);
    const siteHandler = vi.fn((e: Event) => (e as SubmitEvent).defaultPrevented);
    form('kontakt').addEventListener('submit', siteHandler);
    (form('kontakt').elements.namedItem('epost') as HTMLInputElement).value = 'kari@example.no';
    // Break what the widget relies on: storage throws and the network is gone.
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError');
    });
    vi.stubGlobal('fetch', () => {
      throw new Error('boom');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const event = submit(form('kontakt'));
    expect(event.defaultPrevented).toBe(false);
    expect(siteHandler).toHaveBeenCalledTimes(1);
    expect(siteHandler.mock.results[0]!.value).toBe(false);
  });

  it('does not record a choice when the form has no email, and says why', async () => {
    await openPage(page);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    submit(form('kontakt'));
    await new Promise((r) => setTimeout(r, 20));
    expect(server.received).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[samtykke\] .*data-samtykke-email-field/));
  });

  it('picks up a marked form that a single-page app adds later', async () => {
    await openPage('<main></main>');
    document.querySelector('main')!.innerHTML = '<form id="webinar" data-samtykke="marketing"><input type="email"><button>Meld på</button></form>';
    await waitFor(() => expect(checkboxIn(form('webinar')).checked).toBe(false), { timeout: 2000 });
  });

  it('removes everything it added on destroy()', async () => {
    await openPage(page);
    window.Samtykke!.destroy();
    expect(document.querySelector('[data-samtykke-checkbox]')).toBeNull();
    expect(document.querySelector('input[name^=samtykke_]')).toBeNull();
    expect(window.Samtykke).toBeUndefined();
  });

  it('keeps each box\'s place before any chunk arrives, and draws the box into that same place', async () => {
    document.body.innerHTML = page + '<form id="ukjent" data-samtykke="nyhetsbrev"><button>Send</button></form>';
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The chunk is held back, as over a slow network: the place must be there without it.
    startWidget(scriptTag(), { importChunk: (name) => gate.then(() => importChunk(name)) });
    const slot = form('kontakt').querySelector<HTMLElement>('[data-samtykke-checkbox]');
    expect(slot?.nextElementSibling?.tagName).toBe('BUTTON');
    expect(slot!.style.minHeight).toBe('var(--samtykke-form-reserve, 4.35em)');
    expect(slot!.shadowRoot).toBeNull();
    expect(form('sok').querySelector('[data-samtykke-checkbox]')).toBeNull();
    release();
    await vi.waitFor(() => expect(checkboxIn(form('kontakt'))).toBeTruthy());
    expect(form('kontakt').querySelectorAll('[data-samtykke-checkbox]')).toHaveLength(1);
    expect(checkboxIn(form('kontakt')).getRootNode()).toBe(slot!.shadowRoot);
    // A form marked with a kind the widget does not know gets no box, and no empty space either.
    await vi.waitFor(() => expect(form('ukjent').hasAttribute('data-samtykke-ready')).toBe(true));
    expect(form('ukjent').querySelector<HTMLElement>('[data-samtykke-checkbox]')!.style.display).toBe('none');
  });

  it('fills the kept place with a hidden copy of the box\'s text when the settings are at hand, so it is as high as the box', async () => {
    // A first page leaves the site's settings cached; the next page's loader keeps the places with them.
    await openPage(page);
    window.Samtykke!.destroy();
    document.body.innerHTML = page;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    startWidget(scriptTag(), { importChunk: (name) => gate.then(() => importChunk(name)) });
    const slot = (id: string) => form(id).querySelector<HTMLElement>('[data-samtykke-checkbox]')!;
    // No guessed three lines: the copy's lines are the height (a site's --samtykke-form-reserve still counts).
    expect(slot('kontakt').style.minHeight).toBe('var(--samtykke-form-reserve)');
    const copy = slot('kontakt').firstElementChild as HTMLElement;
    expect(copy.style.visibility).toBe('hidden');
    expect(copy.textContent).toBe('Ja, jeg vil gjerne få e-post fra Nettfokus. Les personvernerklæringen');
    // The form the site lists for existing customers gets its own text's height.
    expect(slot('kundeportal').textContent).toBe('Nei takk, jeg vil ikke ha e-post fra Nettfokus. Les personvernerklæringen');
    release();
    await vi.waitFor(() => expect(checkboxIn(form('kontakt'))).toBeTruthy());
    // The box is drawn in the place's shadow root, which hides the copy; the place is the same element.
    expect(checkboxIn(form('kontakt')).getRootNode()).toBe(slot('kontakt').shadowRoot);
  });

  it('gives back the space kept for the box when the site\'s settings cannot be loaded, without asking again and again', async () => {
    server.down = true;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    document.body.innerHTML = page;
    startWidget(scriptTag(), { importChunk });
    const slot = () => form('kontakt').querySelector<HTMLElement>('[data-samtykke-checkbox]');
    expect(slot()!.style.display).toBe('');
    await vi.waitFor(() => expect(slot()?.style.display).toBe('none'));
    const before = server.configRequests();
    // Hidden rather than removed: a removal made the loader put the place back and ask again, about
    // twenty times a second, opening and closing the gap each time.
    await new Promise((r) => setTimeout(r, 500));
    expect(server.configRequests() - before).toBeLessThanOrEqual(1);
    expect(form('kontakt').querySelectorAll('[data-samtykke-checkbox]')).toHaveLength(1);
    expect(slot()!.style.display).toBe('none');
    expect(checkboxOrNull(form('kontakt'))).toBeNull();
    // The form is the site's own again: a submit goes through untouched.
    expect(submit(form('kontakt')).defaultPrevented).toBe(false);
    expect(form('kontakt').querySelector('input[name^=samtykke_]')).toBeNull();
  });
});
