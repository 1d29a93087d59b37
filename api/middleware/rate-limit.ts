import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { fixedWindows } from './windows.ts';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
  /** The client key, usually its address. */
  key: (c: Context) => string;
  clock?: () => Date;
  /** Upper bound on tracked clients; expired windows are swept when it is reached. */
  maxKeys?: number;
}

/**
 * A fixed-window rate limiter held in memory (one process serves the portal). Over the limit it
 * throws `rate_limited` (429) with Retry-After in seconds until the client's window ends. Citizen
 * submissions use ./citizen-limit.ts instead (a budget per device under a per-address ceiling).
 *
 * @example app.get('/api/reports/:n', rateLimit({ limit: 60, windowMs: 60_000, key: (c) => clientAddress(c, false) }), …)
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { limit, key } = options;
  const clock = options.clock ?? (() => new Date());
  const windows = fixedWindows(options.windowMs, options.maxKeys);

  return async function rateLimit(c, next) {
    const now = clock().getTime();
    const k = key(c);
    if (windows.hit(k, now) > limit) {
      const seconds = windows.secondsLeft(k, now);
      throw new ApiError('rate_limited', { params: { seconds }, headers: { 'Retry-After': String(seconds) } });
    }
    await next();
  };
}
