/** @module Signed webhooks (Standard Webhooks) delivered at least once from the database's outbox. */
export { webhookMessageId, webhookPayload } from './payload.ts';
export { signWebhook } from './sign.ts';
export { createWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './worker.ts';
