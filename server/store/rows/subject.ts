import type { SubjectSummary } from '../console-types.ts';

/** A subjects row: one person on one site, known by the keyed hash of their address. */
export interface SubjectRow {
  id: number;
  site: string;
  email_hash: string;
  email: string | null;
  created_at: string;
  restricted_at: string | null;
  objected_at: string | null;
  erased_at: string | null;
  purge_after: string | null;
  purged_at: string | null;
}

/** An erased subject's address is hidden at once, before the retention job purges it. */
export function toSubjectSummary(r: SubjectRow): SubjectSummary {
  return {
    id: r.id,
    site: r.site,
    email: r.erased_at ? null : r.email,
    createdAt: r.created_at,
    restrictedAt: r.restricted_at,
    objectedAt: r.objected_at,
    erasedAt: r.erased_at,
    purgeAfter: r.purge_after,
    purgedAt: r.purged_at,
  };
}
