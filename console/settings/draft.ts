/**
 * @module The owner's editable copy of the parts of a site document that have no field of their
 * own elsewhere: name, chat contact, IP setting, the notice's button and lifetime, the site's own
 * wording of the marketing box and the notice's intro, and the cookie categories with their
 * services and cookies. No DOM: the page reads it, `toDocument` turns it back into the document
 * the server validates.
 */
import { signal, type Signal } from '@preact/signals';
import type { LauncherPosition, OptionalCategory, SiteSettings, SiteSettingsInput } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import { requestFocus } from '../ui/focus.tsx';
import { ownWording, wordingDraftOf, type WordingDraft } from './wording.ts';

/** The optional categories in the order the notice shows them (protocol/site.ts; `necessary` is always on). */
export const CATEGORIES = ['statistics', 'marketing', 'followup'] as const satisfies readonly OptionalCategory[];
// Fails to compile if the protocol gains a category this editor does not know.
const everyCategory: Record<OptionalCategory, true> = { statistics: true, marketing: true, followup: true };
void everyCategory;

export interface Localised {
  nb: Signal<string>;
  en: Signal<string>;
}
export interface CookieDraft {
  /** Stable while the row exists: React key and prefix of its fields' element ids. */
  id: string;
  name: Signal<string>;
  duration: Localised;
  firstParty: Signal<boolean>;
}
export interface ServiceDraft {
  id: string;
  name: Signal<string>;
  provider: Signal<string>;
  purpose: Localised;
  privacyUrl: Signal<string>;
  cookies: Signal<CookieDraft[]>;
}
export interface CategoryDraft {
  /** Off: the category is left out of the document, so visitors are not asked about it. Its rows stay here until saved. */
  used: Signal<boolean>;
  /** Empty in both languages: the built-in explanation is used. */
  purpose: Localised;
  recipients: Localised;
  retention: Localised;
  services: Signal<ServiceDraft[]>;
}
export interface SiteDraft {
  name: Signal<string>;
  ipAddress: Signal<SiteSettings['ipAddress']>;
  launcher: Signal<LauncherPosition>;
  lifetimeMonths: Signal<string>;
  dpoEmail: Signal<string>;
  referencePrefix: Signal<string>;
  necessary: Signal<ServiceDraft[]>;
  categories: Record<OptionalCategory, CategoryDraft>;
  wording: WordingDraft;
}

let rows = 0;
const rowId = (kind: 'svc' | 'ck') => `${kind}${(rows += 1)}`;
const localised = (from?: { nb: string; en: string }): Localised => ({ nb: signal(from?.nb ?? ''), en: signal(from?.en ?? '') });

type Service = SiteSettings['cookies']['necessary']['services'][number];
type Cookie = Service['cookies'][number];

function cookieDraft(from?: Cookie): CookieDraft {
  return { id: rowId('ck'), name: signal(from?.name ?? ''), duration: localised(from?.duration), firstParty: signal(from?.firstParty ?? true) };
}

function serviceDraft(from?: Service): ServiceDraft {
  return {
    id: rowId('svc'),
    name: signal(from?.name ?? ''),
    provider: signal(from?.provider ?? ''),
    purpose: localised(from?.purpose),
    privacyUrl: signal(from?.privacyUrl ?? ''),
    cookies: signal((from?.cookies ?? []).map(cookieDraft)),
  };
}

export function draftOf(settings: SiteSettings): SiteDraft {
  const c = settings.cookies;
  const category = (id: OptionalCategory): CategoryDraft => {
    const found = c[id];
    return {
      used: signal(!!found),
      purpose: localised(found?.purpose),
      recipients: localised(found?.recipients),
      retention: localised(found?.retention),
      services: signal((found?.services ?? []).map(serviceDraft)),
    };
  };
  return {
    name: signal(settings.name),
    ipAddress: signal(settings.ipAddress),
    launcher: signal(c.launcher),
    lifetimeMonths: signal(String(c.lifetimeMonths)),
    dpoEmail: signal(settings.chat.dpoEmail ?? ''),
    referencePrefix: signal(settings.chat.referencePrefix),
    necessary: signal(c.necessary.services.map(serviceDraft)),
    categories: { statistics: category('statistics'), marketing: category('marketing'), followup: category('followup') },
    wording: wordingDraftOf(settings),
  };
}

// Trimmed, because a stray space at the end of a pasted name is never meant; the server checks the rest.
const text = (s: Signal<string>) => s.value.trim();
const both = (l: Localised) => ({ nb: text(l.nb), en: text(l.en) });
const eitherOrNone = (l: Localised) => (text(l.nb) || text(l.en) ? both(l) : undefined);

