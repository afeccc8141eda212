/** @module Unread visitor messages for the signed-in staff member, shown in the tab's title ("(2) Samtykke – konsoll") on every page. */
import { signal } from '@preact/signals';
import type { InboxList } from '../../protocol/index.ts';
import { api } from '../api/client.ts';
import { titleCount } from '../i18n/index.ts';

/** Unread visitor messages in open conversations, this staff member's own (read positions are per person). */
export const unread = signal(0);

/** How often the count is looked for while the console is open on any page. */
const POLL_MS = 5000;

/**
 * From sign-in to sign-out: the count in the title, looked for every few seconds, so a new
 * message is seen from another page or another tab. The inbox sets it too when it reads.
 */
export function watchUnread(): () => void {
  const stopTitle = unread.subscribe((n) => (titleCount.value = n));
  const check = async () => {
    try {
      unread.value = (await api<InboxList>('/conversations?state=open')).counts.unread;
    } catch {
      /* signed out or offline: the title keeps its last count */
    }
  };
  void check();
  const timer = setInterval(() => void check(), POLL_MS);
  return () => {
    clearInterval(timer);
    stopTitle();
    titleCount.value = 0;
  };
}
