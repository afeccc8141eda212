/**
 * The server's logger. Fields must never hold personal data (emails, IP addresses, user agents,
 * page URLs): invariant 4. Log ids, counts, codes and route names.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line on stdout/stderr, so a log shipper can parse it. */
export function createConsoleLogger(): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  return {
    info: (m, f) => console.log(line('info', m, f)),
    warn: (m, f) => console.warn(line('warn', m, f)),
    error: (m, f) => console.error(line('error', m, f)),
  };
}

/** Drops everything; for tests. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
