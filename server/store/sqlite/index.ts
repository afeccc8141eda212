/** @module The SQLite Store: one file, WAL, synchronous=FULL, group commit, append-only consent events. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { hmacHex, randomToken, sha256Hex } from '../../util/crypto.ts';
import type { AppendResult, NewConsentEvent, Store, SyncStore } from '../types.ts';
import { verifySiteChain } from './chain.ts';
import { createConsentQuery } from './consents.ts';
import { createConsoleRepo } from './console/index.ts';
import { createTwoFactorRepo } from './two-factor.ts';
import { createEventWriter } from './events.ts';
import { errorCode } from '../write-error.ts';
import { normaliseEmail } from '../hashing.ts';
import { createGroupCommit } from '../group-commit.ts';
import { storageUnavailable } from '../rows/index.ts';
import { migrate } from './migrations.ts';
import { createSiteRepo } from './sites.ts';
import { createChatRepo } from './chat.ts';
import { createRightsRepo } from './rights.ts';
import { preparePrivateFile } from './private-file.ts';
import { resolveDataCipher, sealAll } from './sealing.ts';
import { createWebhookRepo } from './webhooks.ts';
import { createDoubleOptInRepo } from './double-opt-in.ts';

export interface SqliteStoreOptions {
  /** File path; its folder is created if missing. */
  path: string;
  /**
   * HMAC key for email pseudonyms. When absent, one is generated on first open and kept in `meta`.
   * @default generated and persisted
   */
  secret?: string;
  /**
   * AES-256-GCM key (32 bytes, base64) for chat messages and request details at rest. When absent,
   * one is generated on first open and kept in `meta` (development only).
   * @default generated and persisted
   */
  dataKey?: string;
  /** Earlier data keys: they still open old values, which are sealed again with `dataKey` at open. @default [] */
  oldDataKeys?: string[];
  /** @default () => new Date() */
  clock?: () => Date;
  /** @default 5000 */
  busyTimeoutMs?: number;
  /** Called with the size of each group commit (tests, metrics). */
  onCommit?: (size: number) => void;
  /**
   * Under steady load a group commit starts at least this long after the previous one ended, so
   * more writes share each fsync; a write after a quiet spell is committed at once. At 1,000
   * writes/s this is at most 100 fsyncs a second instead of about 300, and on the benchmark's
   * two-core VM, where every fsync stalls everything else on it for a moment, the p99 at that
   * rate stayed under 40 ms where it often went past 100 ms. @default 10
   */
  commitIntervalMs?: number;
  /**
   * Told the code (SQLSTATE or SQLite's, never the message: it may quote personal data) when an
   * event or a whole group could not be stored for a reason other than a replay or conflict, so an
   * operator sees why browsers keep retrying. @default nothing
   */
  onWriteError?: (code: string) => void;
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  return asAsync(openSqliteSyncStore(options));
}

/**
 * The same store with its synchronous methods: for code that must run several calls with no
 * other request in between (a one-off CLI, a test of SQLite itself). Everything else takes `Store`.
 */
