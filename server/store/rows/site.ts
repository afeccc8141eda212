import { SiteSettings } from '../../../protocol/index.ts';
import type { StoredSite } from '../types.ts';

/** The columns of a sites row that make a StoredSite (the secret's hash stays behind). */
export interface SiteRow {
  settings: string;
  created_at: string;
  updated_at: string;
}

/**
 * Parsed settings by their stored JSON. Every consent write and config request reads its site,
 * and validating the same few kilobytes again each time was a tenth of a write's CPU. Keyed by the
 * text itself, so a changed site (here or on another instance) is simply a new key.
 */
const parsed = new Map<string, SiteSettings>();
const MAX_CACHED = 256;

export function toStoredSite(r: SiteRow): StoredSite {
  let settings = parsed.get(r.settings);
  if (!settings) {
    settings = deepFreeze(SiteSettings.parse(JSON.parse(r.settings)));
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(r.settings, settings);
  }
  return { settings, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** Shared between requests, so nobody may change it in place (a write throws in strict mode). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
