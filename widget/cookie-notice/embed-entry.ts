import type { WidgetContext } from '../boot/context.ts';
import { loadSiteConfig } from '../site-config/index.ts';
import { embedPlaceholder, hideWaitingFrames } from './embed.ts';
import { categoriesOf } from './gate.ts';

let unhide: (() => void) | undefined;

/** Chunk entry "embed": drawn only on pages with an iframe still waiting for consent. */
export async function start(ctx: WidgetContext): Promise<void> {
  const cookies = (await loadSiteConfig(ctx))?.cookies;
  if (!cookies) return;
  if (!unhide) {
    unhide = hideWaitingFrames();
    ctx.cleanups.push(() => {
      unhide?.();
      unhide = undefined;
    });
  }
  const titleOf = (id: string) => cookies.categories.find((c) => c.id === id)?.title ?? id;
  for (const frame of Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe[data-samtykke-src]'))) {
    if (frame.hidden) continue;
    const host = embedPlaceholder(frame, cookies.texts, categoriesOf(frame).map(titleOf).join(', '));
    ctx.cleanups.push(() => host.remove());
  }
}
