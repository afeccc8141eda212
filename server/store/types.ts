import type { ChainCheck, ConsentEvent, ConsentRecord, Lang, SiteSettings, SiteSettingsInput } from '../../protocol/index.ts';
import type { ChatStore, RightsStore } from './chat-types.ts';
import type { ConsoleStore } from './console-types.ts';
import type { WebhookStore } from './webhook-types.ts';
import type { TwoFactorStore } from './two-factor-types.ts';
import type { DoubleOptInStore } from './double-opt-in-types.ts';

// The stored records the console reads are described in protocol/console-views.ts.
export type { ChainCheck, ConsentRecord };

/** A site as stored: its settings plus bookkeeping. The secret key is never readable, only checkable. */
export interface StoredSite {
  settings: SiteSettings;
  createdAt: string;
  updatedAt: string;
}

export interface UpsertSiteResult {
  created: boolean;
  /** The server-to-server key (`sk_…`), returned once when the site is created; only its hash is kept. */
  secretKey?: string;
}

/** One validated event plus what the server knows about its arrival. */
export interface NewConsentEvent {
  site: string;
  event: ConsentEvent;
  receivedAt: Date;
  source: 'browser' | 'server';
  /** Already cut to 512 characters by the caller. */
  userAgent?: string;
  /** Already truncated (IPv4 /24, IPv6 /48); never a whole address. */
  ipTruncated?: string;
}

export type AppendError = 'id_conflict' | 'unknown_text' | 'storage_unavailable';

export type AppendResult =
  | { ok: true; id: string; receiptId: string; replay: boolean }
  | { ok: false; id: string; error: AppendError; message: string };


/** A chain head kept outside the database: the number of records and the last record's hash. */
export interface ChainAnchor {
  count: number;
  headHash: string;
}


/**
 * Everything the server keeps, one method per use case, in the synchronous shape that
 * better-sqlite3 allows. Callers never see it: they get `Store`, where every method returns a
 * promise, so a network database (PostgreSQL) can stand behind the same calls.
 */
export interface SyncStore extends ChatStore, RightsStore, ConsoleStore, WebhookStore, TwoFactorStore, DoubleOptInStore {
  upsertSite(settings: SiteSettingsInput): UpsertSiteResult;
  /** Creates the site only if its key is new (then with its secret key, once); undefined when it exists. */
  createSite(settings: SiteSettingsInput): UpsertSiteResult | undefined;
  /**
   * Reads a site's settings and writes `change`'s result in one transaction, so two instances
   * changing the same site at once (each adding its own origins at boot) do not undo each other.
   * `change` must not await; returning undefined writes nothing. False when the site is unknown or unchanged.
   */
  updateSite(key: string, change: (current: SiteSettings) => SiteSettingsInput | undefined): boolean;
  getSite(key: string): StoredSite | undefined;
  listSiteKeys(): string[];
  /** Whether any site lists this origin (a CORS preflight cannot know which site is meant). */
  isKnownOrigin(origin: string): boolean;
  /** The current secret key, or the one before it until its grace period ends (at `at`, exclusive). */
  verifySiteSecret(siteKey: string, secretKey: string, at: Date): boolean;
  /**
   * Makes a new server-to-server key for a site; returned once. The old key stays valid until
   * `graceUntil` (null: refused at once). A key older than that is never valid again.
   */
  rotateSiteSecret(siteKey: string, graceUntil: Date | null): string;
  /** Until when the site's previous secret key is still accepted, if it still is at `at`. */
  siteSecretGrace(siteKey: string, at: Date): string | null;

  /** Stores a served text once, by content. Returns its SHA-256 hex. */
  putNoticeText(text: string, lang: Lang): string;

  /**
   * Appends events to the site's chain. Calls made in the same tick are written in one
   * transaction (group commit); each event gets its own result and never fails another.
   */
  appendConsentEvents(items: NewConsentEvent[]): Promise<AppendResult[]>;
  /** Oldest first, with the exact text shown; includes cookie choices linked to the address. */
  findConsentsByEmail(email: string, site?: string): ConsentRecord[];
  countConsentEvents(site?: string): number;
  /** Checks the site's hash chain; with an anchor (an earlier head), also against that head. */
  verifyChain(site: string, anchor?: ChainAnchor): ChainCheck;

  /** Returns the new token once; only its SHA-256 is kept. */
  createAdminToken(label?: string): string;
  /** The first start's token: made only when there is none yet, also with instances starting at once. */
  createFirstAdminToken(label: string): string | undefined;
  verifyAdminToken(token: string): boolean;
  hasAdminToken(): boolean;

  /**
   * Problems found by a cheap check; an empty list means sound. SQLite: `PRAGMA integrity_check`.
   * PostgreSQL (which has no such check): schema version, the append-only and chain triggers, and
   * index validity (postgres/integrity.ts).
   */
  integrityCheck(): string[];
  /**
   * After a purge: make what was deleted unreadable in the database's files. SQLite (which runs
   * with `secure_delete`, so freed cells and pages are zeroed) checkpoints the WAL and truncates
   * it, since old page versions in the WAL still hold the deleted values. PostgreSQL vacuums the
   * tables a purge touches, so the dead row versions are reclaimed.
   */
  reclaimDeleted(): void;
  /** Waits for queued writes, then closes. */
  close(): Promise<void>;
}

/** `T` with every method returning a promise of what it returned (a promise stays one promise). */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * What routes, services, jobs and CLIs use. Backends: `openSqliteStore` (the embedded default)
 * and `openPostgresStore` (several instances on one database); `openStore` (./open.ts) picks one
 * from the configuration. Nothing about SQL leaks out.
 */
export type Store = Async<SyncStore>;
