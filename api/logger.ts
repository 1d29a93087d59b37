/**
 * A tiny structured logger: one JSON object per line. Callers pass named fields; by convention
 * (and checked by the API tests) no caller passes request bodies, contact data, query codes or
 * full client addresses.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Where lines go (default: standard output). Tests pass a function that collects them. */
  write?: (line: string) => void;
  clock?: () => Date;
}

/**
 * Creates a JSON-lines logger.
 *
 * @example createLogger({ level: 'info' }).info('request', { method: 'GET', path: '/api/counties', status: 200 })
 * // {"time":"2026-05-01T08:00:00.000Z","level":"info","event":"request","method":"GET",...}
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LOG_LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const at =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) => {
      if (LOG_LEVELS.indexOf(level) < min) return;
      const entry: LogFields = { time: clock().toISOString(), level, event };
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) entry[k] = v;
      write(JSON.stringify(entry));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Shortens a client address for logs so that one client's requests can be told apart without
 * recording who it is: IPv4 keeps three octets, IPv6 the first three groups.
 *
 * @example maskAddress('203.0.113.57') // '203.0.113.x'
 */
export function maskAddress(address: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+)\.\d+$/.exec(address);
  if (v4) return `${v4[1]}.x`;
  if (address.includes(':')) return `${address.split(':').slice(0, 3).join(':')}:x`;
  return 'unknown';
}
