import type { WidgetContext } from '../boot/context.ts';
import { whenIdle } from '../util/index.ts';
import { getOutbox } from './shared.ts';

/** Chunk entry: loaded alone on a page where an earlier page left something unsent. */
export function start(ctx: WidgetContext): void {
  const box = getOutbox(ctx);
  // Sending is not urgent (the items are safe where they are); reading and deleting them in
  // IndexedDB while the page loads would lengthen its tasks.
  whenIdle(() => void box.flush());
}

export function flush(): Promise<void> {
  return getOutbox().flush();
}
