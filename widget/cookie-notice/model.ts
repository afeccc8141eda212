import { effect, signal, type Signal } from '@preact/signals-core';
import type { CookieConfig, OptionalCategory, SiteConfig } from '../../protocol/index.ts';
import type { WidgetContext } from '../boot/context.ts';
import { askedAbout, recordChoice, type Granted } from './choose.ts';

/** What the first layer shows: the question, the GPC explanation, or nothing. */
export type NoticeMode = 'ask' | 'gpc' | undefined;

export interface CookieModel {
  ctx: WidgetContext;
  site: SiteConfig;
  cookies: CookieConfig;
  asked: OptionalCategory[];
  notice: Signal<NoticeMode>;
  dialog: Signal<boolean>;
  /** The toggles in the dialog: the current choice, or all off before the first one. */
  draft: Signal<Granted>;
  /** The site's one-line summary, when the notice is back because the policy changed. */
  changed: Signal<string | undefined>;
  acceptAll(): void;
  rejectAll(): void;
  /** "OK" under the GPC explanation: closes the first layer; the refusal is already recorded. */
  closeNotice(): void;
  toggle(id: OptionalCategory, on: boolean): void;
  saveDraft(): void;
  /** Global Privacy Control: refuse without asking, and say so. */
  refuseByGpc(): void;
  openDialog(): void;
  closeDialog(): void;
}

let model: CookieModel | undefined;

/** The one model behind the first layer and the dialog, which are separate chunks. */
export function cookieModel(ctx: WidgetContext, site: SiteConfig): CookieModel {
  if (model?.ctx === ctx) return model;
  const asked = askedAbout(site);
  const stored = () => ctx.cookies?.stored();
  const notice = signal<NoticeMode>(undefined);
  const dialog = signal(false);
  const draft = signal<Granted>({});
  const changed = signal<string | undefined>(undefined);
  const all = (on: boolean): Granted => Object.fromEntries(asked.map((id) => [id, on]));
  const choose = (granted: Granted) => {
    recordChoice(ctx, site, granted, 'consent');
    notice.value = undefined;
    dialog.value = false;
  };
  const m: CookieModel = {
    ctx,
    site,
    cookies: site.cookies!,
    asked,
    notice,
    dialog,
    draft,
    changed,
    acceptAll: () => choose(all(true)),
    rejectAll: () => choose(all(false)),
    closeNotice: () => (notice.value = undefined),
    toggle: (id, on) => (draft.value = { ...draft.value, [id]: on }),
    saveDraft: () => choose(draft.value),
    refuseByGpc() {
      recordChoice(ctx, site, all(false), 'gpc-refusal');
      notice.value = 'gpc';
    },
    openDialog() {
      // Never pre-ticked: a toggle is on only where the visitor said yes before (Planet49, C-673/17).
      draft.value = { ...ctx.cookies?.current()?.categories };
      dialog.value = true;
    },
    closeDialog: () => (dialog.value = false),
  };
  const previous = stored();
  if (previous && previous.policyVersion !== site.policy.version) changed.value = site.policy.changeSummary;
  const stop = effect(() => ctx.cookies?.noticeOpen(!!notice.value));
  ctx.cleanups.push(() => {
    stop();
    model = undefined;
  });
  return (model = m);
}
