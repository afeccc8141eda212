import { effect } from '@preact/signals';
import { h, render } from 'preact';
import type { WidgetContext } from '../boot/context.ts';
import { widgetRoot } from '../boot/root.ts';
import { LAUNCHER_ATTR } from '../chat-launcher/index.ts';
import { adoptStyles } from '../ui/index.ts';
import { guard } from '../util/index.ts';
import css from './chat.css?inline';
import { createChatModel, type ChatModel } from './model.ts';
import { ChatPanel } from './panel.tsx';

let model: ChatModel | undefined;

/**
 * Chunk entry, import()ed when the visitor first opens the chat (or on a later page of a chat they
 * left open). Sets the chat up once; `open()` shows the panel.
 */
export function start(ctx: WidgetContext): void {
  if (model) return;
  const chat = createChatModel({ api: ctx.config.api, site: ctx.config.site, lang: ctx.config.lang });
  model = chat;
  const shadow = widgetRoot(ctx);
  adoptStyles(shadow, css);
  const container = document.createElement('div');
  shadow.append(container);
  render(h(() => (chat.open.value ? h(ChatPanel, { model: chat }) : null), {}), container);

  // The panel takes the launcher's corner while open; closing gives focus back to the launcher.
  let wasOpen = false;
  const stop = effect(
    guard(() => {
      const isOpen = chat.open.value;
      const launcher = shadow.querySelector<HTMLElement>(`[${LAUNCHER_ATTR}]`);
      if (launcher) launcher.hidden = isOpen;
      if (wasOpen && !isOpen) launcher?.focus();
      wasOpen = isOpen;
    }),
  );
  ctx.cleanups.push(() => {
    stop();
    chat.dispose();
    render(null, container);
    container.remove();
    model = undefined;
  });
}

export const open = guard((): void => {
  model?.show();
});
