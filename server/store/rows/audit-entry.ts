import type { AuditEntry } from '../console-types.ts';

/** A console_audit row joined with the acting account's address. */
export interface AuditRow {
  id: number;
  at: string;
  account_id: number | null;
  email: string | null;
  action: string;
  target: string | null;
  detail: string;
}

/** The site an audit entry is about: as given, or the key of a `site:<key>` target. */
export const auditSite = (site: string | undefined, target: string | undefined): string | null =>
  site ?? (target?.startsWith('site:') ? target.slice(5) : null);

/** Entries written before console_audit.site existed name their site only in a `site:<key>` target. */
export const AUDIT_SITE_SQL = "COALESCE(c.site, CASE WHEN c.target LIKE 'site:%' THEN substr(c.target, 6) END)";

export function toAuditEntry(r: AuditRow): AuditEntry {
  return { id: r.id, at: r.at, accountId: r.account_id, accountEmail: r.email, action: r.action, target: r.target, detail: JSON.parse(r.detail) };
}
