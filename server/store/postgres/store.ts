import { hmacHex, randomToken, sha256Hex } from '../../util/crypto.ts';
import { normaliseEmail } from '../hashing.ts';
import { createGroupCommit } from '../group-commit.ts';
import { storageUnavailable } from '../rows/index.ts';
import type { AppendResult, NewConsentEvent, Store } from '../types.ts';
import { verifySiteChain } from './chain.ts';
import { createChatRepo } from './chat.ts';
import { connectPostgres, type Sql, type Tx } from './connect.ts';
import { findConsents } from './consents.ts';
import { createConsoleRepo } from './console/index.ts';
import { createTwoFactorRepo } from './two-factor.ts';
import type { PgContext } from './context.ts';
import { createGroupWriter, isRetryable } from './events.ts';
import { errorCode } from '../write-error.ts';
import { checkPostgres } from './integrity.ts';
import { migratePostgres } from './migrations.ts';
import { createRightsRepo } from './rights.ts';
import { resolvePgDataCipher, sealAllPg } from './sealing.ts';
import { resolvePgSecret } from './secret.ts';
import { createSiteRepo } from './sites.ts';
import { createWebhookRepo } from './webhooks.ts';
import { createDoubleOptInRepo } from './double-opt-in.ts';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/db` (or `postgresql://`). */
  url: string;
  /** HMAC key for email pseudonyms; as in the SQLite store. @default generated and kept in `meta` */
  secret?: string;
  /** AES-256-GCM key (32 bytes, base64) for chat and request details at rest. @default generated and kept in `meta` */
  dataKey?: string;
  /** Earlier data keys, still read; their values are sealed again with `dataKey` at open. @default [] */
  oldDataKeys?: string[];
  /** @default () => new Date() */
  clock?: () => Date;
  /** Called with the size of each group commit (tests, metrics). */
  onCommit?: (size: number) => void;
  /** Connections this instance may hold. @default 10 */
  poolSize?: number;
  /**
   * Told the code (SQLSTATE or SQLite's, never the message: it may quote personal data) when an
   * event or a whole group could not be stored for a reason other than a replay or conflict, so an
   * operator sees why browsers keep retrying. @default nothing
   */
  onWriteError?: (code: string) => void;
}

/** Single-key advisory lock for the first admin token (migrations and chains use other keys). */
const FIRST_TOKEN_LOCK = 0x5a4d_4154_4b31;

/** A group that hit a serialization failure or deadlock is tried this many times in all. */
const GROUP_ATTEMPTS = 4;

/**
 * Opens the store on PostgreSQL: migrates (safe when instances start at once), resolves the secret
 * and data key, seals stale values, and composes the repos. Consent events go through the same
 * group commit as SQLite's, one transaction in flight per instance.
 */
export async function openPostgresStore({ url, secret, dataKey, oldDataKeys = [], clock = () => new Date(), onCommit, poolSize = 10, onWriteError }: PostgresStoreOptions): Promise<Store> {
  const sql = connectPostgres(url, { max: poolSize });
  let ctx: PgContext;
  try {
    await migratePostgres(sql, clock);
    const hmacKey = await resolvePgSecret(sql, secret, clock);
    const emailHash = (email: string) => hmacHex(hmacKey, normaliseEmail(email));
    const { cipher, storedKeyId } = await resolvePgDataCipher(sql, dataKey, oldDataKeys, clock);
    // Rows from before encryption, or sealed with a key since rotated, are sealed with the current key now.
    await sealAllPg(sql, cipher, emailHash, storedKeyId);
    ctx = { sql, hmacKey, clock, cipher, emailHash };
  } catch (error) {
    await sql.end({ timeout: 5 });
    throw error;
  }

  const writeGroup = createGroupWriter({ ...ctx, onWriteError });
  const group = createGroupCommit<NewConsentEvent, AppendResult>({
    async commit(items) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await writeGroup(sql, items);
        } catch (error) {
          if (!isRetryable(error) || attempt >= GROUP_ATTEMPTS) {
            onWriteError?.(errorCode(error));
            throw error;
          }
        }
      }
    },
    failed: (item) => storageUnavailable(item.event.id),
    onCommit,
  });
  const textKnown = new Set<string>();
  let closed = false;
  const hasAdminToken = async (q: Sql | Tx) => (await q`SELECT 1 FROM admin_tokens LIMIT 1`).length > 0;
  const insertAdminToken = async (q: Sql | Tx, label: string | null) => {
    const token = randomToken('at_');
    await q`INSERT INTO admin_tokens (hash, label, created_at) VALUES (${sha256Hex(token)}, ${label}, ${clock().toISOString()})`;
    return token;
  };

  return {
    ...createChatRepo(ctx),
    ...createRightsRepo(ctx),
    ...createConsoleRepo(ctx),
    ...createTwoFactorRepo(ctx),
    ...createSiteRepo(ctx),
    ...createWebhookRepo(ctx),
    ...createDoubleOptInRepo(ctx),

    async putNoticeText(text, lang) {
      const hash = sha256Hex(text);
      // Served on every config request: skip the write once this process has stored the text.
      if (!textKnown.has(hash)) {
        await sql`INSERT INTO notice_texts (hash, text, lang, created_at) VALUES (${hash}, ${text}, ${lang}, ${clock().toISOString()}) ON CONFLICT (hash) DO NOTHING`;
        textKnown.add(hash);
      }
      return hash;
    },

    appendConsentEvents(items) {
      if (closed) return Promise.reject(new Error('The store is closed'));
      return group.submit(items);
    },
    findConsentsByEmail: (email, site) => findConsents(sql, ctx.emailHash(email), site),
    async countConsentEvents(site) {
      const [row] = site === undefined
        ? await sql<{ n: number }[]>`SELECT count(*)::integer AS n FROM consent_events`
        : await sql<{ n: number }[]>`SELECT count(*)::integer AS n FROM consent_events WHERE site = ${site}`;
      return row!.n;
    },
    verifyChain: (site, anchor) => verifySiteChain(sql, site, anchor),

    createAdminToken: (label) => insertAdminToken(sql, label ?? null),
    createFirstAdminToken(label) {
      return sql.begin(async (tx) => {
        // Instances making their first start together queue here; only the first finds no token.
        await tx`SELECT pg_advisory_xact_lock(${FIRST_TOKEN_LOCK})`;
        return (await hasAdminToken(tx)) ? undefined : insertAdminToken(tx, label);
      });
    },
    async verifyAdminToken(token) {
      return !!token && (await sql`SELECT 1 FROM admin_tokens WHERE hash = ${sha256Hex(token)}`).length > 0;
    },
    hasAdminToken: () => hasAdminToken(sql),

    integrityCheck: () => checkPostgres(sql),
    async reclaimDeleted() {
      // request_events too: the purge blanks the data of an erased person's corrections there.
      await sql`VACUUM subjects, conversations, messages, requests, request_events, request_exports`;
    },
    async close() {
      if (closed) return;
      closed = true;
      await group.drain();
      await sql.end({ timeout: 5 });
    },
  };
}
