import type Database from 'better-sqlite3';
import { newWebhookEndpoint, toClaimed, toDelivery, toEndpoint, type DeliveryRow, type EndpointRow, type ClaimRow } from '../rows/index.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import { sealContext } from '../seal-context.ts';
import type { WebhookStore } from '../webhook-types.ts';

/**
 * Webhook endpoints and their outbox (the rows the consent_events trigger writes). The signing
 * secret is sealed with the data key at rest (it must be readable to sign, so it cannot be a hash)
 * and opened only for the deliveries being sent.
 */
export function createWebhookRepo(db: Database.Database, cipher: DataCipher): WebhookStore {
  const due = db.prepare<{ now: number; limit: number }, ClaimRow>(`
    SELECT d.*, e.url, e.secret, c.event_id, c.receipt_id, c.kind, c.consent_id, c.form_id, c.purposes, c.basis,
      c.received_at, c.source, c.policy_version, CASE WHEN s.erased_at IS NULL THEN s.email END AS email,
      rq.kind AS request_kind, rq.reference AS request_reference
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    LEFT JOIN consent_events c ON c.seq = d.event_seq
    LEFT JOIN subjects s ON s.id = COALESCE(c.subject_id, d.subject_id)
    LEFT JOIN requests rq ON rq.id = d.request_id
    WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND d.lease_until <= @now
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id
        AND p.order_key = d.order_key AND p.state = 'pending' AND p.id < d.id)
    ORDER BY d.id LIMIT @limit`);
  const lease = db.prepare('UPDATE webhook_deliveries SET lease_until = ?, attempts = attempts + 1 WHERE id = ?');
  const claim = db.transaction((now: number, limit: number, leaseMs: number) => {
    const rows = due.all({ now, limit });
    for (const row of rows) lease.run(now + leaseMs, row.id);
    return rows.map((row) => toClaimed({ ...row, attempts: row.attempts + 1, secret: cipher.open(row.secret, sealContext.webhookSecret(row.endpoint_id)) }));
  });

  return {
    createWebhookEndpoint({ site, url, events, description, at }) {
      const { row, secret } = newWebhookEndpoint({ site, url, events, description, at });
      db.prepare(`INSERT INTO webhook_endpoints (id, site, url, events, description, secret, created_at)
        VALUES (@id, @site, @url, @events, @description, @secret, @created_at)`).run({ ...row, secret: cipher.seal(secret, sealContext.webhookSecret(row.id)) });
      return { endpoint: toEndpoint(row), secret };
    },
    listWebhookEndpoints: (site) =>
      (db.prepare('SELECT * FROM webhook_endpoints WHERE site = ? ORDER BY created_at, id').all(site) as EndpointRow[]).map(toEndpoint),
    deleteWebhookEndpoint: (site, id) => db.prepare('DELETE FROM webhook_endpoints WHERE site = ? AND id = ?').run(site, id).changes > 0,
    listWebhookDeliveries: (site, endpointId, limit) =>
      (db.prepare('SELECT * FROM webhook_deliveries WHERE site = ? AND endpoint_id = ? ORDER BY id DESC LIMIT ?').all(site, endpointId, limit) as DeliveryRow[]).map(toDelivery),
    resendWebhookDelivery: (site, endpointId, id, at) =>
      db.prepare(`UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, lease_until = 0 WHERE site = ? AND endpoint_id = ? AND id = ?`)
        .run(at.getTime(), site, endpointId, id).changes > 0,
    claimWebhookDeliveries: (now, limit, leaseMs) => claim.immediate(now.getTime(), limit, leaseMs),
    finishWebhookDelivery({ id, endpointId, at, ok, status, response, retryAt }) {
      db.transaction(() => {
        const state = ok ? 'delivered' : retryAt ? 'pending' : 'failed';
        db.prepare(`UPDATE webhook_deliveries SET state = ?, lease_until = 0, next_attempt_at = ?, last_attempt_at = ?,
          last_status = ?, last_response = ?, delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END WHERE id = ?`)
          .run(state, retryAt?.getTime() ?? 0, at.toISOString(), status, response, ok ? 1 : 0, at.toISOString(), id);
        if (ok) db.prepare('UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = ?').run(endpointId);
        else db.prepare('UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, ?) WHERE id = ?').run(at.toISOString(), endpointId);
      }).immediate();
    },
  };
}
