/** @module Prometheus metrics: the registry, its counters, the HTTP middleware and `GET /metrics`. */
export { httpMetrics } from './http.ts';
export { metricsRoute } from './route.ts';
export { chainLockWait, consentWrites, groupCommitSize, jobRuns, mailDeliveries, registry, webhookDeliveries } from './registry.ts';
