import { z } from 'zod';
import { Lang } from './config.ts';
import { plain, plainText } from './text.ts';

/**
 * A client-made event id: a UUID (the widget makes UUIDv7). It is the idempotency key,
 * forever: the server stores an id once and refuses the same id with another body.
 */
export const EventId = z.uuid();

/**
 * What the person decided for one purpose. A change is a new event, never an edit. `confirmed`
 * (the person opened the double opt-in link) and `expired` (they did not, in time) are written by
 * the server only, each pointing at its grant with `grantId`; a client that sends one is refused.
 */
export const Decision = z.enum(['granted', 'declined', 'withdrawn', 'confirmed', 'expired']);
export type Decision = z.infer<typeof Decision>;

/** The decisions only the server writes (double opt-in). */
export const SERVER_DECISIONS = ['confirmed', 'expired'] as const satisfies readonly Decision[];
/** The decisions a browser or a site's backend may send. */
export type ClientDecision = Exclude<Decision, (typeof SERVER_DECISIONS)[number]>;

/**
 * Why the processing is lawful. `existing-customer` is the soft opt-in for customers, who are
 * subscribed by default and can opt out; `gpc-refusal` is a refusal signalled by Global Privacy Control.
 */
export const LegalBasis = z.enum(['consent', 'existing-customer', 'gpc-refusal']);
export type LegalBasis = z.infer<typeof LegalBasis>;

/** The purposes the product knows: the marketing checkbox and the cookie categories. */
export const Purpose = z.enum(['marketing-email', 'necessary', 'statistics', 'marketing', 'followup']);
export type Purpose = z.infer<typeof Purpose>;

/** One purpose's decision in a record. */
export const PurposeDecision = z
  .object({
    purpose: Purpose,
    decision: Decision,
    /** For `confirmed` and `expired`: the event id of the grant this record is about. */
    grantId: z.uuid().optional(),
  })
  .strict();
export type PurposeDecision = z.infer<typeof PurposeDecision>;

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/** Whom the event is about: a person by email, or an anonymous browser by its consent id. */
export const Subject = z.union([
  z.object({ email }).strict(),
  z.object({ consentId: z.uuid() }).strict(),
]);
export type Subject = z.infer<typeof Subject>;

/** The text the person saw, by content hash; the server stores every version it ever served. */
export const NoticeRef = z
  .object({
    textHash: z.string().regex(/^[a-f0-9]{64}$/, 'must be a SHA-256 hex digest'),
    lang: Lang,
    policyUrl: plain(z.url({ protocol: /^https?$/ })),
    /** The policy's publication date. */
    policyVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-02-11'),
  })
  .strict();

export const Collection = z
  .object({
    formId: plainText(120).optional(),
    /**
     * The widget sends origin and path only: a query or fragment can carry personal data. A full
     * URL is still accepted, and the server drops both before the record is stored.
     */
    pageUrl: plain(z.url({ protocol: /^https?$/ }).max(2048)),
    clientTime: z.iso.datetime({ offset: true }),
    widgetVersion: plainText(40),
    /** The consent id of the browser, when the person is known by email too (links the two). */
    consentId: z.uuid().optional(),
  })
  .strict();

/** One proof of consent (or of its refusal or withdrawal), as the client sends it. */
export const ConsentEvent = z
  .object({
    id: EventId,
    kind: z.enum(['form-consent', 'cookie-choice']),
    subject: Subject,
    purposes: z
      .array(PurposeDecision)
      .min(1)
      .max(8)
      .refine((list) => new Set(list.map((p) => p.purpose)).size === list.length, 'each purpose may appear once'),
    basis: LegalBasis,
    notice: NoticeRef,
    collection: Collection,
  })
  .strict();
export type ConsentEvent = z.infer<typeof ConsentEvent>;

/** `POST /v1/events`: a small batch, so that it fits the 64 KiB `keepalive` budget. */
export const EventBatch = z
  .object({
    site: plainText(80),
    events: z.array(z.unknown()).min(1).max(20),
  })
  .strict();
export type EventBatch = { site: string; events: ConsentEvent[] };

export const EventRejection = z.object({ id: z.string().nullable(), error: z.string(), message: z.string() });

/** Each event is stored or refused on its own; a batch is never half-written silently. */
export const EventBatchResult = z.object({
  acked: z.array(z.object({ id: z.string(), receiptId: z.string(), replay: z.boolean() })),
  rejected: z.array(EventRejection),
});
export type EventBatchResult = z.infer<typeof EventBatchResult>;
