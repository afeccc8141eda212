import { MARKED_FORM, type WidgetContext } from '../boot/context.ts';
import { loadFirstLayer } from '../site-config/index.ts';
import { logError, nextTask } from '../util/index.ts';
import { attachForms } from './attach.ts';
import { consentSlot } from './slot.ts';
import { listenForSubmits } from './submit.ts';

let listening = false;

/** Chunk entry, called by the loader whenever it sees a marked form that is not yet handled. */
export async function start(ctx: WidgetContext): Promise<void> {
  const site = await loadFirstLayer(ctx);
  await nextTask();
  if (!site) {
    // Without the site's texts there is nothing honest to show; the form works as before.
    // Not when the server refused the page (the widget is gone, ctx.cookies with it): that was said once already.
    if (ctx.cookies) logError(`could not load the settings of site ${ctx.config.site} from ${ctx.config.api}; the consent box is not shown`);
    for (const form of Array.from(document.querySelectorAll<HTMLFormElement>(MARKED_FORM))) consentSlot(form, true);
    return;
  }
  attachForms(ctx, site);
  if (listening) return;
  listening = true;
  const stop = listenForSubmits(ctx, site);
  ctx.cleanups.push(() => {
    stop();
    listening = false;
  });
  // Nothing to flush here: the loader loads the outbox chunk itself when an earlier page left
  // anything unsent, so a page with a form and nothing waiting never opens IndexedDB.
}
