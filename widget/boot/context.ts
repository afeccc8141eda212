import type { FirstLayerConfig, WidgetConfig } from '../../protocol/index.ts';
import type { CookieControl } from '../cookie-notice/index.ts';
import type { FirstLayerAction } from '../cookie-notice/notice.ts';

/** What every chunk is started with: the checked config and where the chunks live. */
export interface WidgetContext {
  config: WidgetConfig;
  /** The folder of samtykke.js: chunks are loaded from the same place, whatever data-api says. */
  base: string;
  version: string;
  /** Undo functions registered by whatever the widget put into the page; run by destroy(). */
  cleanups: Array<() => void>;
  /** The loader's stored-choice logic, for the notice and preferences chunks. */
  cookies?: CookieControl;
  /** The first layer's settings as the per-site script (`/s/<key>.js`) carried them: no request for them. */
  preloaded?: FirstLayerConfig;
  /** The server refused this page (unknown key, origin not allowed): log `message` once and take the widget away. */
  refuse?: (message: string) => void;
  /** Where focus was before it entered the first layer: it goes back there after the choice. */
  focusFrom?: Element | null;
  /** A button of the loader's first layer pressed before the notice chunk arrived: the chunk carries it out. */
  noticeAction?: FirstLayerAction;
}

/** What the per-site script puts on its own script element before the loader runs (server/routes/site-script.ts). */
export interface InlineSite {
  site: string;
  origins: string[];
  /** In the language the tag asked for (`?lang=`, Bokmål by default). */
  config: FirstLayerConfig;
}

// The localStorage keys the loader reads without loading any chunk. Constants rather than one
// object, so the minifier writes each string where it is used and the loader carries no object.
/** Events written synchronously before the page may unload, until the outbox holds them. */
export const JOURNAL_KEY = 'samtykke:journal';
/** Set while the outbox holds anything, so the next page knows to send it. */
export const PENDING_KEY = 'samtykke:pending';
export const RECEIPTS_KEY = 'samtykke:receipts';
export const SITE_CONFIG_KEY = 'samtykke:site-config';

export const EVENT_PREFIX = 'samtykke:';

/** A form the site marked for the consent box that the widget has not handled yet. */
export const MARKED_FORM = 'form[data-samtykke]:not([data-samtykke-ready])';

/** Announces something on window as `samtykke:<name>`, the one channel the host can listen to. */
export function announce(name: string, detail: unknown): void {
  window.dispatchEvent(new CustomEvent(EVENT_PREFIX + name, { detail }));
}
