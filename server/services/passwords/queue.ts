/**
 * Bounded concurrency for password hashing. One scrypt at OWASP cost holds a libuv thread (of 4)
 * and 128 MiB for a few hundred milliseconds; twenty at once starved the rest of the server
 * (issue 15: the widget's config took 28 s during a sign-in burst). So at most `concurrency`
 * hashes run and at most `maxQueued` wait; anyone past that is turned away before a hash starts.
 */
export interface HashQueueOptions {
  /** Hashes at once. @default 1 (leaves the other core and three libuv threads to everyone else) */
  concurrency?: number;
  /** Waiting behind them. @default 8 */
  maxQueued?: number;
}

/** A place in the queue, taken before anything else is done for the attempt. */
export interface HashTicket {
  /** Runs `fn` when its turn comes, then frees the place. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Frees the place without running anything. */
  cancel(): void;
}

export interface HashQueue {
  /** A place, or undefined when full: answer 429 with `retryAfterSeconds()`. */
  tryEnter(): HashTicket | undefined;
  /** A guess at when a place is free: the work in front at the recent average hash time. */
  retryAfterSeconds(): number;
}

export function createHashQueue({ concurrency = 1, maxQueued = 8 }: HashQueueOptions = {}): HashQueue {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error('createHashQueue: concurrency must be an integer ≥ 1');
  if (!(Number.isInteger(maxQueued) && maxQueued >= 0)) throw new Error('createHashQueue: maxQueued must be an integer ≥ 0');
  let held = 0; // places taken: running, waiting, and tickets not yet run
  let running = 0;
  const waiting: (() => void)[] = [];
  let averageMs = 250;

  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      running += 1; // counted here, not when the waiter wakes, so one free slot wakes one waiter
      waiting.shift()!();
    }
  };
  const leave = () => {
    held -= 1;
    next();
  };

  return {
    tryEnter() {
      if (held >= concurrency + maxQueued) return undefined;
      held += 1;
      let used = false;
      const once = () => {
        if (used) throw new Error('HashTicket used twice');
        used = true;
      };
      return {
        async run(fn) {
          once();
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            next();
          });
          const started = performance.now();
          try {
            return await fn();
          } finally {
            averageMs = 0.8 * averageMs + 0.2 * (performance.now() - started);
            running -= 1;
            leave();
          }
        },
        cancel() {
          once();
          leave();
        },
      };
    },
    retryAfterSeconds: () => Math.max(1, Math.ceil((held * averageMs) / concurrency / 1000)),
  };
}
