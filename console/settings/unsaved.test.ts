import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as auth from '../auth/model.ts';
import examples from '../../docs/sites.example.json';
import { SiteSettings } from '../../protocol/index.ts';
import { wordingDefaults } from '../../server/services/notice-texts.ts';
import { addService, removeService } from './draft.ts';
import * as model from './model.ts';
import { drafts } from './policy-model.ts';
import { discard, pending, saveFirst, signOut, stay, switchTo, unsaved } from './unsaved.ts';

const [example] = examples as unknown[];

function view(name = 'Nettfokus'): model.SiteView {
  const settings = SiteSettings.parse({ ...(example as object), name });
  return { settings, console: { site: settings.key, digestEmail: null, digestWebhook: null } as never, snippet: '', sriSnippet: '', integrity: null, etag: '"v1"', defaults: wordingDefaults(settings) };
}

/** Whether the page would ask before a reload or a closed tab. */
function asksBeforeUnload(): boolean {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}

beforeEach(() => {
  model.show(view());
  for (const d of Object.values(drafts)) d.markdown.value = d.url.value = '';
});
afterEach(() => {
  pending.value = undefined;
  vi.unstubAllGlobals();
});

describe('unsaved changes on the settings page', () => {
  it('counts as unsaved only what differs from what was loaded, not keystrokes', () => {
    const d = model.draft.value!;
    expect(unsaved.value).toBe(false);
    d.name.value = 'Nettfokus AS';
    expect(unsaved.value).toBe(true);
    d.name.value = 'Nettfokus';
    expect(unsaved.value).toBe(false);
    model.form.origins.value += '\nhttps://shop.nettfokus.example';
    expect(unsaved.value).toBe(true);
  });

  it('is clean again when a service added is removed, and when a site is shown anew', () => {
    const services = model.draft.value!.categories.statistics.services;
    addService(services);
    expect(unsaved.value).toBe(true);
    removeService(services, services.value.at(-1)!.id, 'x');
    expect(unsaved.value).toBe(false);
    model.draft.value!.dpoEmail.value = 'ny@nettfokus.example';
    model.show(view('Fjelltur'));
    expect(unsaved.value).toBe(false);
  });

  it('counts a policy text being edited, and asks before unload only while something is unsaved', () => {
    expect(asksBeforeUnload()).toBe(false);
    drafts.nb.markdown.value = '## Ny tekst';
    expect(unsaved.value).toBe(true);
    expect(asksBeforeUnload()).toBe(true);
    drafts.nb.markdown.value = '';
    expect(asksBeforeUnload()).toBe(false);
  });

  it('holds signing out while something is unsaved, from any page: stay keeps it, discard signs out with nothing left to warn about', async () => {
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response('{}', { headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const signOuts = () => fetch.mock.calls.filter(([url]) => url === '/console/api/logout').length;
    auth.status.value = 'signed-in';
    signOut();
    await vi.waitFor(() => expect(auth.status.value).toBe('signed-out'));
    expect(signOuts()).toBe(1);

    auth.status.value = 'signed-in';
    location.hash = '#/consents';
    drafts.en.markdown.value = '## What we keep';
    signOut();
    expect(signOuts()).toBe(1);
    expect(pending.value?.signOut).toBe(true);
    // Taken to the work that would be lost, where the prompt is.
    await vi.waitFor(() => expect(location.hash).toBe('#/settings'));
    stay();
    expect(auth.status.value).toBe('signed-in');
    expect(drafts.en.markdown.value).toBe('## What we keep');

    signOut();
    discard();
    await vi.waitFor(() => expect(auth.status.value).toBe('signed-out'));
    expect(signOuts()).toBe(2);
    expect(drafts.en.markdown.value).toBe('');
    expect(asksBeforeUnload()).toBe(false);
  });

  it('saves first, then signs out, when the owner asks it to', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url}`);
      const body = url.endsWith('/pk_nettfokus_www') ? { ...view(), settings: { ...view().settings, name: 'Nettfokus AS' } } : url.endsWith('/sites') ? { sites: [] } : {};
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    }));
    auth.status.value = 'signed-in';
    model.draft.value!.name.value = 'Nettfokus AS';
    signOut();
    expect(calls).toEqual([]);
    await saveFirst();
    await vi.waitFor(() => expect(auth.status.value).toBe('signed-out'));
    expect(calls[0]).toBe('PUT /console/api/sites/pk_nettfokus_www');
    expect(calls.at(-1)).toBe('POST /console/api/logout');
    expect(unsaved.value).toBe(false);
  });

  it('holds a switch of site while the form is changed: stay keeps the typing, discard loads the other site', async () => {
    const fetch = vi.fn(async (url: string) => new Response(JSON.stringify(url.endsWith('/policies') ? { policies: [], published: { nb: '', en: '' }, currentVersion: '2024-02-11' } : view('Fjelltur')), { headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const shown = model.site.value!.settings.key;
    model.selected.value = 'pk_fjelltur_www';
    model.draft.value!.name.value = 'Nettfokus AS';
    switchTo('pk_fjelltur_www');
    expect(fetch).not.toHaveBeenCalled();
    expect(pending.value?.to).toBe('pk_fjelltur_www');
    expect(model.selected.value).toBe(shown);

    stay();
    expect(pending.value).toBeUndefined();
    expect(model.draft.value!.name.value).toBe('Nettfokus AS');

    switchTo('pk_fjelltur_www');
    discard();
    await vi.waitFor(() => expect(model.site.value!.settings.name).toBe('Fjelltur'));
    expect(model.draft.value!.name.value).toBe('Fjelltur');
    expect(unsaved.value).toBe(false);
  });
});
