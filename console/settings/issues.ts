/**
 * @module The server's refusal of a site document (400 with `issues`), pinned to the fields it
 * names and told in the console's language. The server's paths (`cookies.statistics.services.1.name`)
 * become element ids; each field's rule is ours to word, the server's English is kept only for a
 * path no field of ours shows.
 */
import { computed, signal } from '@preact/signals';
import type { ApiIssue } from '../../protocol/index.ts';
import { ConsoleApiError } from '../api/client.ts';
import { t } from '../i18n/index.ts';

export interface FieldIssue {
  /** As the server named it, relative to the document. */
  path: string;
  /** The element to show it beside and to focus from the summary. */
  id: string;
  /** The server's own words, for a path we cannot word ourselves. */
  server: string;
}

/**
 * The id of the element that shows `path`: `prefix` plus the path joined by `-`, or a row's id plus
 * the rest when the path runs through a row (`rows` from `rowPaths`). Every origin and every form
 * id share one textarea each.
 */
export function fieldId(path: string, prefix: string, rows: Map<string, string> = new Map()): string {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const row = rows.get(parts.slice(0, n).join('.'));
    if (row) return [row, ...parts.slice(n)].join('-');
  }
  if (parts[0] === 'origins' || parts[0] === 'forms') return `${prefix}-${parts[0]}`;
  return [prefix, ...parts].join('-');
}

/** The issues of a refused save, or undefined when the error was something else (a conflict, the network). */
export function issuesOf(error: unknown, prefix: string, rows?: Map<string, string>): FieldIssue[] | undefined {
  if (!(error instanceof ConsoleApiError) || error.status !== 400 || !error.body.issues?.length) return undefined;
  return error.body.issues.map((i: ApiIssue) => ({ path: i.path, id: fieldId(i.path, prefix, rows), server: i.message }));
}

/**
 * `list` in the order its fields stand in `doc`, so a summary reads top to bottom like the form
 * (the server names them in the schema's order). Issues of one field keep their order; one whose
 * field is not on the page goes last, in the server's order.
 */
export function inPageOrder(list: FieldIssue[], doc: Document = document): FieldIssue[] {
  const placed = list.map((issue, i) => ({ issue, i, el: doc.getElementById(issue.id) }));
  return placed
    .sort((a, b) => {
      if (!a.el || !b.el) return a.el ? -1 : b.el ? 1 : a.i - b.i;
      if (a.el === b.el) return a.i - b.i;
      return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    })
    .map((p) => p.issue);
}

/** One form's refused fields: set after a refused save, each taken away as soon as its field is edited. */
export function createIssues() {
  const list = signal<FieldIssue[]>([]);
  /** Element id → what to type instead, in the console's language (recomputed when the language changes). */
  const errors = computed(() => {
    const map = new Map<string, string>();
    for (const i of list.value) if (!map.has(i.id)) map.set(i.id, ruleFor(i.path, i.server));
    return map;
  });
  return {
    list,
    errors,
    clear(id: string): void {
      if (list.peek().some((i) => i.id === id)) list.value = list.peek().filter((i) => i.id !== id);
    },
  };
}
export type Issues = ReturnType<typeof createIssues>;

const LEAF = /^(nb|en)$/;

/** What the owner should type instead, in the console's language. */
export function ruleFor(path: string, server: string): string {
  const r = t.value.settings.issues.rules;
  const p = path.split('.');
  const last = p[p.length - 1] ?? '';
  const parent = p[p.length - 2] ?? '';
  if (path === 'key') return r.key;
  if (path === 'name' || (parent && /^\d+$/.test(parent) && p[p.length - 3] === 'services' && last === 'name')) return r.text(120);
  if (p[0] === 'origins') return r.origins;
  if (p[0] === 'forms') return r.forms;
  if (path === 'policy.version') return r.date;
  if (last === 'url' || last === 'privacyUrl') return r.url;
  if (path === 'chat.dpoEmail' || path === 'digestEmail') return r.email;
  if (path === 'digestWebhook') return r.webhook;
  if (path === 'chat.referencePrefix') return r.prefix;
  if (last === 'provider') return r.text(200);
  if (last === 'name' && parent && /^\d+$/.test(parent) && p[p.length - 3] === 'cookies') return r.cookieName;
  if (last === 'services') return p[1] === 'necessary' ? r.necessaryServices : r.services;
  if (last === 'cookies' && p.length > 2) return r.cookies;
  if (p[0] === 'texts' || path.startsWith('cookies.intro')) return r.wording;
  if (LEAF.test(last)) return r.text(2000);
  return server;
}

/** Where the field is, in words: "Statistikk › Tjeneste 2 › Informasjonskapsel 1 › Varighet (engelsk)". */
export function describePath(path: string): string {
  const s = t.value.settings;
  const f = s.fields;
  const p = path.split('.');
  const words: string[] = [];
  const inLang = (label: string, lang: string | undefined) => (lang === 'nb' || lang === 'en' ? s.cookies.inLang(label, lang) : label);
  const wording: Record<string, string> = { 'texts.marketingEmail': s.wording.marketingEmail, 'texts.marketingEmailOptOut': s.wording.marketingEmailOptOut, 'cookies.intro': s.wording.intro };
  const worded = wording[p.slice(0, 2).join('.')];
  if (worded) return inLang(worded, p[2]);
  if (p[0] !== 'cookies' || p.length < 2) {
    const top: Record<string, string> = {
      key: f.key, name: f.name, origins: s.origins, forms: s.softOptIn, ipAddress: f.ipAddress,
      'policy.url': `${s.policy} › ${s.policyUrl}`, 'policy.version': `${s.policy} › ${s.policyVersion}`, 'chat.dpoEmail': f.dpoEmail, 'chat.referencePrefix': f.referencePrefix,
      digestEmail: s.digestEmail, digestWebhook: s.digestWebhook,
      'policy.changeSummary.nb': s.summaryNb, 'policy.changeSummary.en': s.summaryEn, 'policy.changeSummary': s.summaryNb,
    };
    const known = top[path] ?? top[p.slice(0, 2).join('.')] ?? top[p[0] ?? ''];
    return known ?? path;
  }
  const category = p[1] as keyof typeof s.cookies.categories;
  if (!(category in s.cookies.categories)) return path === 'cookies.launcher' ? f.launcher : path === 'cookies.lifetimeMonths' ? f.lifetime : path;
  words.push(s.cookies.categories[category]);
  let i = 2;
  if (p[i] === 'services') {
    if (p[i + 1] === undefined) return [...words, s.cookies.services].join(' › ');
    words.push(s.cookies.service(Number(p[i + 1]) + 1, ''));
    i += 2;
    if (p[i] === 'cookies') {
      if (p[i + 1] === undefined) return [...words, s.cookies.cookiesTitle].join(' › ');
      words.push(s.cookies.cookie(Number(p[i + 1]) + 1, ''));
      i += 2;
    }
  }
  const leaf = p[i];
  const labels: Record<string, string> = {
    name: words.length > 2 ? s.cookies.cookieName : s.cookies.serviceName,
    provider: s.cookies.provider,
    purpose: words.length > 1 ? s.cookies.servicePurpose : s.cookies.purpose,
    privacyUrl: s.cookies.privacyUrl,
    duration: s.cookies.duration,
    firstParty: s.cookies.firstParty,
    recipients: s.cookies.recipients,
    retention: s.cookies.retention,
  };
  if (leaf) words.push(inLang(labels[leaf] ?? leaf, p[i + 1]));
  return words.join(' › ');
}
