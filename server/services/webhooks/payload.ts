import type { WebhookPayload } from '../../../protocol/index.ts';
import type { ClaimedDelivery } from '../../store/index.ts';

/** The message for a delivery: built from the committed record, so a retry sends the same facts. */
export function webhookPayload({ type, record }: ClaimedDelivery): WebhookPayload {
  return {
    type,
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

/** The `webhook-id`: one per event and endpoint, the same on every retry and resend. */
export const webhookMessageId = (delivery: Pick<ClaimedDelivery, 'id'>) => `msg_${delivery.id}`;
