import { z } from 'zod';
import { SiteKey } from './config.ts';
import { LegalBasis } from './consent.ts';

const instant = z.iso.datetime({ offset: true });

/**
 * One address on the list. Field names are the CSV download's (`email`, `unsubscribe_url`), so a
 * sync written against the file reads the API unchanged.
 */
export const MarketingListEntry = z.object({
  email: z.string(),
  /** The basis of the grant in force: `consent` (opted in), or `existing-customer` (soft opt-in: subscribed by default, may say no). */
  basis: LegalBasis,
  /** When the unbroken run of grants that keeps them on the list began (the server's receipt time). */
  since: instant,
  /**
   * When they confirmed the address with the double opt-in link (the form asks for it); null when
   * they have not: the form does not ask, or the link is still unopened (the person leaves the
   * list if it expires).
   */
  confirmed_at: instant.nullable(),
  /** Their own one-click way out, `/u/<token>`, for every mail the site sends them. */
  unsubscribe_url: z.url(),
});
export type MarketingListEntry = z.infer<typeof MarketingListEntry>;

/**
 * `GET /v1/sites/:key/marketing-list` with the site's secret key: who may get marketing mail now.
 * Restricted, objecting, erased and withdrawn people are never on it.
 */
export const MarketingList = z.object({
  site: SiteKey,
  /** When the server built this answer; the ETag leaves it out, as it does the freshly sealed links. */
  generated_at: instant,
  subscribers: z.array(MarketingListEntry),
});
export type MarketingList = z.infer<typeof MarketingList>;
