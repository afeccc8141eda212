import type { FirstLayerTexts, NoticeTexts } from '../../protocol/index.ts';
import { element as h } from '../ui/index.ts';
import { guard } from '../util/index.ts';
import type { CookieModel } from './model.ts';

/** True in the loader's build (samtykke.js), false in the chunks' (vite.config.ts). */
declare const __LOADER__: boolean;

/** What a button of the first layer does; the loader and the notice chunk each map it to their own action. */
export type FirstLayerAction = 'accept' | 'reject' | 'ok' | 'choose';

export interface FirstLayer {
  mode: 'ask' | 'gpc';
  /** The loader has the first layer's words only; the chunk, which alone draws the GPC note (`gpc`, `ok`), has all. */
  texts: FirstLayerTexts & Partial<NoticeTexts>;
  /** The site's one-line summary when the notice is back because the policy changed. */
  changed?: string;
  policyUrl: string;
  lang: string;
  /** The shadow host: the policy link lives in its light DOM (see below). */
  host: Element;
  act(action: FirstLayerAction): void;
}

/**
 * The first layer as plain DOM, drawn by the loader from the per-site script's settings (no round
 * trip before it shows) and again by the notice chunk, which takes over with the same markup.
 * "Accept all" and "Reject all" share one class, so refusing is exactly as prominent as accepting
 * (EDPB cookie banner taskforce report, 2023). It does not trap focus and has no close button:
 * leaving it alone is not consent, and nothing runs until there is a choice. On a phone the intro
 * is cut to two lines with a "more" button (notice.css), so the layer stays under 40 % of the screen.
 */
export function firstLayerView({ mode, texts: t, changed, policyUrl, lang, host, act }: FirstLayer): HTMLElement {
  // The policy link is a child of our host in the site's own DOM, shown through a <slot>: with it in
  // the shadow root and the root at the start of <body>, axe no longer took the site's skip link for
  // one (it compares the skip link with the page's first link, and a shadow node compares as
  // "disconnected"), and reported the skip link as content outside a landmark.
  let link = host.querySelector<HTMLAnchorElement>(':scope>a[slot]');
  if (!link) host.append((link = h('a', { slot: 'sk-policy' }, t.policyLink)));
  link.href = policyUrl;
  // In the page's DOM the site's own `a { color }` beats ::slotted(): the colour comes inline from
  // the notice's variable (light or dark scheme), so it keeps its contrast on our panel.
  link.style.color = 'var(--sk-link)';
  const button = (text: string, action: FirstLayerAction) => {
    const b = h('button', { type: 'button', class: 'sk-btn' }, text);
    b.addEventListener('click', guard(() => act(action)));
    return b;
  };
  const choose = button(t.choose, 'choose');
  choose.setAttribute('aria-haspopup', 'dialog');
  const intro = h('p', { id: 'sk-notice-intro', class: 'sk-intro' }, t.intro);
  const more = h('button', { type: 'button', class: 'sk-more', 'aria-expanded': 'false', 'aria-controls': 'sk-notice-intro' }, lang === 'en' ? 'More' : 'Mer');
  more.addEventListener(
    'click',
    guard(() => {
      intro.classList.add('sk-open');
      more.remove();
    }),
  );
  return h(
    'section',
    { class: 'sk-notice', 'aria-labelledby': 'sk-notice-title' },
    h('h2', { id: 'sk-notice-title' }, t.title),
    !!changed && h('p', null, h('strong', null, t.changed), ` ${changed}`),
    intro,
    more,
    // The loader only asks (a GPC browser is answered by the chunk): its build drops the GPC layer.
    !__LOADER__ && mode === 'gpc' && h('p', null, t.gpc!),
    h('p', null, h('slot', { name: 'sk-policy' })),
    h('div', { class: 'sk-actions' }, ...(__LOADER__ || mode === 'ask' ? [button(t.accept, 'accept'), button(t.reject, 'reject')] : [button(t.ok!, 'ok')]), choose),
  );
}

/** The notice chunk's first layer, or null while it is closed. */
export function noticeView(model: CookieModel, policyUrl: string): HTMLElement | null {
  const mode = model.notice.value;
  if (!mode) return null;
  const actions: Record<FirstLayerAction, () => void> = {
    accept: model.acceptAll,
    reject: model.rejectAll,
    ok: model.closeNotice,
    choose: () => model.ctx.cookies?.openPreferences(),
  };
  const host = model.ctx.cookies && document.getElementById('samtykke-root');
  if (!host) return null;
  return firstLayerView({ mode, texts: model.cookies.texts, changed: model.changed.value, policyUrl, lang: model.site.lang, host, act: (action) => actions[action]() });
}
