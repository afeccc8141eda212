import { element as h } from '../ui/index.ts';
import { guard } from '../util/index.ts';
import type { CookieModel } from './model.ts';

/**
 * The first layer, or null while it is closed. "Accept all" and "Reject all" share one class, so
 * refusing is exactly as prominent as accepting (EDPB cookie banner taskforce report, 2023). It
 * does not trap focus and has no close button: leaving it alone is not consent, and nothing runs
 * until there is a choice. Plain DOM, read from the model's signals inside the caller's effect:
 * first-visit code cannot afford Preact (practice 14, the 16 KB budget).
 */
export function noticeView(model: CookieModel, policyUrl: string): HTMLElement | null {
  const mode = model.notice.value;
  if (!mode) return null;
  const t = model.cookies.texts;
  const changed = model.changed.value;
  const button = (text: string, action: () => void) => {
    const b = h('button', { type: 'button', class: 'sk-btn' }, text);
    b.addEventListener('click', guard(action));
    return b;
  };
  const choose = button(t.choose, () => model.ctx.cookies?.openPreferences());
  choose.setAttribute('aria-haspopup', 'dialog');
  return h(
    'section',
    { class: 'sk-notice', 'aria-labelledby': 'sk-notice-title' },
    h('h2', { id: 'sk-notice-title' }, t.title),
    !!changed && h('p', null, h('strong', null, t.changed), ` ${changed}`),
    h('p', null, t.intro),
    mode === 'gpc' && h('p', null, t.gpc),
    h('p', null, h('a', { href: policyUrl }, t.policyLink)),
    h(
      'div',
      { class: 'sk-actions' },
      ...(mode === 'ask' ? [button(t.accept, model.acceptAll), button(t.reject, model.rejectAll)] : [button(t.ok, model.closeNotice)]),
      choose,
    ),
  );
}
