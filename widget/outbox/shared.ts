import type { WidgetContext } from '../boot/context.ts';
import { guard } from '../util/index.ts';
import { createOutbox, type Outbox } from './flush.ts';

let outbox: Outbox | undefined;

/** The page's one outbox, with its triggers installed the first time it is asked for. */
export function getOutbox(ctx?: WidgetContext): Outbox {
  if (outbox) return outbox;
  const box = createOutbox();
  outbox = box;
  const flushNow = guard(() => void box.flush());
  const onHidden = guard(() => document.visibilityState === 'hidden' && void box.flush());
  window.addEventListener('online', flushNow);
  window.addEventListener('pagehide', flushNow);
  document.addEventListener('visibilitychange', onHidden);
  ctx?.cleanups.push(() => {
    box.stop();
    window.removeEventListener('online', flushNow);
    window.removeEventListener('pagehide', flushNow);
    document.removeEventListener('visibilitychange', onHidden);
    outbox = undefined;
  });
  return box;
}
