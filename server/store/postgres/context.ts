import type { DataCipher } from '../../util/data-cipher.ts';
import type { Sql } from './connect.ts';

/** What every part of the PostgreSQL store is built from; `openPostgresStore` makes it once. */
export interface PgContext {
  sql: Sql;
  /** HMAC key for email pseudonyms (the same role as in the SQLite store). */
  hmacKey: string;
  clock: () => Date;
  /** Seals chat messages and request details at rest. */
  cipher: DataCipher;
  /** `hmac(hmacKey, normaliseEmail(email))`: the lookup hash of an address. */
  emailHash: (email: string) => string;
}
