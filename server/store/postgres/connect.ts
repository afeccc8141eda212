import postgres from 'postgres';

export interface PostgresClientOptions {
  /** Pool size. Each instance holds at most this many connections. @default 10 */
  max?: number;
  /** Seconds before an idle connection is closed, so a quiet instance gives its slots back. @default 30 */
  idleTimeout?: number;
  /** Seconds to wait for a connection before the query fails. @default 10 */
  connectTimeout?: number;
  /** Shown in `pg_stat_activity`, to tell instances and tools apart. @default 'samtykke' */
  applicationName?: string;
}

/**
 * `bigint` (int8) columns come back as JS numbers. postgres.js returns them as strings by default,
 * but `seq` and `subject_id` are hashed into the consent chain as numbers (see sqlite/chain.ts), so
 * a string would change every hash. 2^53 ids are out of reach; past it we fail rather than round.
 */
const bigintAsNumber: postgres.PostgresType<number> = {
  to: 20,
  from: [20],
  serialize: (value: number) => String(value),
  parse(raw: string): number {
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${raw} does not fit a JavaScript number`);
    return n;
  },
};

const types = { bigint: bigintAsNumber };

export type Sql = postgres.Sql<{ bigint: number }>;
/** The same client inside `sql.begin(…)`. */
export type Tx = postgres.TransactionSql<{ bigint: number }>;

/** Opens a pooled client for `postgres://…`; nothing connects until the first query. */
export function connectPostgres(url: string, { max = 10, idleTimeout = 30, connectTimeout = 10, applicationName = 'samtykke' }: PostgresClientOptions = {}): Sql {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  return postgres(url, {
    max,
    idle_timeout: idleTimeout,
    connect_timeout: connectTimeout,
    // Migrations use IF NOT EXISTS and the like; their NOTICEs would otherwise go to stdout.
    onnotice: () => {},
    connection: { application_name: applicationName },
    types,
  }) as Sql;
}
