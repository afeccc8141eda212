/**
 * @module Types for a site's own front end (React, Vue, plain TypeScript) that talks to the
 * Samtykke widget: `window.Samtykke` and the `samtykke:*` events on `window`. Declarations only:
 * the widget itself is the script tag. Kept in step with the widget by
 * test/samtykke-types.test.ts, which compiles example/ against the widget's own types.
 */

/** A cookie category the notice asks about; `necessary` is always granted. */
export type CookieCategory = 'necessary' | 'statistics' | 'marketing' | 'followup';
export type Decision = 'granted' | 'declined' | 'withdrawn';

/** `samtykke:change`: the visitor made or changed a cookie choice. */
export interface ChangeDetail {
  categories: Record<CookieCategory, boolean>;
  /** The browser's anonymous consent id. */
  consentId: string;
  /** `gpc-refusal` when the browser's Global Privacy Control signal decided. */
  basis: 'consent' | 'gpc-refusal';
  reason: 'first' | 'change' | 'withdrawal' | 'gpc';
}

/** `samtykke:consent`: a marked form was sent, with the marketing box ticked or not. */
export interface ConsentDetail {
  formId: string;
  purpose: 'marketing-email';
  decision: Decision;
  /** The proof's id; the server's receipt for it. */
  receiptId: string;
}

/** Every event the widget announces, by the name given to `Samtykke.on`. */
export interface SamtykkeEventMap {
  change: ChangeDetail;
  consent: ConsentDetail;
}

/** What the browser keeps of each choice it recorded. */
export interface Receipt {
  id: string;
  purpose: string;
  decision: string;
  formId?: string;
  at: string;
  /** True once the server has acknowledged it. */
  stored?: boolean;
}

export interface SamtykkeApi {
  /** The queued form: `Samtykke('on', 'consent', fn)` works before the script has loaded. */
  <K extends keyof SamtykkeEventMap>(method: 'on', name: K, fn: (detail: SamtykkeEventMap[K]) => void): unknown;
  (method: 'openPreferences' | 'openChat' | 'flush' | 'destroy'): unknown;
  version: string;
  /** The receipts of every choice recorded in this browser, oldest first. */
  receipts(): Receipt[];
  /** Whether the visitor allows a cookie category now. */
  get(category: CookieCategory): boolean;
  openPreferences(): void;
  /** Calls `fn` with each event's detail; returns a function that stops listening. */
  on<K extends keyof SamtykkeEventMap>(name: K, fn: (detail: SamtykkeEventMap[K]) => void): () => void;
  /** Sends anything still waiting in the outbox now. */
  flush(): Promise<void>;
  /** Opens the privacy chat, loading it first if needed. */
  openChat(): Promise<void>;
  /** Removes everything the widget added (single-page apps, tests). */
  destroy(): void;
}

declare global {
  interface Window {
    Samtykke?: SamtykkeApi;
  }
  interface WindowEventMap {
    'samtykke:change': CustomEvent<ChangeDetail>;
    'samtykke:consent': CustomEvent<ConsentDetail>;
  }
}
