import type { WidgetContext } from './context.ts';

let root: { host: HTMLElement; shadow: ShadowRoot } | undefined;

/**
 * The widget's one shadow root for everything it draws outside the site's forms (notice, dialog,
 * "Personvern" button, chat launcher and panel), so the site's CSS cannot break it and ours
 * cannot leak out. Created the first time something needs it. While the notice is open the host
 * carries `data-notice-open` and `--samtykke-notice-height`, so the launcher can move above it.
 */
export function widgetRoot(ctx: WidgetContext): { host: HTMLElement; shadow: ShadowRoot } {
  if (root?.host.isConnected) return root;
  // The loader and the lazy chunks are separate builds, each with its own copy of this module:
  // a chunk finds the root the loader made by its id rather than making a second one.
  const found = document.getElementById('samtykke-root');
  if (found?.shadowRoot) return (root = { host: found, shadow: found.shadowRoot });
  const host = document.createElement('div');
  host.id = 'samtykke-root';
  const shadow = host.attachShadow({ mode: 'open' });
  document.body.append(host);
  root = { host, shadow };
  ctx.cleanups.push(() => {
    host.remove();
    root = undefined;
  });
  return root;
}
