import type { ConsentEvent, Decision, OptionalCategory, SiteConfig } from '../../protocol/index.ts';
import { announce, type WidgetContext } from '../boot/context.ts';
import type { ChangeDetail } from './control.ts';
import { addReceipt, getOutbox } from '../outbox/index.ts';
import { pageUrl, uuidv7 } from '../util/index.ts';
import { deleteCookies } from './cookies.ts';
import { readChoice, writeChoice, type StoredChoice } from './storage.ts';

// protocol/ exports this list too, but importing a value from it would bring zod into the chunk;
// storage.test.ts holds the two together.
export const OPTIONAL: readonly OptionalCategory[] = ['statistics', 'marketing', 'followup'];

export type Granted = Partial<Record<OptionalCategory, boolean>>;

/** The optional categories this site asks about, in a fixed order. */
export const askedAbout = (site: SiteConfig): OptionalCategory[] =>
  OPTIONAL.filter((id) => site.cookies?.categories.some((c) => c.id === id));

/**
 * Keeps one choice, applies it, and records it as proof. Every choice is a record: the first,
 * each change, a withdrawal and a GPC refusal alike, through the same outbox as the form
 * consents, so none is lost on the way.
 */
export function recordChoice(ctx: WidgetContext, site: SiteConfig, granted: Granted, basis: StoredChoice['basis'], now = new Date()): ConsentEvent {
  const previous = ctx.cookies?.stored() ?? readChoice();
  const at = now.toISOString();
  const asked = askedAbout(site);
  const categories: Granted = {};
  for (const id of asked) categories[id] = !!granted[id];
  const choice: StoredChoice = {
    categories,
    policyVersion: site.policy.version,
    // The same browser keeps its id across choices and policy versions, so its history stays one.
    consentId: previous?.consentId ?? uuidv7(now.getTime()),
    firstAt: previous?.firstAt ?? at,
    lastAt: at,
    basis,
  };
  const decision = (id: OptionalCategory): Decision => (categories[id] ? 'granted' : previous?.categories[id] ? 'withdrawn' : 'declined');
  const purposes = asked.map((purpose) => ({ purpose, decision: decision(purpose) }));

  // Withdrawal removes what the site declared for the category, not only future runs.
  const refused = site.cookies?.categories.filter((c) => c.id !== 'necessary' && !categories[c.id as OptionalCategory]) ?? [];
  deleteCookies(refused.flatMap((c) => c.services.flatMap((s) => s.cookies.filter((k) => k.firstParty).map((k) => k.name))));

  const event: ConsentEvent = {
    id: uuidv7(now.getTime()),
    kind: 'cookie-choice',
    subject: { consentId: choice.consentId },
    purposes,
    basis,
    notice: { textHash: site.cookies!.hash, lang: site.lang, policyUrl: ctx.config.policyUrl ?? site.policy.url, policyVersion: site.policy.version },
    collection: { pageUrl: pageUrl(), clientTime: at, widgetVersion: ctx.version },
  };
  if (ctx.cookies) ctx.cookies.apply(choice);
  else writeChoice(choice);
  const reason = basis === 'gpc-refusal' ? 'gpc' : !previous ? 'first' : purposes.some((p) => p.decision === 'withdrawn') ? 'withdrawal' : 'change';
  const all = { necessary: true, statistics: !!categories.statistics, marketing: !!categories.marketing, followup: !!categories.followup };
  announce('change', { categories: all, consentId: choice.consentId, basis, reason } satisfies ChangeDetail);
  addReceipt({ id: event.id, purpose: 'cookies', decision: purposes.map((p) => `${p.purpose}:${p.decision}`).join(' '), at });
  void getOutbox(ctx).enqueue({ id: event.id, api: ctx.config.api, site: ctx.config.site, kind: 'consent-event', payload: event, createdAt: now.getTime() });
  return event;
}
