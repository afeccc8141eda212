import type { SiteSettings } from '../../protocol/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const keysOf = (a: object | undefined, b: object | undefined) => [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();

type Part = Record<string, unknown> & { services?: unknown[] };

/**
 * Which parts of a site's settings a save changed, for the audit trail: the top-level keys, and
 * inside `cookies` each setting, each category (whole when it was switched on or off) and each
 * service by its position (`cookies.statistics.services.1`). Only the schema's key names and
 * positions, never a value: what was typed (a form id, a contact address, a service's name) could
 * name a person, and the settings document itself holds the values. Sorted, so the same change
 * gives the same list. A removed service shifts the ones after it, so each of those is named too.
 */
export function changedParts(before: SiteSettings, after: SiteSettings): string[] {
  const changed: string[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const key of keysOf(b, a)) {
    if (same(b[key], a[key])) continue;
    if (key === 'cookies') changed.push(...cookieParts(before.cookies, after.cookies));
    else changed.push(key);
  }
  return changed;
}

function cookieParts(before: SiteSettings['cookies'], after: SiteSettings['cookies']): string[] {
  const changed: string[] = [];
  const b = before as unknown as Record<string, Part | undefined>;
  const a = after as unknown as Record<string, Part | undefined>;
  for (const key of keysOf(b, a)) {
    const was = b[key];
    const is = a[key];
    if (same(was, is)) continue;
    // Settings (lifetime, button, intro) and categories switched on or off are named whole.
    if (!was || !is || !Array.isArray(was.services) || !Array.isArray(is.services)) {
      changed.push(`cookies.${key}`);
      continue;
    }
    for (const field of keysOf(was, is)) {
      if (same(was[field], is[field])) continue;
      if (field !== 'services') {
        changed.push(`cookies.${key}.${field}`);
        continue;
      }
      const [from, to] = [was.services, is.services];
      for (let i = 0; i < Math.max(from.length, to.length); i++) if (!same(from[i], to[i])) changed.push(`cookies.${key}.services.${i}`);
    }
  }
  return changed;
}
