import { z } from 'zod';
import { LegalBasis, PurposeDecision } from './consent.ts';
import { RightsKind } from './rights-kind.ts';

/**
 * What a site's webhook endpoint may ask for. A form consent is named by its decision (the
 * marketing box holds one purpose); a cookie choice is one event whatever it granted.
 * `consent.confirmed` and `consent.expired` are the double opt-in's outcome for a grant (its
 * `purposes[0].grantId`): the link was opened, or the period ran out without it.
 */
export const ConsentWebhookType = z.enum(['consent.granted', 'consent.declined', 'consent.withdrawn', 'consent.confirmed', 'consent.expired', 'cookie.choice']);
/**
 * A change to the person rather than to a consent: erased (for good; the payload then carries no
 * address), processing restricted (GDPR Art. 18) or objected to (Art. 21), and each lifted.
 */
export const SubjectWebhookType = z.enum(['subject.erased', 'subject.restricted', 'subject.restriction-lifted', 'subject.objected', 'subject.objection-lifted']);
/** A rights request's steps: received (before its email is verified), verified, completed. */
export const RequestWebhookType = z.enum(['request.received', 'request.verified', 'request.completed']);
export type ConsentWebhookType = z.infer<typeof ConsentWebhookType>;
export type SubjectWebhookType = z.infer<typeof SubjectWebhookType>;
export type RequestWebhookType = z.infer<typeof RequestWebhookType>;
export const WebhookEventType = z.enum([...ConsentWebhookType.options, ...SubjectWebhookType.options, ...RequestWebhookType.options]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/**
 * The body of every webhook (Standard Webhooks: `type`, `timestamp`, `data`). Ids and the facts a
 * CRM needs, never more: no user agent, address, page or text; the email only when the site has
 * it (a form consent), and null once the person was erased.
 */
export const ConsentWebhookPayload = z
  .object({
    type: ConsentWebhookType,
    /** When the server received the change (ISO 8601). */
    timestamp: z.iso.datetime(),
    data: z
      .object({
        site: z.string(),
        /** The client-made id of the consent record: the receiver's idempotency key. */
        eventId: z.string(),
        receiptId: z.string(),
        email: z.string().nullable(),
        /** The browser's anonymous consent id (cookie choices), when there is one. */
        consentId: z.string().nullable(),
        formId: z.string().nullable(),
        purposes: z.array(PurposeDecision),
        basis: LegalBasis,
        policyVersion: z.string(),
        source: z.enum(['browser', 'server']),
      })
      .strict(),
  })
  .strict();
export type ConsentWebhookPayload = z.infer<typeof ConsentWebhookPayload>;

/** A `subject.*` change: the site, an id for the change and the address (null once erased), nothing more. */
export const SubjectWebhookPayload = z
  .object({
    type: SubjectWebhookType,
    /** When the change was made (ISO 8601). */
    timestamp: z.iso.datetime(),
    data: z
      .object({
        site: z.string(),
        /** One id per change, the same for every endpoint: the receiver's idempotency key. */
        eventId: z.string(),
        /** The address the site collected; always null for `subject.erased`. */
        email: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type SubjectWebhookPayload = z.infer<typeof SubjectWebhookPayload>;

/**
 * A `request.*` step: ids, the kind and the reference, never the requester's name, address or
 * words (sealed at rest; the site's staff read them in the console).
 */
export const RequestWebhookPayload = z
  .object({
    type: RequestWebhookType,
    timestamp: z.iso.datetime(),
    data: z
      .object({
        site: z.string(),
        /** One id per step, the same for every endpoint: the receiver's idempotency key. */
        eventId: z.string(),
        requestId: z.string(),
        /** `NF-2026-000123`, given when the request is verified; null before. */
        reference: z.string().nullable(),
        kind: RightsKind,
        /** The address is not sent (see above). */
        email: z.null(),
      })
      .strict(),
  })
  .strict();
export type RequestWebhookPayload = z.infer<typeof RequestWebhookPayload>;

/** The body of every webhook: a consent change, a change to the person, or a rights request's step. */
export const WebhookPayload = z.union([ConsentWebhookPayload, SubjectWebhookPayload, RequestWebhookPayload]);
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** A new endpoint, as an owner saves it in the console. The URL is also checked by the outbound guard. */
export const WebhookEndpointInput = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    events: z.array(WebhookEventType).min(1).max(WebhookEventType.options.length)
      .refine((list) => new Set(list).size === list.length, 'each event may appear once'),
    description: z.string().max(200).optional(),
  })
  .strict();
export type WebhookEndpointInput = z.infer<typeof WebhookEndpointInput>;
