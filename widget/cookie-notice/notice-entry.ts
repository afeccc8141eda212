import { effect } from '@preact/signals-core';
import { h } from 'preact';
import type { WidgetContext } from '../boot/context.ts';
import { loadSiteConfig } from '../site-config/index.ts';
import { mount } from '../preact-ui/index.ts';
import buttons from './buttons.css?inline';
import { cookieModel } from './model.ts';
import { CookieNotice } from './notice.tsx';
import css from './notice.css?inline';
import { rootPart } from './part.ts';

let mounted = false;

/**
 * Chunk entry "notice": loaded by the loader only when there is no choice that still counts.
 * Preact is already paid for by the form chunk on a first visit; this adds the view and its CSS.
 */
export async function start(ctx: WidgetContext): Promise<void> {
  const site = await loadSiteConfig(ctx);
  if (!site?.cookies || ctx.cookies?.current()) return;
  const model = cookieModel(ctx, site);
  if (!model.notice.value) {
    // GPC is a refusal the browser makes for the visitor: honour it without asking, then say so.
    if ((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true) model.refuseByGpc();
    else model.notice.value = 'ask';
  }
  if (mounted) return;
  mounted = true;
  const { host, el } = rootPart(ctx, 'notice', [css, buttons]);
  const unmount = mount(() => h(CookieNotice, { model, policyUrl: ctx.config.policyUrl ?? site.policy.url }), el);
  const height = new CSSStyleSheet();
  const shadow = host.shadowRoot!;
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, height];
  // Other parts (the chat button) move above the notice: they read these from the host.
  const measure = () => height.replaceSync(`:host{--samtykke-notice-height:${el.firstElementChild?.getBoundingClientRect().height ?? 0}px}`);
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
  const stop = effect(() => {
    const open = !!model.notice.value;
    host.toggleAttribute('data-notice-open', open);
    resize?.disconnect();
    if (open && el.firstElementChild) resize?.observe(el.firstElementChild);
    measure();
  });
  ctx.cleanups.push(() => {
    stop();
    resize?.disconnect();
    unmount();
    host.removeAttribute('data-notice-open');
    mounted = false;
  });
}
