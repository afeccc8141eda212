import type { WidgetContext } from '../boot/context.ts';
import { getOutbox } from './shared.ts';

/** Chunk entry: loaded alone on a page where an earlier page left something unsent. */
export function start(ctx: WidgetContext): void {
  getOutbox(ctx);
  void flush();
}

export function flush(): Promise<void> {
  return getOutbox().flush();
}
