/**
 * The page a proof was made on, as it goes into the record: origin and path only. A query string
 * or fragment can carry personal data (`?email=` in a newsletter link, a reset token, a click id),
 * and records are kept for good in an append-only chain, where nothing could be erased later.
 */
export function pageUrl(): string {
  return location.origin + location.pathname;
}
