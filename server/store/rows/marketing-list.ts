/** One marketing-relevant consent: a subject still allowed marketing, and one of their events' purposes. */
export interface MarketingRow {
  id: number;
  email: string;
  purposes: string;
}

/**
 * The addresses whose latest decision on `marketing-email` is a grant. Rows come per subject,
 * oldest event first, so a later decision replaces an earlier one.
 */
export function marketingList(rows: Iterable<MarketingRow>): string[] {
  const latest = new Map<number, { email: string; granted: boolean }>();
  for (const row of rows) {
    const purposes = JSON.parse(row.purposes) as { purpose: string; decision: string }[];
    const p = purposes.find((x) => x.purpose === 'marketing-email');
    if (p) latest.set(row.id, { email: row.email, granted: p.decision === 'granted' });
  }
  return [...latest.values()].filter((x) => x.granted).map((x) => x.email);
}
