import { SiteSettings, type SiteSettingsInput } from '../../../protocol/index.ts';
import { randomToken, sha256Hex } from '../../util/crypto.ts';
import { toStoredSite, type SiteRow } from '../rows/index.ts';
import type { Async, SyncStore } from '../types.ts';
import type { PgContext } from './context.ts';

type SiteMethods = Async<Pick<SyncStore, 'upsertSite' | 'getSite' | 'listSiteKeys' | 'isKnownOrigin' | 'verifySiteSecret' | 'rotateSiteSecret'>>;

/** Port of sqlite/sites.ts: settings as validated JSON text, origins in their own table. */
export function createSiteRepo({ sql, clock }: PgContext): SiteMethods {
  const secretHash = async (key: string) => (await sql<{ secret_hash: string }[]>`SELECT secret_hash FROM sites WHERE key = ${key}`)[0]?.secret_hash;
  return {
    upsertSite(input: SiteSettingsInput) {
      // Parsed here too, so no caller can store settings the config route would choke on later.
      const settings = SiteSettings.parse(input);
      const json = JSON.stringify(settings);
      return sql.begin(async (tx) => {
        const at = clock().toISOString();
        const secretKey = randomToken('sk_');
        // Two instances registering the same site at boot: the second waits for the first's row, then updates it.
        const inserted = await tx`INSERT INTO sites (key, settings, secret_hash, created_at, updated_at)
          VALUES (${settings.key}, ${json}, ${sha256Hex(secretKey)}, ${at}, ${at}) ON CONFLICT (key) DO NOTHING RETURNING key`;
        // The UPDATE locks the row, so the origins below are replaced by one writer at a time.
        if (!inserted.length) await tx`UPDATE sites SET settings = ${json}, updated_at = ${at} WHERE key = ${settings.key}`;
        await tx`DELETE FROM site_origins WHERE site = ${settings.key}`;
        if (settings.origins.length) {
          await tx`INSERT INTO site_origins ${tx(settings.origins.map((origin) => ({ site: settings.key, origin })))} ON CONFLICT DO NOTHING`;
        }
        return inserted.length ? { created: true, secretKey } : { created: false };
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
    async verifySiteSecret(key, secretKey) {
      const stored = await secretHash(key);
      return !!stored && stored === sha256Hex(secretKey);
    },
    async rotateSiteSecret(key) {
      const secretKey = randomToken('sk_');
      const { count } = await sql`UPDATE sites SET secret_hash = ${sha256Hex(secretKey)} WHERE key = ${key}`;
      if (count !== 1) throw new Error(`No site with key ${key}`);
      return secretKey;
    },
  };
}
