import type { WidgetContext } from './context.ts';

const ID = 'samtykke-root';

/**
 * The widget's one shadow root for everything it draws outside the site's forms (notice, dialog,
 * "Personvern" button, chat launcher and panel), so the site's CSS cannot break it and ours
 * cannot leak out. Created the first time something needs it. While the notice is open the host
 * carries `data-notice-open` and `--samtykke-notice-height`, so the launcher can move above it.
 */
export function widgetRoot(ctx: WidgetContext): ShadowRoot {
  // Found by its id every time: the loader and the lazy chunks are separate builds, each with its
  // own copy of this module, and they must share one root.
  let host = document.getElementById(ID);
  if (!host?.shadowRoot) {
    const made = (host = document.createElement('div'));
    made.id = ID;
    made.attachShadow({ mode: 'open' });
    document.body.append(made);
    ctx.cleanups.push(() => made.remove());
  }
  // Its host is `shadowRoot.host`: returning only the root keeps the loader a few bytes smaller.
  return host.shadowRoot!;
}
