import type { CookieCategory, FirstLayerConfig } from '../../protocol/index.ts';
import type { FirstLayerAction } from './notice.ts';
import type { WidgetContext } from '../boot/context.ts';
import { cachedSiteConfig, loadSiteConfig } from '../site-config/index.ts';
import { guard, nextFrame } from '../util/index.ts';
import { updateConsentMode } from './consent-mode.ts';
import { gateFrames, runGrantedScripts } from './gate.ts';
import { drawPrivacyButton } from './launcher.ts';
import buttons from './buttons.css?inline';
import css from './notice.css?inline';
import { firstLayerView } from './notice.ts';
import { rootPart, trackFocusFrom } from './part.ts';
import { grants, isFresh, readChoice, writeChoice, type StoredChoice } from './storage.ts';

/** What `samtykke:change` and `Samtykke.on('change', fn)` receive. */
export interface ChangeDetail {
  categories: Record<CookieCategory, boolean>;
  consentId: string;
  basis: StoredChoice['basis'];
  reason: 'first' | 'change' | 'withdrawal' | 'gpc';
}

/** The loader's side of the notice, handed to the chunks on `ctx.cookies`. */
export interface CookieControl {
  /** The stored choice, also when it no longer counts (older policy, past its lifetime). */
  stored(): StoredChoice | undefined;
  /** The stored choice if it still counts. */
  current(): StoredChoice | undefined;
  /** Keeps a new choice and applies it to the page at once: scripts, frames, Consent Mode. */
  apply(choice: StoredChoice): void;
  /** `Samtykke.get(category)`. */
  get(category: string): boolean;
  openPreferences(): void;
  /** The first layer tells the loader while it is on screen, so the "Personvern" button steps aside. */
  noticeOpen(open: boolean): void;
  /** Called once by the loader when the page has a body: run, draw and ask what the choice needs. */
  ready(): void;
}

type Load = (name: 'notice' | 'preferences' | 'embed') => Promise<unknown>;

/**
 * The stored-choice logic every page needs, without Preact: a return visit with a choice that
 * still counts downloads nothing but the loader and still runs the scripts the visitor allowed.
 * Plain variables rather than signals: signals-core would cost the loader half its 4 KB budget.
 * The chunks, which draw, keep their state in signals (model.ts).
 */
export function createCookieControl(ctx: WidgetContext, load: Load, siteKnown: () => void): CookieControl {
  const cached = cachedSiteConfig(ctx);
  let site: FirstLayerConfig | undefined = cached?.config;
  let choice = readChoice();
  let hasBody = false;
  let asked = false;
  let noticeVisible = false;
  let known = false;
  const current = () => (isFresh(choice, site) ? choice : undefined);
  // No guard needed: load() never rejects, and every caller (the API, the buttons, onClick) has one.
  const openPreferences = () => void load('preferences');

  // The two fixed buttons ("Personvern", hidden while the notice is up, and the chat launcher):
  // each adopts a stylesheet and measures the footer, a forced layout of the whole page.
  const drawButtons = guard(() => {
    // Without a cookie notice configured there is nothing to ask, but the chat still needs its button.
    if (!known) {
      known = true;
      siteKnown();
    }
    const cookies = site?.cookies;
    const button = cookies && drawPrivacyButton(ctx, cookies, openPreferences);
    if (button) button.hidden = noticeVisible;
  });

  const refresh = guard(() => {
    // Without the site's settings the policy version is unknown, so nothing runs yet (fail closed).
    if (!hasBody || !site) return;
    const now = current();
    const allowed = (category: string) => grants(now, category);
    runGrantedScripts(allowed);
    // Placeholders for the frames still blocked are drawn by a small chunk, only where there are any.
    if (gateFrames(allowed)) void load('embed');
    const cookies = site.cookies;
    // Only a site that declared an optional category has anything to ask.
    if (cookies && !now && !asked && cookies.categories.length > 1) {
      asked = true;
      // With the settings in the per-site script the loader draws the first layer itself, without
      // waiting for the notice chunk; the chunk takes it over (notice-entry.ts). A GPC browser is
      // answered by the chunk without asking, so it is not asked here either.
      if (ctx.preloaded && !(navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl) {
        // The stylesheets and the view are made here, in a frame of their own; the next frame only
        // puts the view on screen, so the frame that draws the notice does little else.
        const { host, el } = rootPart(ctx, 'notice', [css, buttons]);
        trackFocusFrom(ctx, el);
        const changed = choice && choice.policyVersion !== site.policy.version ? site.policy.changeSummary : undefined;
        const act = (action: FirstLayerAction) => {
          ctx.noticeAction = action;
          void load('notice');
        };
        const view = firstLayerView({ mode: 'ask', texts: cookies.texts, changed, policyUrl: ctx.config.policyUrl ?? site.policy.url, lang: ctx.config.lang, host, act });
        noticeVisible = true;
        nextFrame(() => {
          // Taken over already (the visitor chose in the second layer), or destroy() ran.
          if (!noticeVisible || !ctx.cookies) return;
          el.replaceChildren(view);
          host.toggleAttribute('data-notice-open', true);
          // The chunk's imports and the fixed buttons come a frame later still. The chunk needs the
          // full settings (the per-site script carries the first layer's only): asked for beside
          // it, not after it has arrived.
          nextFrame(() => {
            void loadSiteConfig(ctx);
            void load('notice');
            drawButtons();
          });
        });
        return;
      }
      void load('notice');
    }
    drawButtons();
  });

  // Before anything can load: Consent Mode defaults, then the choice that still counts.
  updateConsentMode(current());
  // Requests start in the next task, not at DOMContentLoaded, which an async or early tag would
  // wait for. Not in this one: a deferred tag runs at the end of the parser's own task, and
  // starting three imports and a fetch there made that task a long one (total blocking time).
  setTimeout(() => {
    // The very first page with no choice almost always shows the notice: fetch its chunk while the
    // site's settings are on their way, not after them (the chunk checks them itself and waits for a body).
    if (!choice && !cached) void load('notice');
    // Revalidated in the background at most every few minutes: a new policy version brings the notice back.
    if (!cached?.fresh) void loadSiteConfig(ctx).then((config) => config && ((site = config), refresh()));
  });

  const onClick = guard((event: Event) => {
    if (!(event.target as Element).closest?.('[data-samtykke-open=preferences]')) return;
    event.preventDefault();
    openPreferences();
  });
  document.addEventListener('click', onClick);
  ctx.cleanups.push(() => document.removeEventListener('click', onClick));

  return {
    stored: () => choice,
    current,
    get: (category) => grants(current(), category),
    apply(next) {
      choice = next;
      writeChoice(next);
      updateConsentMode(next);
      refresh();
    },
    openPreferences,
    noticeOpen(open) {
      noticeVisible = open;
      refresh();
    },
    ready() {
      hasBody = true;
      refresh();
    },
  };
}
