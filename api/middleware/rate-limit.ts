import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';

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
 * throws `rate_limited` (429) with Retry-After in seconds until the client's window ends.
 *
 * @example app.post('/api/reports', rateLimit({ limit: 10, windowMs: 600_000, key: (c) => clientAddress(c, false) }), …)
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { limit, windowMs, key } = options;
  const clock = options.clock ?? (() => new Date());
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = new Map<string, { resetAt: number; count: number }>();

  return async function rateLimit(c, next) {
    const now = clock().getTime();
    const k = key(c);
    let w = windows.get(k);
    if (!w || w.resetAt <= now) {
      if (!w && windows.size >= maxKeys) {
        for (const [old, ow] of windows) if (ow.resetAt <= now) windows.delete(old);
        // Still full of live windows (a flood of distinct addresses): forget the oldest rather than grow.
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      }
      w = { resetAt: now + windowMs, count: 0 };
      windows.set(k, w);
    }
    w.count++;
    if (w.count > limit) {
      const seconds = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
      throw new ApiError('rate_limited', { params: { seconds }, headers: { 'Retry-After': String(seconds) } });
    }
    await next();
  };
}
