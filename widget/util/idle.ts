import { guard } from './guard.ts';

/**
 * Runs work nobody is waiting for once the main thread has nothing else to do, and at the latest
 * after `timeoutMs`: opening IndexedDB while the page is still loading lengthens its tasks
 * (total blocking time). Safari has no requestIdleCallback; it gets the next task.
 */
export function whenIdle(fn: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(guard(fn), { timeout: timeoutMs });
  else setTimeout(guard(fn), 1);
}
