import type { ServerConfig } from './env.ts';
import type { Logger } from './log.ts';
import { chatLimits, type ChatDeps } from './services/chat-deps.ts';
import { createPostgresBus } from './services/live/index.ts';
import { createPostgresRateLimiter } from './services/rate-limit-postgres.ts';
import type { Store } from './store/index.ts';
import { connectPostgres } from './store/postgres/connect.ts';

export interface ClusterDeps {
  /** Bus and limits for the chat; empty on SQLite, where the in-process defaults are right. */
  chat: Partial<ChatDeps>;
  close(): Promise<void>;
}

/**
 * What several instances on one PostgreSQL must share beyond the store: the chat's live delivery
 * (LISTEN/NOTIFY) and its rate limits. With SQLite there is one process, and both stay in memory.
 */
export async function clusterDeps(config: Pick<ServerConfig, 'databaseUrl'>, store: Store, { clock, log }: { clock: () => Date; log: Logger }): Promise<ClusterDeps> {
  if (!config.databaseUrl) return { chat: {}, close: async () => undefined };
  const sql = connectPostgres(config.databaseUrl, { max: 4, applicationName: 'samtykke-live' });
  try {
    const bus = await createPostgresBus({ sql, store, clock, log });
    const limits = chatLimits((name, limit, windowMs) => createPostgresRateLimiter({ sql, name, limit, windowMs, clock }));
    return {
      chat: { bus, limits },
      async close() {
        await bus.close();
        await sql.end({ timeout: 5 });
      },
    };
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
}
