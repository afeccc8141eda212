import { z } from 'zod';
import { ConsentEvent } from './consent.ts';
import { Lang } from './config.ts';
import { RightsKind, RightsStatus } from './rights.ts';
import { WebhookEventType } from './webhooks.ts';

/**
 * What the console's pages read: the stored records as the console API answers with them. The
 * store's own types are these (server/store re-exports them), so a field added to a stored record
 * reaches the console's types only through this file.
 */

const nullableText = z.string().nullable();

/** Processing flags on one subject (per site), GDPR Art. 17, 18 and 21. */
export const SubjectFlags = z.object({
  restrictedAt: nullableText,
  objectedAt: nullableText,
  erasedAt: nullableText,
  purgeAfter: nullableText,
  purgedAt: nullableText,
});
export type SubjectFlags = z.infer<typeof SubjectFlags>;

export const SubjectSummary = SubjectFlags.extend({
  id: z.number(),
  site: z.string(),
  /** Null once erased (hidden at once, purged later). */
  email: nullableText,
  createdAt: z.string(),
});
export type SubjectSummary = z.infer<typeof SubjectSummary>;

/** One stored proof, with the exact text the person was shown. */
export const ConsentRecord = z.object({
  seq: z.number(),
  site: z.string(),
  eventId: z.string(),
  receiptId: z.string(),
  kind: ConsentEvent.shape.kind,
  /** Null once the address has been erased; the record and its chain stay. */
  email: nullableText,
  consentId: nullableText,
  purposes: ConsentEvent.shape.purposes,
  basis: ConsentEvent.shape.basis,
  notice: z.object({ textHash: z.string(), text: z.string(), lang: Lang, policyUrl: z.string(), policyVersion: z.string() }),
  formId: nullableText,
  pageUrl: z.string(),
  clientTime: z.string(),
  receivedAt: z.string(),
  source: z.enum(['browser', 'server']),
  widgetVersion: z.string(),
  userAgent: nullableText,
  ipTruncated: nullableText,
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** A consent record as the console lists it: the proof plus the subject's flags. */
export const ConsoleConsentRecord = ConsentRecord.extend({ restricted: z.boolean(), objected: z.boolean(), erased: z.boolean() });
export type ConsoleConsentRecord = z.infer<typeof ConsoleConsentRecord>;

export const ChainCheck = z.object({
  ok: z.boolean(),
  count: z.number(),
  firstBroken: z.object({ seq: z.number(), eventId: z.string(), reason: z.string() }).optional(),
});
export type ChainCheck = z.infer<typeof ChainCheck>;

export const ChainHead = z.object({ site: z.string(), count: z.number(), headSeq: z.number().nullable(), headHash: z.string() });
export type ChainHead = z.infer<typeof ChainHead>;

/** One record with everything a supervisory authority needs to check it. */
export const ConsentProofView = z.object({
  record: ConsoleConsentRecord,
  subjectHash: nullableText,
  bodyHash: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  /** 1-based position in its site's chain, and the chain's length now. */
  position: z.number(),
  chainLength: z.number(),
});
export type ConsentProofView = z.infer<typeof ConsentProofView>;

/** Where a site's daily digest goes. */
export const ConsoleSiteSettings = z.object({ site: z.string(), digestEmail: nullableText, digestWebhook: nullableText });
export type ConsoleSiteSettings = z.infer<typeof ConsoleSiteSettings>;

/** A rights request as stored, the token's hash included: never sent as it is (ConsoleRightsRequest). */
export const StoredRightsRequest = z.object({
  id: z.string(),
  site: z.string(),
  tokenHash: z.string(),
  kind: RightsKind,
  lang: Lang,
  status: RightsStatus,
  name: z.string(),
  email: z.string(),
  /** The rest of the request body (correction, reason, purpose, message). */
  details: z.record(z.string(), z.unknown()),
  conversationId: nullableText,
  receivedAt: z.string(),
  verifiedAt: nullableText,
  reference: nullableText,
  dueAt: nullableText,
});
export type StoredRightsRequest = z.infer<typeof StoredRightsRequest>;

/** A rights request as the console shows it: no token hash, and where it stands against its deadline. */
export const ConsoleRightsRequest = StoredRightsRequest.omit({ tokenHash: true }).extend({
  open: z.boolean(),
  daysLeft: z.number().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  extendedAt: nullableText,
});
export type ConsoleRightsRequest = z.infer<typeof ConsoleRightsRequest>;

/** A site's webhook endpoint. The signing secret is returned once, when it is made. */
export const WebhookEndpoint = z.object({
  id: z.string(),
  site: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  description: nullableText,
  createdAt: z.string(),
  /** Deliveries that failed in a row since the last success. */
  consecutiveFailures: z.number(),
  /** When the current run of failures began; null while the endpoint answers. */
  failingSince: nullableText,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookDeliveryState = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryState = z.infer<typeof WebhookDeliveryState>;

/** One event for one endpoint: written by the database in the transaction that stored the event. */
export const WebhookDelivery = z.object({
  id: z.number(),
  endpointId: z.string(),
  site: z.string(),
  type: WebhookEventType,
  /** Deliveries with the same key go out one at a time, oldest first (one person's changes). */
  orderKey: z.string(),
  state: WebhookDeliveryState,
  attempts: z.number(),
  createdAt: z.string(),
  /** Epoch ms; 0 means now. */
  nextAttemptAt: z.number(),
  lastAttemptAt: nullableText,
  lastStatus: z.number().nullable(),
  /** The start of the receiver's last answer, or our reason for not getting one. */
  lastResponse: nullableText,
  deliveredAt: nullableText,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

const Words = z.record(Lang, z.string());

/** Our default wording for a site, in both languages: what the settings page offers before an owner writes their own. */
export const WordingDefaults = z.object({
  marketingEmail: Words,
  marketingEmailOptOut: Words,
  /** The notice's first text: ours is made from the categories and services the site declared. */
  intro: Words,
  /** The policy link put after each marketing text, own wording or ours. */
  linkText: Words,
});
export type WordingDefaults = z.infer<typeof WordingDefaults>;
