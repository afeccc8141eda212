import type { LegalBasis } from '../../../protocol/index.ts';
import type { MarketingEntry } from '../console-types.ts';

/** One marketing-relevant consent: a subject still allowed marketing, and one of their events. */
export interface MarketingRow {
  id: number;
  email: string;
  purposes: string;
  basis: string;
  received_at: string;
}

/**
 * The people whose latest decision on `marketing-email` is a grant, in subject order. Rows come
 * per subject, oldest event first, so a later decision replaces an earlier one. `basis` is the
 * latest grant's (what holds now); `since` is when the unbroken run of grants that keeps them on
 * the list began, so a second form sent later does not make an old subscriber look new.
 * Double opt-in: `confirmed` marks the run as confirmed (a later grant keeps it so); `expired`
 * takes an unconfirmed person off the list, and changes nothing for a confirmed one (their
 * address was proven through another grant).
 */
export function marketingEntries(rows: Iterable<MarketingRow>): MarketingEntry[] {
  const latest = new Map<number, MarketingEntry | null>();
  for (const row of rows) {
    const purposes = JSON.parse(row.purposes) as { purpose: string; decision: string }[];
    const p = purposes.find((x) => x.purpose === 'marketing-email');
    if (!p) continue;
    const current = latest.get(row.id) ?? null;
    if (p.decision === 'confirmed') {
      if (current && !current.confirmedAt) latest.set(row.id, { ...current, confirmedAt: row.received_at });
      continue;
    }
    if (p.decision === 'expired' && current?.confirmedAt) continue;
    if (p.decision !== 'granted') {
      latest.set(row.id, null);
      continue;
    }
    latest.set(row.id, { email: row.email, basis: row.basis as LegalBasis, since: current?.since ?? row.received_at, confirmedAt: current?.confirmedAt ?? null });
  }
  return [...latest.values()].filter((x): x is MarketingEntry => x !== null);
}

/** The addresses of {@link marketingEntries}. */
export function marketingList(rows: Iterable<MarketingRow>): string[] {
  return marketingEntries(rows).map((x) => x.email);
}