function serviceOf(s: ServiceDraft) {
  const privacyUrl = text(s.privacyUrl);
  return {
    name: text(s.name),
    provider: text(s.provider),
    purpose: both(s.purpose),
    ...(privacyUrl ? { privacyUrl } : {}),
    cookies: s.cookies.value.map((k) => ({ name: text(k.name), duration: both(k.duration), firstParty: k.firstParty.value })),
  };
}

/**
 * The whole document to save: `base` with the draft's parts put in. Whatever the draft does not
 * edit (forms, policy) is kept from `base` as it is.
 */
export function toDocument(base: SiteSettings, d: SiteDraft): SiteSettingsInput {
  const categories = Object.fromEntries(
    CATEGORIES.map((id) => {
      const c = d.categories[id];
      if (!c.used.value) return [id, undefined];
      const purpose = eitherOrNone(c.purpose);
      return [id, { ...(purpose ? { purpose } : {}), recipients: both(c.recipients), retention: both(c.retention), services: c.services.value.map(serviceOf) }];
    }).filter(([, v]) => v !== undefined),
  );
  const { statistics: _s, marketing: _m, followup: _f, intro: _i, ...cookies } = base.cookies;
  const dpoEmail = text(d.dpoEmail);
  const marketingEmail = ownWording(d.wording.marketingEmail);
  const marketingEmailOptOut = ownWording(d.wording.marketingEmailOptOut);
  const intro = ownWording(d.wording.intro);
  return {
    ...base,
    texts: { ...(marketingEmail ? { marketingEmail } : {}), ...(marketingEmailOptOut ? { marketingEmailOptOut } : {}) },
    name: text(d.name),
    ipAddress: d.ipAddress.value,
    chat: { ...base.chat, dpoEmail: dpoEmail || undefined, referencePrefix: text(d.referencePrefix) },
    cookies: {
      ...cookies,
      launcher: d.launcher.value,
      lifetimeMonths: Number(d.lifetimeMonths.value),
      necessary: { services: d.necessary.value.map(serviceOf) },
      ...(intro ? { intro } : {}),
      ...categories,
    },
  };
}

/**
 * Where each row of the draft sits in the document `toDocument` builds (`cookies.statistics.services.1`
 * → its id), so an issue the server names by index lands on the row the owner sees, even if rows
 * are added or removed while the save is on its way.
 */
export function rowPaths(d: SiteDraft): Map<string, string> {
  const paths = new Map<string, string>();
  const services = (prefix: string, list: ServiceDraft[]) =>
    list.forEach((s, i) => {
      paths.set(`${prefix}.services.${i}`, s.id);
      s.cookies.value.forEach((k, j) => paths.set(`${prefix}.services.${i}.cookies.${j}`, k.id));
    });
  services('cookies.necessary', d.necessary.value);
  for (const id of CATEGORIES) if (d.categories[id].used.value) services(`cookies.${id}`, d.categories[id].services.value);
  return paths;
}

/** Polite announcements of rows added and removed, for screen readers (the page shows them in a status region). */
export const announcement = signal('');

export function addService(list: Signal<ServiceDraft[]>): void {
  const s = serviceDraft();
  list.value = [...list.value, s];
  announcement.value = t.value.settings.rows.serviceAdded(list.value.length);
  requestFocus(`${s.id}-name`);
}

/** Focus goes to the row that takes the removed one's place, else the one before it, else `otherwise` (the add button). */
export function removeService(list: Signal<ServiceDraft[]>, id: string, otherwise: string): void {
  const at = list.value.findIndex((s) => s.id === id);
  const gone = list.value[at];
  const rest = list.value.filter((s) => s.id !== id);
  list.value = rest;
  announcement.value = t.value.settings.rows.serviceRemoved(gone ? text(gone.name) : '', rest.length);
  const next = rest[at] ?? rest[at - 1];
  requestFocus(next ? `${next.id}-name` : otherwise);
}

export function addCookie(service: ServiceDraft): void {
  const k = cookieDraft();
  service.cookies.value = [...service.cookies.value, k];
  announcement.value = t.value.settings.rows.cookieAdded(service.cookies.value.length, text(service.name));
  requestFocus(`${k.id}-name`);
}

export function removeCookie(service: ServiceDraft, id: string, otherwise: string): void {
  const at = service.cookies.value.findIndex((k) => k.id === id);
  const gone = service.cookies.value[at];
  const rest = service.cookies.value.filter((k) => k.id !== id);
  service.cookies.value = rest;
  announcement.value = t.value.settings.rows.cookieRemoved(gone ? text(gone.name) : '', rest.length);
  const next = rest[at] ?? rest[at - 1];
  requestFocus(next ? `${next.id}-name` : otherwise);
}

/** Turning a category on with nothing declared gives it one empty service to fill in: the schema wants at least one. */
export function setUsed(c: CategoryDraft, used: boolean): void {
  c.used.value = used;
  if (used && c.services.value.length === 0) c.services.value = [serviceDraft()];
}
