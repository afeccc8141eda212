import type { ConsentEvent } from './consent.ts';

/** One thing the browser must deliver: kept until the server acknowledges its id. */
export interface OutboxItem {
  /** The event's own id, so a resend is recognised as the same event by the server. */
  id: string;
  /** Where it goes: the data-api origin and the site key at the time it was made. */
  api: string;
  site: string;
  kind: 'consent-event';
  payload: ConsentEvent;
  /** Epoch milliseconds. */
  createdAt: number;
}
