import { SiteSettings } from '../../../protocol/index.ts';
import type { StoredSite } from '../types.ts';

/** The columns of a sites row that make a StoredSite (the secret's hash stays behind). */
export interface SiteRow {
  settings: string;
  created_at: string;
  updated_at: string;
}

export function toStoredSite(r: SiteRow): StoredSite {
  return { settings: SiteSettings.parse(JSON.parse(r.settings)), createdAt: r.created_at, updatedAt: r.updated_at };
}
