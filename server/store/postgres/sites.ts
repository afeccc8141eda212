import { SiteSettings, type SiteSettingsInput } from '../../../protocol/index.ts';
import { randomToken, sha256Hex } from '../../util/crypto.ts';
import { secretMatches, toStoredSite, type SiteRow } from '../rows/index.ts';
import type { Async, SyncStore, UpsertSiteResult } from '../types.ts';
import type { Tx } from './connect.ts';
import type { PgContext } from './context.ts';

type SiteMethods = Async<Pick<SyncStore, 'upsertSite' | 'createSite' | 'updateSite' | 'getSite' | 'listSiteKeys' | 'isKnownOrigin' | 'verifySiteSecret' | 'rotateSiteSecret' | 'siteSecretGrace'>>;

async function writeOrigins(tx: Tx, settings: SiteSettings) {
  await tx`DELETE FROM site_origins WHERE site = ${settings.key}`;
  if (settings.origins.length) {
    await tx`INSERT INTO site_origins ${tx(settings.origins.map((origin) => ({ site: settings.key, origin })))} ON CONFLICT DO NOTHING`;
  }
}

async function writeSettings(tx: Tx, settings: SiteSettings, at: string) {
  await tx`UPDATE sites SET settings = ${JSON.stringify(settings)}, updated_at = ${at} WHERE key = ${settings.key}`;
  await writeOrigins(tx, settings);
}

/** Port of sqlite/sites.ts: settings as validated JSON text, origins in their own table. */
export function createSiteRepo({ sql, clock }: PgContext): SiteMethods {
  /** Inserts the site, or (with `replace`) updates it when its key exists; null when it existed and was left. */
  function write(input: SiteSettingsInput, replace: true): Promise<UpsertSiteResult>;
  function write(input: SiteSettingsInput, replace: false): Promise<UpsertSiteResult | null>;
  function write(input: SiteSettingsInput, replace: boolean): Promise<UpsertSiteResult | null> {
    // Parsed here too, so no caller can store settings the config route would choke on later.
    const settings = SiteSettings.parse(input);
    return sql.begin(async (tx) => {
      const at = clock().toISOString();
      const secretKey = randomToken('sk_');
      // Two instances registering the same site at boot: the second waits for the first's row, then updates it.
      const inserted = await tx`INSERT INTO sites (key, settings, secret_hash, created_at, updated_at)
        VALUES (${settings.key}, ${JSON.stringify(settings)}, ${sha256Hex(secretKey)}, ${at}, ${at}) ON CONFLICT (key) DO NOTHING RETURNING key`;
      if (inserted.length) {
        await writeOrigins(tx, settings);
        return { created: true, secretKey };
      }
      if (!replace) return null;
      // The UPDATE locks the row, so the origins are replaced by one writer at a time.
      await writeSettings(tx, settings, at);
      return { created: false };
    });
  }
  const secrets = async (key: string) =>
    (await sql<{ secret_hash: string; old_secret_hash: string | null; old_secret_until: string | null }[]>`SELECT secret_hash, old_secret_hash, old_secret_until FROM sites WHERE key = ${key}`)[0];
  return {
    upsertSite: (input: SiteSettingsInput) => write(input, true),
    createSite: async (input: SiteSettingsInput) => (await write(input, false)) ?? undefined,
    updateSite(key, change) {
      return sql.begin(async (tx) => {
        // FOR UPDATE: a second instance changing the same site waits here and then reads our result.
        const [row] = await tx<SiteRow[]>`SELECT settings, created_at, updated_at FROM sites WHERE key = ${key} FOR UPDATE`;
        const next = row && change(toStoredSite(row).settings);
        if (!next) return false;
        const settings = SiteSettings.parse(next);
        if (settings.key !== key) throw new Error("updateSite cannot change a site's key");
        await writeSettings(tx, settings, clock().toISOString());
        return true;
      });
    },
    async getSite(key) {
      const [row] = await sql<SiteRow[]>`SELECT settings, created_at, updated_at FROM sites WHERE key = ${key}`;
      return row && toStoredSite(row);
    },
    async listSiteKeys() {
      return (await sql<{ key: string }[]>`SELECT key FROM sites ORDER BY key COLLATE "C"`).map((r) => r.key);
    },
    async isKnownOrigin(origin) {
      return (await sql`SELECT 1 FROM site_origins WHERE origin = ${origin} LIMIT 1`).length > 0;
    },
    async verifySiteSecret(key, secretKey, at) {
      const row = await secrets(key);
      return !!row && secretMatches(row, sha256Hex(secretKey), at);
    },
    async rotateSiteSecret(key, graceUntil) {
      const secretKey = randomToken('sk_');
      // The key being replaced keeps its hash for the grace period; one before it is dropped.
      const { count } = await sql`
        UPDATE sites SET old_secret_hash = secret_hash, old_secret_until = ${graceUntil?.toISOString() ?? null}, secret_hash = ${sha256Hex(secretKey)} WHERE key = ${key}`;
      if (count !== 1) throw new Error(`No site with key ${key}`);
      return secretKey;
    },
    async siteSecretGrace(key, at) {
      const row = await secrets(key);
      return row?.old_secret_hash && row.old_secret_until && at.toISOString() < row.old_secret_until ? row.old_secret_until : null;
    },
  };
}