export function openSqliteSyncStore({ path: file, secret, dataKey, oldDataKeys = [], clock = () => new Date(), busyTimeoutMs = 5000, onCommit, onWriteError, commitIntervalMs = 10 }: SqliteStoreOptions): SyncStore {
  if (file !== ':memory:') preparePrivateFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // Records are evidence: an acknowledged commit must survive a power cut (WAL defaults to NORMAL).
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.pragma('foreign_keys = ON');
    // Erased means erased: a deleted or overwritten value is zeroed in the file, not left in a free page.
    db.pragma('secure_delete = ON');
    migrate(db, clock);
  } catch (error) {
    db.close();
    throw error;
  }
  let hmacKey: string;
  let cipher: ReturnType<typeof resolveDataCipher>['cipher'];
  const emailHash = (email: string) => hmacHex(hmacKey, normaliseEmail(email));
  try {
    hmacKey = resolveSecret(db, secret, clock);
    const resolved = resolveDataCipher(db, dataKey, oldDataKeys, clock);
    cipher = resolved.cipher;
    // Rows from before encryption, or sealed with a key since rotated, are sealed with the current key now.
    sealAll(db, cipher, emailHash, resolved.storedKeyId);
  } catch (error) {
    db.close();
    throw error;
  }
  const sites = createSiteRepo(db, clock);
  const writeEvents = createEventWriter(db, hmacKey, onWriteError);
  const findConsents = createConsentQuery(db);
  const textKnown = new Set<string>();
  const putText = db.prepare('INSERT OR IGNORE INTO notice_texts (hash, text, lang, created_at) VALUES (?, ?, ?, ?)');
  const group = createGroupCommit<NewConsentEvent, AppendResult>({
    commit(items) {
      try {
        return writeEvents(items);
      } catch (error) {
        // The whole group failed (busy, disk full): told once, then each item answers for itself.
        onWriteError?.(errorCode(error));
        throw error;
      }
    },
    failed: (item) => storageUnavailable(item.event.id),
    onCommit,
    minIntervalMs: commitIntervalMs,
  });
  let closed = false;
  const hasAdminToken = () => db.prepare('SELECT 1 FROM admin_tokens LIMIT 1').get() !== undefined;
  const insertAdminToken = (label: string | null) => {
    const token = randomToken('at_');
    db.prepare('INSERT INTO admin_tokens (hash, label, created_at) VALUES (?, ?, ?)').run(sha256Hex(token), label, clock().toISOString());
    return token;
  };

  return {
    ...createChatRepo(db, clock, cipher, emailHash),
    ...createRightsRepo(db, hmacKey, cipher, emailHash),
    upsertSite: (settings) => sites.upsert(settings),
    updateSite: (key, change) => sites.update(key, change),
    createSite: (settings) => sites.create(settings),
    getSite: (key) => sites.get(key),
    listSiteKeys: () => sites.keys(),
    isKnownOrigin: (origin) => sites.isKnownOrigin(origin),
    verifySiteSecret: (key, secretKey, at) => sites.verifySecret(key, secretKey, at),
    rotateSiteSecret: (key, graceUntil) => sites.rotateSecret(key, graceUntil),
    siteSecretGrace: (key, at) => sites.secretGrace(key, at),

    putNoticeText(text, lang) {
      const hash = sha256Hex(text);
      // Served on every config request: skip the write once this process has stored the text.
      if (!textKnown.has(hash)) {
        putText.run(hash, text, lang, clock().toISOString());
        textKnown.add(hash);
      }
      return hash;
    },

    appendConsentEvents(items) {
      if (closed) return Promise.reject(new Error('The store is closed'));
      return group.submit(items);
    },
    findConsentsByEmail: (email, site) => findConsents(hmacHex(hmacKey, normaliseEmail(email)), site),
    countConsentEvents(site) {
      const row = site === undefined
        ? db.prepare('SELECT COUNT(*) AS n FROM consent_events').get()
        : db.prepare('SELECT COUNT(*) AS n FROM consent_events WHERE site = ?').get(site);
      return (row as { n: number }).n;
    },
    verifyChain: (site, anchor) => verifySiteChain(db, site, anchor),
    ...createConsoleRepo(db, hmacKey, clock, cipher, emailHash),
    ...createWebhookRepo(db, cipher),
    ...createDoubleOptInRepo(db),
    ...createTwoFactorRepo(db, cipher),

    createAdminToken: (label) => insertAdminToken(label ?? null),
    createFirstAdminToken: (label) => db.transaction(() => (hasAdminToken() ? undefined : insertAdminToken(label))).immediate(),
    verifyAdminToken: (token) => !!token && db.prepare('SELECT 1 FROM admin_tokens WHERE hash = ?').get(sha256Hex(token)) !== undefined,
    hasAdminToken,

    reclaimDeleted() {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    integrityCheck() {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    },
    async close() {
      if (closed) return;
      closed = true;
      await group.drain();
      db.close();
    },
  };
}

/** Every method returns a promise; a synchronous throw becomes a rejection, as a network backend's would. */
function asAsync(store: SyncStore): Store {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store)) {
    wrapped[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve((method as (...a: unknown[]) => unknown)(...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return wrapped as unknown as Store;
}

/**
 * The HMAC key must never change under existing data: every stored email hash, and so every
 * lookup and replay check, depends on it. A fingerprint in `meta` catches a changed key at boot.
 */
function resolveSecret(db: Database.Database, given: string | undefined, clock: () => Date): string {
  const get = (key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const set = (key: string, value: string) => db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  return db.transaction(() => {
    const secret = given ?? get('secret') ?? randomToken('');
    const fingerprint = hmacHex(secret, 'samtykke:fingerprint');
    const stored = get('secret_fingerprint');
    if (stored && stored !== fingerprint) {
      throw new Error(
        'SAMTYKKE_SECRET differs from the secret this database was created with; stored email hashes would no longer match. ' +
          'Use the original secret (or unset SAMTYKKE_SECRET if it was generated and kept in the database).',
      );
    }
    if (!stored) set('secret_fingerprint', fingerprint);
    if (!given && !get('secret')) {
      set('secret', secret);
      set('secret_created_at', clock().toISOString());
    }
    return secret;
  }).immediate();
}
