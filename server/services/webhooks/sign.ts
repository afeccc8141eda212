import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks headers for one message (https://www.standardwebhooks.com, "Signature
 * scheme"): `v1,` + base64 HMAC-SHA256 over `id.timestamp.body`, keyed with the base64 after
 * `whsec_`; the timestamp in whole seconds. The id stays the same on every retry, so a receiver
 * can drop a repeat.
 */
export function signWebhook(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
