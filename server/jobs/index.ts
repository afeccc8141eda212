/** @module Once-a-day jobs (retention purge, chain-head digest, deadline digest to the data protection contact), driven by an injected scheduler and clock. */
export { createDailyJobs, type DailyJobs, type DailyJobsOptions } from './daily.ts';
export { retentionPlan, runRetention } from './retention.ts';
