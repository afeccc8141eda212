import type { Logger } from '../../log.ts';
import type { ClaimedDelivery, Store } from '../../store/index.ts';
import { OutboundError, type OutboundGuard } from '../outbound/index.ts';
import { webhookMessageId, webhookPayload } from './payload.ts';
import { signWebhook } from './sign.ts';

export interface WebhookWorkerOptions {
  store: Store;
  /** Every delivery goes through it: public https targets only, no redirects, bounded in time and size. */
  outbound: OutboundGuard;
  /** The only source of time; retries are scheduled on it. */
  clock: () => Date;
  log?: Logger;
  /** For the retry jitter. @default Math.random */
  random?: () => number;
  /** One attempt, from the first byte sent to the last received. @default 10000 */
  timeoutMs?: number;
  /** A longer answer is not read (the attempt fails). @default 65536 */
  maxResponseBytes?: number;
  /** Deliveries in flight at once, per instance. @default 16 */
  concurrency?: number;
  /** How long a claimed delivery is held before another instance may take it. @default 120000 */
  leaseMs?: number;
  /** First retry after about this long, doubling each time. @default 30000 */
  firstRetryMs?: number;
  /** The longest wait between two attempts. @default 3 hours */
  maxRetryMs?: number;
  /** A delivery still failing this long after its event is given up (`failed`). @default 3 days */
  giveUpAfterMs?: number;
  /** Between two looks for due deliveries when `start`ed. @default 1000 */
  pollMs?: number;
}

export interface WebhookWorker {
  /** Claims what is due (up to the free capacity) and waits until those attempts are finished. */
  deliverDue(): Promise<number>;
  /** Looks for due deliveries every `pollMs`, never waiting for a slow receiver before the next look. */
  start(): void;
  /** Stops looking and waits for the attempts in flight. */
  stop(): Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;
/** The part of an answer kept for the console. */
const RESPONSE_KEPT = 500;

/**
 * Delivers the outbox: at least once (a delivery is marked only after its receiver's 2xx; a
 * crash before that leaves it leased, and the lease running out hands it out again), with
 * exponential backoff and full jitter for at least `giveUpAfterMs`.
 */
export function createWebhookWorker({
  store, outbound, clock, log, random = Math.random, timeoutMs = 10_000, maxResponseBytes = 65_536, concurrency = 16,
  leaseMs = 120_000, firstRetryMs = 30_000, maxRetryMs = 3 * 60 * 60 * 1000, giveUpAfterMs = 3 * DAY, pollMs = 1000,
}: WebhookWorkerOptions): WebhookWorker {
  if (leaseMs <= timeoutMs) throw new Error('createWebhookWorker: leaseMs must be longer than timeoutMs, or a slow attempt would be handed out twice');
  const inFlight = new Set<Promise<void>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(webhookPayload(delivery));
    const sentAt = clock();
    let ok = false;
    let status: number | null = null;
    let response: string | null;
    try {
      const answer = await outbound.fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Samtykke-Webhooks/1', ...signWebhook(delivery.secret, webhookMessageId(delivery), sentAt, body) },
        body,
        timeoutMs,
        maxBytes: maxResponseBytes,
      });
      ok = answer.ok;
      status = answer.status;
      response = answer.redirect ? `redirect to ${String(answer.headers.location ?? '')} not followed` : answer.text();
    } catch (error) {
      response = error instanceof OutboundError ? `${error.code}: ${error.message}` : 'network_error';
    }
    const at = clock();
    const age = at.getTime() - Date.parse(delivery.createdAt);
    const retryAt = ok || age >= giveUpAfterMs ? undefined : new Date(at.getTime() + backoff(delivery.attempts));
    await store.finishWebhookDelivery({ id: delivery.id, endpointId: delivery.endpointId, at, ok, status, response: response.slice(0, RESPONSE_KEPT), ...(retryAt ? { retryAt } : {}) });
    if (!ok) log?.warn('webhook delivery failed', { site: delivery.site, endpoint: delivery.endpointId, delivery: delivery.id, status, attempts: delivery.attempts, givenUp: !retryAt });
  }

  /** "Equal jitter" (AWS architecture blog, "Exponential Backoff and Jitter"): between half the step and the step, so instances retrying together spread out. */
  function backoff(attempts: number): number {
    const step = Math.min(maxRetryMs, firstRetryMs * 2 ** Math.min(attempts - 1, 30));
    return Math.round(step / 2 + (random() * step) / 2);
  }

  async function deliverDue(): Promise<number> {
    const free = concurrency - inFlight.size;
    if (free <= 0) return 0;
    const claimed = await store.claimWebhookDeliveries(clock(), free, leaseMs);
    const runs = claimed.map((d) => {
      const run = attempt(d).catch((error: unknown) => {
        // The store could not record the outcome: the lease runs out and the delivery is sent again.
        log?.error('webhook outcome not recorded', { delivery: d.id, error: String(error) });
      }).finally(() => inFlight.delete(run));
      inFlight.add(run);
      return run;
    });
    await Promise.all(runs);
    return claimed.length;
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(() => {
      // Not awaited: a slow receiver holds one slot, never the next look.
      deliverDue().catch((error: unknown) => log?.error('webhook claim failed', { error: String(error) }));
      schedule();
    }, pollMs);
  }

  return {
    deliverDue,
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await Promise.all([...inFlight]);
    },
  };
}
