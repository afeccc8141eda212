import type Database from 'better-sqlite3';
import { SiteSettings, type SiteSettingsInput } from '../../../protocol/index.ts';
import { randomToken, sha256Hex } from '../../util/crypto.ts';
import { secretMatches, toStoredSite } from '../rows/index.ts';
import type { StoredSite, UpsertSiteResult } from '../types.ts';
import { watchOtherCommits } from './other-commits.ts';

interface SiteRow {
  key: string;
  settings: string;
  secret_hash: string;
  old_secret_hash: string | null;
  old_secret_until: string | null;
  created_at: string;
  updated_at: string;
}

/** Site registry: settings as validated JSON, origins in their own table so lookups use an index. */
export function createSiteRepo(db: Database.Database, now: () => Date) {
  const get = db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE key = ?');
  const insert = db.prepare('INSERT INTO sites (key, settings, secret_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE sites SET settings = ?, updated_at = ? WHERE key = ?');
  // The key being replaced keeps its hash for the grace period; one before it is dropped.
  const setSecret = db.prepare('UPDATE sites SET old_secret_hash = secret_hash, old_secret_until = ?, secret_hash = ? WHERE key = ?');
  const clearOrigins = db.prepare('DELETE FROM site_origins WHERE site = ?');
  const addOrigin = db.prepare('INSERT OR IGNORE INTO site_origins (site, origin) VALUES (?, ?)');
  const knownOrigin = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM site_origins WHERE origin = ? LIMIT 1');
  const keys = db.prepare<[], { key: string }>('SELECT key FROM sites ORDER BY key');
  const cache = createSiteCache(db);

  const upsert = db.transaction((input: SiteSettingsInput): UpsertSiteResult => {
    // Parsed here too, so no caller can store settings the config route would choke on later.
    const settings = SiteSettings.parse(input);
    const at = now().toISOString();
    const existing = get.get(settings.key);
    let secretKey: string | undefined;
    if (existing) {
      update.run(JSON.stringify(settings), at, settings.key);
    } else {
      secretKey = randomToken('sk_');
      insert.run(settings.key, JSON.stringify(settings), sha256Hex(secretKey), at, at);
    }
    clearOrigins.run(settings.key);
    for (const origin of settings.origins) addOrigin.run(settings.key, origin);
    return secretKey ? { created: true, secretKey } : { created: false };
  });

  const changeSite = db.transaction((key: string, change: (current: SiteSettings) => SiteSettingsInput | undefined): boolean => {
    const row = get.get(key);
    const next = row && change(toStoredSite(row).settings);
    if (!next) return false;
    if (next.key !== key) throw new Error('updateSite cannot change a site\'s key');
    upsert(next);
    return true;
  });

  const create = db.transaction((input: SiteSettingsInput): UpsertSiteResult | undefined => (get.get(input.key) ? undefined : upsert(input)));

  return {
    upsert: (input: SiteSettingsInput) => cache.writing(() => upsert.immediate(input)),
    create: (input: SiteSettingsInput) => cache.writing(() => create.immediate(input)),
    update: (key: string, fn: (current: SiteSettings) => SiteSettingsInput | undefined) => cache.writing(() => changeSite.immediate(key, fn)),
    get(key: string): StoredSite | undefined {
      return cache.get(key, () => {
        const row = get.get(key);
        return row && toStoredSite(row);
      });
    },
    keys: () => keys.all().map((r) => r.key),
    isKnownOrigin: (origin: string) => knownOrigin.get(origin) !== undefined,
    verifySecret(key: string, secretKey: string, at: Date): boolean {
      const row = get.get(key);
      return !!row && secretMatches(row, sha256Hex(secretKey), at);
    },
    rotateSecret(key: string, graceUntil: Date | null): string {
      const secretKey = randomToken('sk_');
      if (setSecret.run(graceUntil?.toISOString() ?? null, sha256Hex(secretKey), key).changes !== 1) throw new Error(`No site with key ${key}`);
      return secretKey;
    },
    secretGrace(key: string, at: Date): string | null {
      const row = get.get(key);
      return row?.old_secret_hash && row.old_secret_until && at.toISOString() < row.old_secret_until ? row.old_secret_until : null;
    },
  };
}

const MAX_CACHED_SITES = 1000;

/**
 * Sites as last read, for the read on every consent write and config request (reading and
 * matching the settings' few kilobytes of JSON was about 5 % of a write's CPU). `PRAGMA
 * data_version` changes whenever another connection, here or in another process (the admin CLI),
 * has committed, and then everything is read again; this connection's own site writes clear the
 * cache themselves. Unknown keys are never kept, so a flood of made-up keys cannot fill it.
 */
function createSiteCache(db: Database.Database) {
  const otherCommitted = watchOtherCommits(db);
  const sites = new Map<string, StoredSite>();
  return {
    get(key: string, read: () => StoredSite | undefined): StoredSite | undefined {
      if (otherCommitted()) sites.clear();
      let site = sites.get(key);
      if (!site) {
        site = read();
        if (!site) return undefined;
        if (sites.size >= MAX_CACHED_SITES) sites.delete(sites.keys().next().value!);
        sites.set(key, site);
      }
      return site;
    },
    writing<T>(write: () => T): T {
      try {
        return write();
      } finally {
        sites.clear();
      }
    },
  };
}
