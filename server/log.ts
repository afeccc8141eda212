import type { LogLevel } from './env.ts';
import { currentRequestId } from './request-context.ts';

/**
 * The server's logger. Fields must never hold personal data (emails, IP addresses, user agents,
 * page URLs): invariant 4. Log ids, counts, codes and route names.
 */
export interface Logger {
  /** Written only with LOG_LEVEL=debug. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ConsoleLoggerOptions {
  /** Lines less severe than this are dropped. @default 'info' */
  level?: LogLevel;
  /** The request a line is written under, added as `requestId`. @default the Node adapter's request scope */
  requestId?: () => string | undefined;
}

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * One JSON object per line on stdout/stderr, so a log shipper can parse it. A line written while a
 * request is handled carries its `requestId`, the one in the answer's `X-Request-Id` header and
 * error body. Info lines of one turn of the event loop go out in one write: stdout to a pipe or file is a synchronous write per call
 * on Linux, and a line per consent write cost as much CPU as its SQLite statements. Warnings and
 * errors go out at once, after the info lines before them; what is pending is written on exit.
 */
export function createConsoleLogger({ level = 'info', requestId = currentRequestId }: ConsoleLoggerOptions = {}): Logger {
  const line = (severity: string, message: string, fields?: Record<string, unknown>) => {
    const id = requestId();
    return `${JSON.stringify({ time: new Date().toISOString(), level: severity, message, ...(id ? { requestId: id } : {}), ...fields })}\n`;
  };
  const writes = (l: LogLevel) => SEVERITY[l] >= SEVERITY[level];
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const text = pending;
    pending = '';
    process.stdout.write(text);
  };
  process.on('exit', flush);
  const buffered = (severity: 'debug' | 'info') => (m: string, f?: Record<string, unknown>) => {
    if (!writes(severity)) return;
    if (!pending) setImmediate(flush);
    pending += line(severity, m, f);
  };
  return {
    debug: buffered('debug'),
    info: buffered('info'),
    warn: (m, f) => {
      if (!writes('warn')) return;
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
