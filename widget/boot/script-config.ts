import type { Lang, WidgetConfig } from '../../protocol/index.ts';

// A failure is only the message the loader logs: nothing else reads it, and every byte here is paid on every page.
export type ScriptConfigResult = { ok: true; config: WidgetConfig } | { ok: false; message: string };

// Kept in step with protocol/config.ts by script-config.test.ts, which feeds the same cases to both.
const SITE_KEY = /^pk_[A-Za-z0-9_-]{8,64}$/;
const NOT_HTTP = 'is not an http(s) URL';

/**
 * Reads the site owner's configuration from our own script tag. Pure: it takes the element, so
 * tests can hand it a fixture, and it never throws; a bad attribute comes back as a message that
 * names it and says how to fix it. Terse on purpose: every byte here is paid on every page.
 */
export function readScriptConfig(el: HTMLScriptElement | null, htmlLang = '', inlineSite = ''): ScriptConfigResult {
  if (!el) return fail('must be a classic <script src>');
  const data = el.dataset;
  // The per-site script (/s/<key>.js) names its site itself; a data-site beside it must agree.
  const site = data.site?.trim() ?? inlineSite;
  if (inlineSite && site !== inlineSite) return invalid('data-site', site, `is not the site of this script (${inlineSite}): remove data-site`);
  // A missing key reads as data-site="", which says both what is wrong and where the key comes from.
  if (!SITE_KEY.test(site)) return invalid('data-site', site, 'is not a pk_… site key');
  const api = httpUrl(data.api ?? el.src)?.origin;
  if (!api) return data.api === undefined ? fail('is not http(s): set data-api') : invalid('data-api', data.api, NOT_HTTP);
  let policyUrl: string | undefined;
  if (data.policyUrl !== undefined && !(policyUrl = httpUrl(data.policyUrl, el.baseURI)?.href)) return invalid('data-policy-url', data.policyUrl, NOT_HTTP);
  const lang = data.lang === undefined ? (toLang(htmlLang) ?? 'nb') : toLang(data.lang);
  if (!lang) return invalid('data-lang', data.lang!, 'is not nb or en');
  return { ok: true, config: { site, api, lang, policyUrl } };
}

/** Bokmål is the default; `no`, `nb-NO` and Nynorsk pages get Bokmål, any English gets English. */
export function toLang(value: string): Lang | undefined {
  const tag = value.trim().toLowerCase();
  return /^(nb|no|nn)(-|$)/.test(tag) ? 'nb' : /^en(-|$)/.test(tag) ? 'en' : undefined;
}

function httpUrl(value: string, base?: string): URL | undefined {
  try {
    const url = new URL(value, base);
    return /^https?:$/.test(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

const fail = (message: string): ScriptConfigResult => ({ ok: false, message });
const invalid = (attribute: string, value: string, fix: string) => fail(`${attribute}="${value}" ${fix}`);
