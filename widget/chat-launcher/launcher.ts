import type { ChunkModule } from '../boot/start.ts';
import type { WidgetContext } from '../boot/context.ts';
import { fixedButton } from '../boot/fixed-button.ts';
import { guard, readJson } from '../util/index.ts';

/**
 * localStorage key the chat chunk sets once the visitor has opened it: `open` while the panel is
 * open (the next page opens it again), `queued` while typed messages wait to be sent. Before the
 * first open the chat stores nothing at all.
 */
export const CHAT_FLAG = 'samtykke:chat';

/** The attribute the chat chunk finds the launcher by, to give focus back to it on close. */
export const LAUNCHER_ATTR = 'data-samtykke-launcher';

export interface ChatChunk extends ChunkModule {
  open?(): void;
}

export interface ChatLauncher {
  /** Loads the chat chunk (once) and opens the panel: `Samtykke.openChat()` and the button. */
  open(): Promise<void>;
  /** Draws the button; called once the page has a body. */
  draw(): void;
}

/**
 * The chat's only first-load cost: one button. The chat chunk is import()ed on the first click,
 * so a visitor who never opens the chat never downloads it and gets no identifier.
 */
export function chatLauncher(ctx: WidgetContext, load: (name: 'chat') => Promise<ChunkModule | undefined>): ChatLauncher {
  const open = () => load('chat').then((chunk) => (chunk as ChatChunk | undefined)?.open?.());
  return {
    open,
    draw: guard(() => {
      // The button and its stylesheet are shared with "Personvern" (boot/fixed-button.ts).
      const button = fixedButton(ctx, LAUNCHER_ATTR, open);
      button.className = 'sk-launcher';
      button.setAttribute('aria-label', ctx.config.lang === 'en' ? 'Privacy chat' : 'Personvernchat');
      // Only a visitor who already opened the chat has this flag: keep their chat going on this page.
      const flag = readJson<string | null>(CHAT_FLAG, null);
      if (flag === 'open') void open();
      else if (flag === 'queued') void load('chat');
    }),
  };
}
