import { consentWrites, groupCommitSize } from '../metrics/index.ts';

/** Options for {@link createGroupCommit}. */
export interface GroupCommitOptions<I, R> {
  /**
   * Runs every queued item in one transaction and returns one result per item, in order. May be
   * asynchronous (a network database): then one group is in flight at a time.
   */
  commit: (items: I[]) => R[] | Promise<R[]>;
  /** The result for an item whose whole transaction failed (nothing of it was written). */
  failed: (item: I, error: unknown) => R;
  /** Told the size of each committed group; lets tests see that grouping happens. */
  onCommit?: (size: number) => void;
  /**
   * A commit starts at least this long after the previous one ended; what arrives meanwhile joins
   * it. The first commit after a quiet spell starts at once. @default 0
   */
  minIntervalMs?: number;
  /** For tests. @default performance.now */
  now?: () => number;
  /** For tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Group commit: with `synchronous=FULL` (or PostgreSQL's synchronous_commit) each commit waits for
 * the disk, so calls arriving in the same tick share one transaction (and one fsync), and calls
 * arriving while a transaction is in flight go together into the next one. Each caller still gets
 * its own results.
 */
export function createGroupCommit<I, R>({
  commit,
  failed,
  onCommit,
  minIntervalMs = 0,
  now = () => performance.now(),
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: GroupCommitOptions<I, R>) {
  let queue: { items: I[]; resolve: (results: R[]) => void }[] = [];
  let running: Promise<void> | undefined;
  let lastEnded = -Infinity;

  async function commitOne(): Promise<void> {
    const batch = queue;
    queue = [];
    const all = batch.flatMap((b) => b.items);
    let results: R[];
    try {
      results = await commit(all);
      groupCommitSize.observe(all.length);
      consentWrites.inc({ result: 'committed' }, all.length);
    } catch (error) {
      results = all.map((item) => failed(item, error));
      consentWrites.inc({ result: 'failed' }, all.length);
    }
    lastEnded = now();
    if (results.length === all.length) onCommit?.(all.length);
    let offset = 0;
    for (const b of batch) {
      b.resolve(results.slice(offset, offset + b.items.length));
      offset += b.items.length;
    }
  }

  async function run(): Promise<void> {
    // Let the rest of this tick's calls join the first group.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length) {
      const wait = minIntervalMs - (now() - lastEnded);
      if (wait > 0) await sleep(wait);
      await commitOne();
    }
    running = undefined;
  }

  return {
    submit(items: I[]): Promise<R[]> {
      if (items.length === 0) return Promise.resolve([]);
      const done = new Promise<R[]>((resolve) => queue.push({ items, resolve }));
      running ??= run();
      return done;
    },
    /** Resolves once everything queued so far is written. */
    async drain(): Promise<void> {
      while (running) await running;
    },
  };
}
