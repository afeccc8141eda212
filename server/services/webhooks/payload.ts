import { ConsentWebhookType, type RequestWebhookPayload, type SubjectWebhookPayload, type WebhookPayload } from '../../../protocol/index.ts';
import type { ClaimedDelivery } from '../../store/index.ts';
import { sha256Hex } from '../../util/crypto.ts';

/** The message for a delivery: built from the committed record, so a retry sends the same facts. */
export function webhookPayload(delivery: ClaimedDelivery): WebhookPayload {
  const { type, record } = delivery;
  if (delivery.request) return requestPayload(delivery);
  if (!record) return subjectPayload(delivery);
  return {
    type: ConsentWebhookType.parse(type),
    timestamp: record.receivedAt,
    data: {
      site: record.site,
      eventId: record.eventId,
      receiptId: record.receiptId,
      // A form consent's address is the site's own; null once the person was erased.
      email: record.email,
      consentId: record.consentId,
      formId: record.formId,
      purposes: record.purposes,
      basis: record.basis,
      policyVersion: record.policyVersion,
      source: record.source,
    },
  };
}

/**
 * A change to the person: the site, an id for the change (the same for every endpoint: made from
 * the site, the subject, the type and the time) and the address, never for an erasure.
 */
function subjectPayload({ type, site, subjectId, subjectEmail, createdAt }: ClaimedDelivery): SubjectWebhookPayload {
  const subjectType = type as SubjectWebhookPayload['type'];
  return {
    type: subjectType,
    timestamp: createdAt,
    data: {
      site,
      eventId: `chg_${sha256Hex(`${site}|${subjectId}|${type}|${createdAt}`).slice(0, 32)}`,
      email: subjectType === 'subject.erased' ? null : subjectEmail,
    },
  };
}

/** A rights request's step: ids, kind and reference only (its personal fields are sealed at rest). */
function requestPayload({ type, site, request, createdAt }: ClaimedDelivery): RequestWebhookPayload {
  return {
    type: type as RequestWebhookPayload['type'],
    timestamp: createdAt,
    data: {
      site,
      eventId: `chg_${sha256Hex(`${site}|${request!.id}|${type}|${createdAt}`).slice(0, 32)}`,
      requestId: request!.id,
      reference: request!.reference,
      kind: request!.kind,
      email: null,
    },
  };
}

/** The `webhook-id`: one per event and endpoint, the same on every retry and resend. */
export const webhookMessageId = (delivery: Pick<ClaimedDelivery, 'id'>) => `msg_${delivery.id}`;
