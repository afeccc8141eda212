import type { Async } from '../types.ts';
import { newWebhookEndpoint, toClaimed, toDelivery, toEndpoint, type ClaimRow, type DeliveryRow, type EndpointRow } from '../rows/index.ts';
import type { WebhookStore } from '../webhook-types.ts';
import { sealContext } from '../seal-context.ts';
import type { PgContext } from './context.ts';

/**
 * Port of sqlite/webhooks.ts. Claims take the due rows `FOR UPDATE SKIP LOCKED` and lease them in
 * the same transaction, so instances claiming at once take different rows, and a row leased by
 * one is not due for the others until its lease runs out (its instance died mid-delivery).
 */
export function createWebhookRepo({ sql, cipher }: PgContext): Async<WebhookStore> {
  return {
    async createWebhookEndpoint({ site, url, events, description, at }) {
      const { row, secret } = newWebhookEndpoint({ site, url, events, description, at });
      // Sealed at rest with the data key, as in sqlite/webhooks.ts.
      await sql`INSERT INTO webhook_endpoints ${sql({ ...row, secret: cipher.seal(secret, sealContext.webhookSecret(row.id)) })}`;
      return { endpoint: toEndpoint(row), secret };
    },
    async listWebhookEndpoints(site) {
      return (await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE site = ${site} ORDER BY created_at, id`).map(toEndpoint);
    },
    async deleteWebhookEndpoint(site, id) {
      return (await sql`DELETE FROM webhook_endpoints WHERE site = ${site} AND id = ${id}`).count > 0;
    },
    async listWebhookDeliveries(site, endpointId, limit) {
      return (await sql<DeliveryRow[]>`SELECT * FROM webhook_deliveries WHERE site = ${site} AND endpoint_id = ${endpointId} ORDER BY id DESC LIMIT ${limit}`).map(toDelivery);
    },
    async resendWebhookDelivery(site, endpointId, id, at) {
      return (await sql`UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ${at.getTime()}, lease_until = 0
        WHERE site = ${site} AND endpoint_id = ${endpointId} AND id = ${id}`).count > 0;
    },
    async claimWebhookDeliveries(now, limit, leaseMs) {
      const t = now.getTime();
      const rows = await sql.begin(async (tx): Promise<ClaimRow[]> => {
        const ids = await tx<{ id: number }[]>`
          SELECT d.id FROM webhook_deliveries d
          WHERE d.state = 'pending' AND d.next_attempt_at <= ${t} AND d.lease_until <= ${t}
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id
              AND p.order_key = d.order_key AND p.state = 'pending' AND p.id < d.id)
          ORDER BY d.id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED`;
        if (ids.length === 0) return [];
        return [...await tx<ClaimRow[]>`
          WITH leased AS (
            UPDATE webhook_deliveries SET lease_until = ${t + leaseMs}, attempts = attempts + 1
            WHERE id = ANY(${ids.map((r) => r.id)}::bigint[]) RETURNING *
          )
          SELECT d.*, e.url, e.secret, c.event_id, c.receipt_id, c.kind, c.consent_id, c.form_id, c.purposes, c.basis,
            c.received_at, c.source, c.policy_version, CASE WHEN s.erased_at IS NULL THEN s.email END AS email,
      rq.kind AS request_kind, rq.reference AS request_reference
          FROM leased d
          JOIN webhook_endpoints e ON e.id = d.endpoint_id
          LEFT JOIN consent_events c ON c.seq = d.event_seq
          LEFT JOIN subjects s ON s.id = COALESCE(c.subject_id, d.subject_id)
    LEFT JOIN requests rq ON rq.id = d.request_id
          ORDER BY d.id`];
      });
      return rows.map((row) => toClaimed({ ...row, secret: cipher.open(row.secret, sealContext.webhookSecret(row.endpoint_id)) }));
    },
    async finishWebhookDelivery({ id, endpointId, at, ok, status, response, retryAt }) {
      const state = ok ? 'delivered' : retryAt ? 'pending' : 'failed';
      const iso = at.toISOString();
      await sql.begin(async (tx) => {
        await tx`UPDATE webhook_deliveries SET state = ${state}, lease_until = 0, next_attempt_at = ${retryAt?.getTime() ?? 0},
          last_attempt_at = ${iso}, last_status = ${status}, last_response = ${response},
          delivered_at = CASE WHEN ${ok} THEN ${iso} ELSE delivered_at END WHERE id = ${id}`;
        if (ok) await tx`UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = ${endpointId}`;
        else await tx`UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, ${iso}) WHERE id = ${endpointId}`;
      });
    },
  };
}
