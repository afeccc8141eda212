import { randomBytes } from 'node:crypto';
import type { RightsKind, SubjectWebhookType, WebhookEventType } from '../../../protocol/index.ts';
import type { ConsentRecord } from '../types.ts';
import type { ClaimedDelivery, WebhookDelivery, WebhookDeliveryState, WebhookEndpoint } from '../webhook-types.ts';

export interface EndpointRow {
  id: string;
  site: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  description: string | null;
  secret: string;
  created_at: string;
  consecutive_failures: number;
  failing_since: string | null;
}

export interface DeliveryRow {
  id: number;
  endpoint_id: string;
  site: string;
  event_type: string;
  event_seq: number;
  order_key: string;
  state: string;
  attempts: number;
  created_at: string;
  next_attempt_at: number;
  lease_until: number;
  last_attempt_at: string | null;
  last_status: number | null;
  last_response: string | null;
  delivered_at: string | null;
}

/**
 * A due delivery joined with its endpoint, the consent record it reports (all null for a
 * `subject.*` change), and the subject's address.
 */
export interface ClaimRow extends DeliveryRow {
  url: string;
  secret: string;
  subject_id: number | null;
  event_id: string | null;
  receipt_id: string;
  kind: string;
  consent_id: string | null;
  form_id: string | null;
  purposes: string;
  basis: string;
  received_at: string;
  source: string;
  policy_version: string;
  email: string | null;
  request_id: string | null;
  request_kind: string | null;
  request_reference: string | null;
}

/**
 * A new endpoint row and its secret: Standard Webhooks' `whsec_` + base64 of 24 random bytes
 * (the key is the decoded bytes, as their verifiers expect).
 */
export function newWebhookEndpoint(input: { site: string; url: string; events: WebhookEventType[]; description?: string | undefined; at: Date }): { row: EndpointRow; secret: string } {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const row: EndpointRow = {
    id: `we_${randomBytes(12).toString('base64url')}`,
    site: input.site,
    url: input.url,
    events: JSON.stringify(input.events),
    description: input.description ?? null,
    secret,
    created_at: input.at.toISOString(),
    consecutive_failures: 0,
    failing_since: null,
  };
  return { row, secret };
}

export const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  site: r.site,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEventType[],
  description: r.description,
  createdAt: r.created_at,
  consecutiveFailures: Number(r.consecutive_failures),
  failingSince: r.failing_since,
});

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: Number(r.id),
  endpointId: r.endpoint_id,
  site: r.site,
  type: r.event_type as WebhookEventType,
  orderKey: r.order_key,
  state: r.state as WebhookDeliveryState,
  attempts: Number(r.attempts),
  createdAt: r.created_at,
  nextAttemptAt: Number(r.next_attempt_at),
  lastAttemptAt: r.last_attempt_at,
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastResponse: r.last_response,
  deliveredAt: r.delivered_at,
});

export const toClaimed = (r: ClaimRow): ClaimedDelivery => ({
  ...toDelivery(r),
  url: r.url,
  secret: r.secret,
  subjectId: r.subject_id === null ? null : Number(r.subject_id),
  subjectEmail: r.email,
  request: r.request_id === null ? null : { id: r.request_id, kind: r.request_kind as RightsKind, reference: r.request_reference },
  record: r.event_id === null ? null : {
    site: r.site,
    eventId: r.event_id,
    receiptId: r.receipt_id,
    kind: r.kind as ConsentRecord['kind'],
    email: r.email,
    consentId: r.consent_id,
    formId: r.form_id,
    purposes: JSON.parse(r.purposes) as ConsentRecord['purposes'],
    basis: r.basis as ConsentRecord['basis'],
    receivedAt: r.received_at,
    source: r.source as ConsentRecord['source'],
    policyVersion: r.policy_version,
  },
});

/** The webhook type of a restriction or objection set or lifted. */
export const subjectChange = (flag: 'restricted' | 'objected', on: boolean): SubjectWebhookType =>
  flag === 'restricted' ? (on ? 'subject.restricted' : 'subject.restriction-lifted') : (on ? 'subject.objected' : 'subject.objection-lifted');
