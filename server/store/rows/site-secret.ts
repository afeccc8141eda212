/** The current key, or the previous one before its grace period ends (ISO instants of one format: string order is time order). */
export function secretMatches(row: { secret_hash: string; old_secret_hash: string | null; old_secret_until: string | null }, hash: string, at: Date): boolean {
  if (row.secret_hash === hash) return true;
  return row.old_secret_hash === hash && row.old_secret_until !== null && at.toISOString() < row.old_secret_until;
}
