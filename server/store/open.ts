import type { ServerConfig } from '../env.ts';
import type { Logger } from '../log.ts';
import { openPostgresStore } from './postgres/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

export type StoreConfig = Pick<ServerConfig, 'databasePath' | 'databaseUrl' | 'secret' | 'dataKey' | 'oldDataKeys'>;

export interface OpenStoreOptions {
  /** @default () => new Date() */
  clock?: () => Date;
  /** Told which backend was opened (never the password). @default silent */
  log?: Logger;
}

/**
 * The backend the configuration asks for: PostgreSQL when `DATABASE_URL` is set (several instances
 * on one database), otherwise the SQLite file at `DATABASE_PATH` (one instance).
 */
export async function openStore(config: StoreConfig, { clock = () => new Date(), log }: OpenStoreOptions = {}): Promise<Store> {
  const keys = {
    secret: config.secret,
    dataKey: config.dataKey,
    oldDataKeys: config.oldDataKeys ?? [],
    clock,
    onWriteError: (code: string) => log?.error('consent event not stored', { code }),
  };
  if (config.databaseUrl) {
    const store = await openPostgresStore({ url: config.databaseUrl, ...keys });
    log?.info('store', { backend: 'postgres', database: describePostgresUrl(config.databaseUrl) });
    return store;
  }
  const store = openSqliteStore({ path: config.databasePath, ...keys });
  log?.info('store', { backend: 'sqlite', path: config.databasePath });
  return store;
}

/** `host:port/database` for logs: the user and password stay out. */
export function describePostgresUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}
