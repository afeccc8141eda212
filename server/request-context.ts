import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being handled, for log lines written anywhere beneath it (a store, the
 * mailer) without passing it down by hand. Node-side: the app gets `requestScope` as a dep.
 */
const current = new AsyncLocalStorage<string>();

export function requestScope<T>(requestId: string, run: () => T): T {
  return current.run(requestId, run);
}

export function currentRequestId(): string | undefined {
  return current.getStore();
}
