import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import examples from '../../docs/sites.example.json';
import { SiteSettings } from '../../protocol/index.ts';
import { toIssues } from '../../server/errors.ts';
import { wordingDefaults } from '../../server/services/notice-texts.ts';
import { setLang } from '../i18n/index.ts';
import { addCookie, addService, draftOf, setUsed } from './draft.ts';
import { describePath, ruleFor } from './issues.ts';
import * as model from './model.ts';
import { SiteForm } from './site-form.tsx';
import * as change from './policy-change-model.ts';

const [example] = examples as unknown[];

/**
 * The console API as far as a save reaches: the site document is held to the schema and its issues
 * worded as the server words them; everything after a good save (digest, reload) just answers.
 */
function serverThatValidates() {
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  return vi.fn(async (url: string, init: RequestInit) => {
    if (init.method === 'PUT' && /^\/console\/api\/sites\/[^/]+$/.test(url)) {
      const parsed = SiteSettings.safeParse(JSON.parse(init.body as string));
      return parsed.success ? json(parsed.data) : json({ error: 'validation_failed', message: 'The site settings are not valid.', issues: toIssues(parsed.error) }, 400);
    }
    if (url.endsWith('/policies')) return json({ policies: [], published: { nb: '', en: '' }, currentVersion: '2024-02-11' });
    if (url === '/console/api/sites') return json({ sites: [] });
    if (init.method === 'GET') return json(model.site.value);
    return json({});
  });
}

/** Opens the example site in the form's model, as load() would. */
function open() {
  const settings = SiteSettings.parse(example);
  model.site.value = { settings, console: { site: settings.key, digestEmail: null, digestWebhook: null } as never, snippet: '', sriSnippet: '', integrity: null, etag: '"v1"', defaults: wordingDefaults(settings) };
  model.draft.value = draftOf(settings);
  model.form.origins.value = settings.origins.join('\n');
  model.form.policyUrl.value = settings.policy.url;
  model.form.policyVersion.value = settings.policy.version;
  model.form.softOptIn.value = '';
  model.form.material.value = false;
  return model.draft.value;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLang('nb');
});

