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

export function toAuditEntry(r: AuditRow): AuditEntry {
  return { id: r.id, at: r.at, accountId: r.account_id, accountEmail: r.email, action: r.action, target: r.target, detail: JSON.parse(r.detail) };
}
