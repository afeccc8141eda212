/** @module The PostgreSQL Store: several instances on one database, group commit, one chain per site. */
export { openPostgresStore, type PostgresStoreOptions } from './store.ts';
export { connectPostgres, type PostgresClientOptions, type Sql } from './connect.ts';
export { migratePostgres, POSTGRES_SCHEMA_VERSION } from './migrations.ts';
