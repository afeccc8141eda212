import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's one metrics registry. Module-level, as prom-client's own default registry is: the
 * counters are bumped from the store, the mailer and the jobs, which are built far from the app and
 * should not each take a metrics dependency for one line. Tests read differences, never totals.
 * Labels are route patterns, codes and kinds, never anything a visitor typed (invariant 4).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'samtykke_' });

const registers = [registry];

export const httpRequests = new Histogram({
  name: 'samtykke_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status; _count is the number of requests.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const rateLimited = new Counter({
  name: 'samtykke_http_rate_limited_total',
  help: 'Requests answered 429 (too many requests), by route pattern.',
  labelNames: ['route'] as const,
  registers,
});

export const consentWrites = new Counter({
  name: 'samtykke_consent_events_written_total',
  help: 'Consent events handed to the store, by outcome: committed with their group, or failed with it.',
  labelNames: ['result'] as const,
  registers,
});

export const groupCommitSize = new Histogram({
  name: 'samtykke_group_commit_size',
  help: 'Consent events per group commit (one transaction, one fsync).',
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
  registers,
});

export const chainLockWait = new Histogram({
  name: 'samtykke_chain_lock_wait_seconds',
  help: 'PostgreSQL: time from asking for the sites\' chain locks to holding them, per group.',
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers,
});

export const mailDeliveries = new Counter({
  name: 'samtykke_mail_deliveries_total',
  help: 'Mail handed to SMTP or written to the outbox folder, by kind and result (sent or failed).',
  labelNames: ['kind', 'result'] as const,
  registers,
});

export const webhookDeliveries = new Counter({
  name: 'samtykke_webhook_deliveries_total',
  help: 'Webhook posts (the daily chain digest), by result: sent, refused (non-2xx) or failed (no answer).',
  labelNames: ['hook', 'result'] as const,
  registers,
});

export const jobRuns = new Counter({
  name: 'samtykke_job_runs_total',
  help: 'Daily job runs on this instance, by job and result (ok or failed).',
  labelNames: ['job', 'result'] as const,
  registers,
});
