import { logError } from './log.ts';

/**
 * The one try/catch at every edge the host page can reach: our failure must never become the
 * host page's failure (a thrown error in a submit listener would stop the site's own handlers).
 */
export function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return function guarded(...args: A) {
    try {
      const result = fn(...args);
      // A rejected promise settles to undefined once reported, like a synchronous throw.
      return result instanceof Promise ? (result.catch(report) as R) : result;
    } catch (error) {
      report(error);
    }
  };
}

function report(error: unknown): void {
  logError(`internal error, page unaffected: ${error}`);
}
