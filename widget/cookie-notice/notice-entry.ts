import { effect } from '@preact/signals-core';
import type { WidgetContext } from '../boot/context.ts';
import { loadSiteConfig } from '../site-config/index.ts';
import { nextTask } from '../util/index.ts';
import buttons from './buttons.css?inline';
import { cookieModel, type CookieModel } from './model.ts';
import { noticeView } from './notice.ts';
import css from './notice.css?inline';
import { PRIVACY_BUTTON_ATTR } from './launcher.ts';
import { deepActiveElement, rootPart, trackFocusFrom } from './part.ts';

let mounted = false;

/**
 * Chunk entry "notice": loaded by the loader only when there is no choice that still counts.
 * It imports no Preact, so a first visit pays for none: the view is plain DOM rebuilt by one effect
 * whenever what it shows changes (open, GPC, closed), which happens a handful of times per page.
 */
export async function start(ctx: WidgetContext): Promise<void> {
  const site = await loadSiteConfig(ctx);
  await nextTask();
  // No cookie control left means destroy() ran while this waited.
  if (!site?.cookies || !ctx.cookies || ctx.cookies.current()) return;
  const model = cookieModel(ctx, site);
  if (!model.notice.value) {
    // GPC is a refusal the browser makes for the visitor: honour it without asking, then say so.
    if ((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true) model.refuseByGpc();
    else model.notice.value = 'ask';
  }
  if (!mounted) {
    mounted = true;
    await mount(ctx, model, site.policy.url);
  }
  // A button of the loader's first layer pressed before this chunk arrived. Not when the settings
  // changed in between (the per-site script is cached for minutes): the proof would cite words the
  // visitor did not see. The chunk's own view, with the new words, asks again.
  const action = ctx.noticeAction;
  delete ctx.noticeAction;
  const seen = ctx.preloaded?.cookies?.hash;
  if (action && (!seen || seen === site.cookies.hash)) ({ accept: model.acceptAll, reject: model.rejectAll, ok: model.closeNotice, choose: () => ctx.cookies?.openPreferences() })[action]();
}

async function mount(ctx: WidgetContext, model: CookieModel, sitePolicyUrl: string): Promise<void> {
  // The loader asks for this chunk as soon as it runs, which for an async tag can be before <body>.
  if (!document.body) await new Promise((ready) => document.addEventListener('DOMContentLoaded', ready, { once: true }));
  const { host, el } = rootPart(ctx, 'notice', [css, buttons]);
  const policyUrl = ctx.config.policyUrl ?? sitePolicyUrl;
  const height = new CSSStyleSheet();
  const shadow = host.shadowRoot!;
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, height];
  // Other parts (the chat button) move above the notice: they read these from the host.
  // The lift too, so the loader's stylesheet needs no calc() for it (bytes on every page).
  const measure = () => {
    const px = el.firstElementChild?.getBoundingClientRect().height ?? 0;
    height.replaceSync(`:host{--samtykke-notice-height:${px}px;--samtykke-notice-lift:${-px}px}`);
  };
  trackFocusFrom(ctx, el);
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
  // One effect draws the view and then has its height published, so the two never run out of order.
  // The observer measures after the browser's own layout of the frame: reading the size here would
  // force a layout of the whole page inside this task, the widget's longest on a first visit.
  const stop = effect(() => {
    const view = noticeView(model, policyUrl);
    // Taking over the loader's first layer: the same button keeps focus.
    const buttons = () => Array.from(el.querySelectorAll<HTMLElement>('a,button'));
    const active = deepActiveElement();
    const focused = buttons().indexOf(active as HTMLButtonElement);
    const inside = !!active && el.contains(active);
    el.replaceChildren(...(view ? [view] : []));
    if (!view) host.querySelector(':scope>a[slot]')?.remove();
    if (view && focused >= 0) buttons()[focused]?.focus();
    // After a choice focus goes back where it came from, or to the "Personvern" button that reopens
    // the choice, never to <body> (WCAG 2.4.3). The button is shown again once the model's own
    // effect has told the loader the notice closed, so after this one.
    if (!view && inside) queueMicrotask(() => ((ctx.focusFrom?.isConnected ? ctx.focusFrom : shadow.querySelector(`[${PRIVACY_BUTTON_ATTR}]`)) as HTMLElement | null)?.focus());
    host.toggleAttribute('data-notice-open', !!view);
    resize?.disconnect();
    if (view && resize) resize.observe(view);
    else measure();
  });
  ctx.cleanups.push(() => {
    stop();
    resize?.disconnect();
    el.replaceChildren();
    host.removeAttribute('data-notice-open');
    host.querySelector(':scope>a[slot]')?.remove();
    mounted = false;
  });
}
