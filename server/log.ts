/**
 * The server's logger. Fields must never hold personal data (emails, IP addresses, user agents,
 * page URLs): invariant 4. Log ids, counts, codes and route names.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * One JSON object per line on stdout/stderr, so a log shipper can parse it. Info lines of one turn
 * of the event loop go out in one write: stdout to a pipe or file is a synchronous write per call
 * on Linux, and a line per consent write cost as much CPU as its SQLite statements. Warnings and
 * errors go out at once, after the info lines before them; what is pending is written on exit.
 */
export function createConsoleLogger(): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`;
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const text = pending;
    pending = '';
    process.stdout.write(text);
  };
  process.on('exit', flush);
  return {
    info: (m, f) => {
      if (!pending) setImmediate(flush);
      pending += line('info', m, f);
    },
    warn: (m, f) => {
      flush();
      process.stderr.write(line('warn', m, f));
    },
    error: (m, f) => {
      flush();
      process.stderr.write(line('error', m, f));
    },
  };
}

/** Drops everything; for tests. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