describe('the site settings form', () => {
  it('puts every field the server refuses next to a field on the page, worded by us, and keeps what was typed', async () => {
    const d = open();
    // One of every mistake the schema can name in this form.
    d.name.value = '';
    d.dpoEmail.value = 'ikke en adresse';
    d.referencePrefix.value = 'nf';
    model.form.origins.value = 'https://www.nettfokus.example/hjem';
    model.form.policyUrl.value = 'ftp://nettfokus.example/personvern';
    model.form.softOptIn.value = 'x'.repeat(121);
    model.form.material.value = true;
    model.form.policyVersion.value = '11.02.2024';
    const statistics = d.categories.statistics;
    statistics.purpose.nb.value = 'Bare på bokmål.';
    statistics.recipients.en.value = '';
    const service = statistics.services.value[0]!;
    service.provider.value = '';
    service.privacyUrl.value = 'ikke-en-lenke';
    service.cookies.value[0]!.name.value = 'nf stats';
    addCookie(service);
    addService(d.necessary);
    setUsed(d.categories.marketing, true);
    d.categories.marketing.services.value = [];
    // The site's own wording chosen but left empty, too long, and with a control character.
    d.wording.marketingEmail.nb.own.value = true;
    d.wording.marketingEmailOptOut.en.own.value = true;
    d.wording.marketingEmailOptOut.en.text.value = 'No thanks\u0007';
    d.wording.intro.en.own.value = true;
    d.wording.intro.en.text.value = 'x'.repeat(2001);

    const fetch = serverThatValidates();
    vi.stubGlobal('fetch', fetch);
    await model.save();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(model.failed.value).toBe('invalid');
    const issues = model.issues.list.value;
    expect(issues.length).toBeGreaterThan(20);

    const { container } = render(<SiteForm />);
    for (const issue of issues) {
      const el = container.querySelector(`[id="${issue.id}"]`);
      expect(el, `${issue.path} → #${issue.id}`).not.toBeNull();
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) expect(el.getAttribute('aria-invalid'), issue.path).toBe('true');
      // Our own words for every path this form sends, never the server's English.
      expect(ruleFor(issue.path, issue.server), issue.path).not.toBe(issue.server);
    }
    expect(container.querySelector('[role="alert"]')!.textContent).toContain(`Ikke lagret: ${issues.length} felt må rettes.`);
    expect(issues.map((i) => i.id)).toEqual(expect.arrayContaining(['s-texts-marketingEmail-nb', 's-texts-marketingEmailOptOut-en', 's-cookies-intro-en']));
    expect(container.querySelector('#s-cookies-intro-en-error')!.textContent).toContain('eller velg standardteksten');
    expect(container.querySelector('[role="alert"]')!.textContent).toContain('Samtykkeboksen (bokmål)');
    expect((container.querySelector('#s-chat-referencePrefix') as HTMLInputElement).value).toBe('nf');
    expect((container.querySelector(`[id="${service.id}-privacyUrl"]`) as HTMLInputElement).value).toBe('ikke-en-lenke');

    setLang('en');
    await Promise.resolve();
    render(<SiteForm />, { container });
    expect(container.querySelector('#s-chat-referencePrefix-error')!.textContent).toBe('Type 2–6 capital letters (A–Z), e.g. NF.');
  });

  it('lists the refused fields in the order they stand on the form, not in the order the server names them', async () => {
    const d = open();
    // The schema has policy, then cookies, then chat; the form has chat, then policy, then cookies.
    d.categories.statistics.services.value[0]!.cookies.value[0]!.name.value = 'nf stats';
    model.form.policyUrl.value = 'ftp://nettfokus.example/personvern';
    d.referencePrefix.value = 'nf';
    model.form.origins.value = 'https://www.nettfokus.example/hjem';
    vi.stubGlobal('fetch', serverThatValidates());
    await model.save();
    const issues = model.issues.list.value;
    expect(issues.map((i) => i.path.split('.')[0])).toEqual(['origins', 'policy', 'cookies', 'chat']);

    const { container } = render(<SiteForm />);
    const onPage = [...container.querySelectorAll('[id]')].map((el) => el.id);
    const expected = [...issues].sort((a, b) => onPage.indexOf(a.id) - onPage.indexOf(b.id)).map((i) => describePath(i.path));
    const shown = [...container.querySelectorAll('#s-issues li button')].map((b) => b.textContent);
    expect(shown).toEqual(expected);
    expect(shown[0]).toBe('Tillatte opprinnelser (én per linje)');
    expect(shown[1]).toBe('Prefiks for referansenumre');
  });

  it('sends the draft with the version it was opened at, and no field is marked when the server takes it', async () => {
    const d = open();
    d.name.value = 'Nettfokus AS';
    const fetch = serverThatValidates();
    vi.stubGlobal('fetch', fetch);
    await model.save();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/console/api/sites/pk_nettfokus_www');
    expect((init.headers as Record<string, string>)['If-Match']).toBe('"v1"');
    expect(JSON.parse(init.body as string)).toMatchObject({ name: 'Nettfokus AS', chat: { referencePrefix: 'NF' } });
    expect(model.issues.list.value).toEqual([]);
    expect(model.saved.value).toBe(true);
  });

  it('always has the version field: a new version without the material tick is saved with no mail and no question', async () => {
    open();
    const { container } = render(<SiteForm />);
    const version = container.querySelector<HTMLInputElement>('#s-policy-version');
    expect(version).not.toBeNull();
    model.form.policyVersion.value = '2024-09-01';
    const fetch = serverThatValidates();
    vi.stubGlobal('fetch', fetch);
    await change.submit();
    expect(change.pending.value).toBeUndefined();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/console/api/sites/pk_nettfokus_www');
    expect(JSON.parse(init.body as string).policy).toEqual({ url: model.form.policyUrl.value, version: '2024-09-01' });
  });

  it('asks before a material change: the count and the mail first, the save (which mails) only on yes', async () => {
    open();
    model.form.material.value = true;
    model.form.policyVersion.value = '2024-09-01';
    model.form.summaryNb.value = 'Ny e-posttjeneste.';
    model.form.summaryEn.value = 'New email service.';
    const preview = { recipients: 3, alreadySent: false, mail: { subject: 'Vi har endret personvernerklæringen', text: 'Hva er endret: Ny e-posttjeneste.' } };
    const validating = serverThatValidates();
    const fetch = vi.fn(async (url: string, init: RequestInit) => (url.endsWith('/policy-change/preview') ? new Response(JSON.stringify(preview), { status: 200, headers: { 'Content-Type': 'application/json' } }) : validating(url, init)));
    vi.stubGlobal('fetch', fetch);
    const { findByRole } = render(<SiteForm />);
    await change.submit();
    expect(fetch.mock.calls.map(([u, i]) => `${i.method} ${u}`)).toEqual(['POST /console/api/sites/pk_nettfokus_www/policy-change/preview']);
    const dialog = await findByRole('dialog', { hidden: true });
    expect(dialog.textContent).toContain('3 personer med aktivt samtykke til markedsføring får denne e-posten.');
    expect(dialog.textContent).toContain('Hva er endret: Ny e-posttjeneste.');
    change.cancel();
    expect(fetch).toHaveBeenCalledTimes(1);
    await change.submit();
    await change.confirm();
    const put = fetch.mock.calls.find(([, i]) => i.method === 'PUT')!;
    expect(JSON.parse(put[1].body as string).policy).toMatchObject({ version: '2024-09-01', materialChange: true });
  });
});
