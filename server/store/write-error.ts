/** The code of a database error (SQLSTATE, SQLite's `SQLITE_…`), or its class name when it has none. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : ((error as Error | null)?.name ?? 'unknown');
}
