import type { Lang } from '../../../protocol/index.ts';
import type { Store } from '../../store/index.ts';
import { maskEmail } from '../unsubscribe.ts';
import { recordOutcome } from './record.ts';

export type ConfirmState =
  | { status: 'invalid' }
  | { status: 'pending' | 'confirmed' | 'already-confirmed' | 'expired'; lang: Lang; siteName: string; shownEmail: string };

/** What the link's page shows: the token's row as it stands (GET changes nothing: mail scanners open links). */
export async function confirmState(store: Store, token: string, now: Date): Promise<ConfirmState> {
  const doi = /^[\w-]{43}$/.test(token) ? await store.findDoubleOptIn(token) : undefined;
  const site = doi && (await store.getSite(doi.site))?.settings;
  if (!doi || !doi.email || !site) return { status: 'invalid' };
  const shown = { lang: doi.lang, siteName: site.name, shownEmail: maskEmail(doi.email) };
  if (doi.state === 'confirmed') return { status: 'already-confirmed', ...shown };
  if (doi.state === 'pending' && new Date(doi.expiresAt) > now) return { status: 'pending', ...shown };
  return { status: 'expired', ...shown };
}

/**
 * The button: settles the confirmation once (a guarded UPDATE, so two clicks or two instances
 * confirm once) and appends its record. A click after that says "already confirmed", and also
 * finishes a record that a crash left unwritten (the append is then a replay or the first write).
 */
export async function confirm(store: Store, token: string, at: Date): Promise<ConfirmState> {
  const before = await confirmState(store, token, at);
  if (before.status !== 'pending' && before.status !== 'already-confirmed') return before;
  const doi = (await store.findDoubleOptIn(token))!;
  const won = before.status === 'pending' && await store.settleDoubleOptIn(doi.grantEventId, 'confirmed', at);
  const settled = (await store.findDoubleOptIn(token))!;
  if (settled.state !== 'confirmed') return confirmState(store, token, at);
  if (!settled.recordedAt) await recordOutcome(store, settled, at);
  return { ...before, status: won ? 'confirmed' : 'already-confirmed' };
}
