/**
 * Plausible's stub queue: a site may call `Samtykke('on', 'change', fn)` before our script has
 * loaded, with this one line in its page:
 *   window.Samtykke = window.Samtykke || function () { (Samtykke.q = Samtykke.q || []).push(arguments) };
 * We replay those calls once the real API is in place.
 */
export type QueuedCall = ArrayLike<unknown>;

export function takeQueue(existing: unknown): QueuedCall[] {
  const q = (existing as { q?: unknown } | undefined)?.q;
  return Array.isArray(q) ? (q as QueuedCall[]) : [];
}
