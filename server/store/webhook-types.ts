import type { RightsKind, WebhookDelivery, WebhookDeliveryState, WebhookEndpoint, WebhookEventType } from '../../protocol/index.ts';
import type { ConsentRecord } from './types.ts';

// What the console reads of endpoints and deliveries is described in protocol/console-views.ts.
export type { WebhookDelivery, WebhookDeliveryState, WebhookEndpoint };

/** A delivery claimed for sending, with the record it reports and its endpoint's secret. */
export interface ClaimedDelivery extends WebhookDelivery {
  url: string;
  secret: string;
  /** The consent record it reports; null for a `subject.*` change. */
  record: (Pick<ConsentRecord, 'site' | 'eventId' | 'receiptId' | 'kind' | 'email' | 'consentId' | 'formId' | 'purposes' | 'basis' | 'receivedAt' | 'source'> & { policyVersion: string }) | null;
  /** The person a `subject.*` change is about (null for a consent record). */
  subjectId: number | null;
  /** The person's address as it is now: null once erased. */
  subjectEmail: string | null;
  /** The rights request a `request.*` step is about (null otherwise). */
  request: { id: string; kind: RightsKind; reference: string | null } | null;
}

export interface DeliveryOutcome {
  id: number;
  endpointId: string;
  at: Date;
  ok: boolean;
  status: number | null;
  response: string | null;
  /** For a failure: when to try again, or undefined to give up (the delivery is `failed`). */
  retryAt?: Date;
}

export interface WebhookStore {
  /** Makes the endpoint and its secret (`whsec_…`), returned this once. */
  createWebhookEndpoint(input: { site: string; url: string; events: WebhookEventType[]; description?: string; at: Date }): { endpoint: WebhookEndpoint; secret: string };
  listWebhookEndpoints(site: string): WebhookEndpoint[];
  /** Removes the endpoint and its deliveries; false when the site has no such endpoint. */
  deleteWebhookEndpoint(site: string, id: string): boolean;
  /** Newest first. */
  listWebhookDeliveries(site: string, endpointId: string, limit: number): WebhookDelivery[];
  /** Sends a delivery again (also a delivered or given-up one): pending, due now. False when unknown. */
  resendWebhookDelivery(site: string, endpointId: string, id: number, at: Date): boolean;
  /**
   * Takes up to `limit` due deliveries for sending and leases them for `leaseMs`, so no other
   * instance takes them meanwhile; a lease that runs out (the instance died) frees them again.
   * A delivery waits while an older one of the same endpoint and order key is pending.
   */
  claimWebhookDeliveries(now: Date, limit: number, leaseMs: number): ClaimedDelivery[];
  /** Records an attempt's outcome and the endpoint's run of failures. */
  finishWebhookDelivery(outcome: DeliveryOutcome): void;
}
