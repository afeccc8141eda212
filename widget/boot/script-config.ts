import type { Lang, WidgetConfig } from '../../protocol/index.ts';

export type ScriptConfigResult = { ok: true; config: WidgetConfig } | { ok: false; attribute: string; message: string };

// Kept in step with protocol/config.ts by script-config.test.ts, which feeds the same cases to both.
const SITE_KEY = /^pk_[A-Za-z0-9_-]{8,64}$/;

/**
 * Reads the site owner's configuration from our own script tag. Pure: it takes the element, so
 * tests can hand it a fixture, and it never throws; a bad attribute comes back as a message.
 */
export function readScriptConfig(el: HTMLScriptElement | null, htmlLang = ''): ScriptConfigResult {
  if (!el) return fail('src', 'found no <script src> tag of its own; load samtykke.js with a classic <script>, not a module');
  const data = el.dataset;
  const site = data.site?.trim() ?? '';
  if (!site) return fail('data-site', 'data-site is missing: add data-site="pk_…", the key the server printed');
  if (!SITE_KEY.test(site)) return fail('data-site', `data-site="${site}" is not a site key (pk_ and 8–64 letters or digits)`);

  const api = httpOrigin(data.api ?? el.src);
  if (!api) {
    return data.api === undefined
      ? fail('src', 'the server address is unknown; add data-api="https://…"')
      : fail('data-api', `data-api="${data.api}" is not an http(s) URL`);
  }

  let policyUrl: string | undefined;
  if (data.policyUrl !== undefined) {
    policyUrl = httpUrl(data.policyUrl, el.baseURI);
    if (!policyUrl) return fail('data-policy-url', `data-policy-url="${data.policyUrl}" is not an http(s) URL`);
  }

  const langAttr = data.lang;
  let lang: Lang;
  if (langAttr !== undefined) {
    const parsed = toLang(langAttr);
    if (!parsed) return fail('data-lang', `data-lang="${langAttr}" is not supported: use nb or en`);
    lang = parsed;
  } else {
    lang = toLang(htmlLang) ?? 'nb';
  }

  const config: WidgetConfig = { site, api, lang };
  if (policyUrl) config.policyUrl = policyUrl;
  return { ok: true, config };
}

/** Bokmål is the default; `no`, `nb-NO` and Nynorsk pages get Bokmål, any English gets English. */
export function toLang(value: string): Lang | undefined {
  const tag = value.trim().toLowerCase();
  if (/^(nb|no|nn)(-|$)/.test(tag)) return 'nb';
  if (/^en(-|$)/.test(tag)) return 'en';
  return undefined;
}

function httpUrl(value: string, base?: string): string | undefined {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function httpOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const href = httpUrl(value);
  return href ? new URL(href).origin : undefined;
}

function fail(attribute: string, message: string): ScriptConfigResult {
  return { ok: false, attribute, message };
}
