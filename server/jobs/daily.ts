import type { Logger } from '../log.ts';
import { jobRuns } from '../metrics/index.ts';
import type { Mailer } from '../services/mail/index.ts';
import { createOutboundGuard, type OutboundGuard } from '../services/outbound/index.ts';
import type { Store } from '../store/index.ts';
import { sendChainDigests } from './chain-digest.ts';
import { sendDeadlineDigests } from './deadline-digest.ts';
import { runRetention } from './retention.ts';
import { recheckPolicyImports } from '../services/policy-import.ts';
import { expireDoubleOptIns } from '../services/double-opt-in/index.ts';

export interface DailyJobsOptions {
  store: Store;
  clock: () => Date;
  log: Logger;
  mailer?: Mailer;
  /** For digest webhooks: public https targets only. @default createOutboundGuard() */
  outbound?: OutboundGuard;
  /** Where ticks come from: `setInterval` in production, nothing in tests (they call tick()). */
  every?: (ms: number, fn: () => void) => { stop(): void };
  /** @default 30 */
  purgeAfterDays?: number;
  /** Where the server's policy pages are, for policies re-read from their address. @default 'http://localhost:8787' */
  publicUrl?: string;
  /** Signs the chain-head digest (SAMTYKKE_DIGEST_KEY). @default none: unsigned */
  digestKey?: string;
}

export interface DailyJobs {
  /** Runs each job not yet run today (by the injected clock, in UTC days). Safe to call often. */
  tick(): Promise<Record<string, string>>;
  /** Stops the ticks and waits for a running tick, so the store can close under it. */
  stop(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;

/**
 * Each job runs once per day: the day is claimed in `job_runs` before it starts, so a restart or
 * a second process the same day does not run it twice. Ticks come hourly, so a missed day is caught up within the hour.
 */
export function createDailyJobs(options: DailyJobsOptions): DailyJobs {
  const { store, clock, log, every } = options;
  const jobs: Record<string, () => Promise<string>> = {
    retention: async () => JSON.stringify(await runRetention(store, clock())),
    'chain-digest': async () => JSON.stringify(await sendChainDigests({ ...options, outbound: options.outbound ?? createOutboundGuard() })),
    'deadline-digest': async () => JSON.stringify(await sendDeadlineDigests(options)),
    'double-opt-in-expiry': async () => JSON.stringify(await expireDoubleOptIns(store, clock)),
    'policy-reread': async () => JSON.stringify(await recheckPolicyImports({ store, clock, publicUrl: options.publicUrl ?? 'http://localhost:8787', outbound: options.outbound ?? createOutboundGuard() })),
  };
  let running: Promise<Record<string, string>> | undefined;
  const tick = () => {
    running ??= (async () => {
      const day = clock().toISOString().slice(0, 10);
      const results: Record<string, string> = {};
      for (const [name, job] of Object.entries(jobs)) {
        if (!await store.claimJobRun(name, day, clock())) continue;
        try {
          results[name] = await job();
          jobRuns.inc({ job: name, result: 'ok' });
        } catch (error) {
          jobRuns.inc({ job: name, result: 'failed' });
          results[name] = `failed: ${(error as Error).name}`;
          log.error('daily job failed', { job: name, error: (error as Error).name });
        }
        await store.finishJobRun(name, day, results[name]!);
        log.info('daily job', { job: name, result: results[name] });
      }
      return results;
    })().finally(() => (running = undefined));
    return running;
  };
  const timer = every?.(HOUR, () => void tick());
  return {
    tick,
    async stop() {
      timer?.stop();
      await running?.catch(() => undefined);
    },
  };
}
