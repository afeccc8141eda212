import type { FirstLayerConfig, LegalBasis, OptionalCategory } from '../../protocol/index.ts';
import { readJson, writeJson } from '../util/index.ts';

/** The visitor's cookie choice: the one entry the widget keeps on the site (never a third-party cookie). */
export interface StoredChoice {
  /** Only the optional categories the site asked about; `necessary` is always on. */
  categories: Partial<Record<OptionalCategory, boolean>>;
  /** The policy version (publication date) the choice was made under. */
  policyVersion: string;
  /** Anonymous id of this browser's choices; links them to an email once a form is sent. */
  consentId: string;
  firstAt: string;
  lastAt: string;
  basis: Exclude<LegalBasis, 'existing-customer'>;
}

export const CHOICE_KEY = 'samtykke:choice';
const MONTH_MS = 30.44 * 24 * 3600_000;

export const readChoice = (): StoredChoice | undefined => readJson<StoredChoice | undefined>(CHOICE_KEY, undefined) ?? undefined;

export const writeChoice = (choice: StoredChoice): boolean => writeJson(CHOICE_KEY, choice);

/**
 * A choice counts only under the policy version it was made for and within the site's lifetime
 * (12 months by default): a new policy or an old answer means asking again. Without the site's
 * settings at hand, only the default lifetime can be checked.
 */
export function isFresh(choice: StoredChoice | undefined, site: FirstLayerConfig | undefined, now = Date.now()): choice is StoredChoice {
  // A choice without a valid lastAt parses to NaN, and NaN is never fresh.
  return !!choice && (!site || choice.policyVersion === site.policy.version) && now - Date.parse(choice.lastAt) < (site?.cookies?.lifetimeMonths ?? 12) * MONTH_MS;
}

/** Whether the visitor said yes to a category in a choice that still counts. */
export const grants = (choice: StoredChoice | undefined, category: string): boolean =>
  category === 'necessary' || !!choice?.categories[category as OptionalCategory];
