/**
 * Erasure, read side: the one rule every read path applies to rights requests. A person is erased
 * on a site from the moment staff erase them; their requests keep name, address and details in
 * the store until the retention purge (30 days later; the confirmation mail needs the address),
 * but no console, admin or API answer shows them meanwhile. The write side (chats and exports
 * deleted at once, the purge later) is the store's eraseSubject and purgeSubject.
 */
import type { RequestCorrection } from '../../protocol/index.ts';
import type { StoredRightsRequest, Store } from '../store/index.ts';

type Personal = Pick<StoredRightsRequest, 'site' | 'email' | 'name' | 'details'>;

/** Whether the person with this address is erased on this site. */
export async function isErased(store: Store, site: string, email: string): Promise<boolean> {
  if (!email) return false;
  return (await store.subjectsByEmail(email)).some((s) => s.site === site && s.erasedAt !== null);
}

/** The requests as staff may see them: an erased person's name, address and details blanked. */
export async function hideErased<T extends Personal>(store: Store, requests: T[]): Promise<(T & { erased: boolean })[]> {
  const known = new Map<string, Promise<boolean>>();
  return Promise.all(
    requests.map(async (r) => {
      const key = `${r.site}\n${r.email}`;
      if (!known.has(key)) known.set(key, isErased(store, r.site, r.email));
      return (await known.get(key)) ? { ...r, name: '', email: '', details: {}, erased: true } : { ...r, erased: false };
    }),
  );
}

/** Request events as staff may see them: an erased person's corrected values (old and new) blanked. */
export function hideErasedEvents<E extends { data: Record<string, unknown> | null }>(events: E[], erased: boolean): E[] {
  if (!erased) return events;
  return events.map((e) => {
    if (!e.data) return e;
    if ('old' in e.data || 'new' in e.data) return { ...e, data: { ...e.data, old: null, new: null } };
    if (Array.isArray(e.data.corrections)) return { ...e, data: { ...e.data, corrections: [] } };
    return e;
  });
}

/** The corrections recorded on a rectification request, in the order staff recorded them. */
export function correctionsOf(events: { type: string; data: Record<string, unknown> | null }[]): RequestCorrection[] {
  return events.flatMap((e) => (e.type === 'corrected' && Array.isArray(e.data?.corrections) ? (e.data.corrections as RequestCorrection[]) : []));
}

/**
 * Conversations as staff may see them: the address of a person erased on the conversation's site
 * blanked. Their chats are deleted at erasure; this covers a conversation where the address turns
 * up again afterwards, so the inbox never shows an erased person as known.
 */
export async function hideErasedConversations<T extends { site: string; replyEmail: string | null }>(store: Store, conversations: T[]): Promise<(T & { erased: boolean })[]> {
  const known = new Map<string, Promise<boolean>>();
  return Promise.all(
    conversations.map(async (c) => {
      if (!c.replyEmail) return { ...c, erased: false };
      const key = `${c.site}\n${c.replyEmail}`;
      if (!known.has(key)) known.set(key, isErased(store, c.site, c.replyEmail));
      return (await known.get(key)) ? { ...c, replyEmail: null, erased: true } : { ...c, erased: false };
    }),
  );
}
