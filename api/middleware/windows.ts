/**
 * Fixed-window counters held in memory (one process serves the portal), shared by the rate
 * limiters: a count per key that starts afresh `windowMs` after the key's first hit in the window.
 * At most `maxKeys` keys are tracked; when full, expired windows are swept and, if that is not
 * enough (a flood of distinct keys), the oldest key is forgotten rather than the map growing.
 */
export interface FixedWindows {
  /** Hits of `key` in its current window (0 when none or expired). */
  count(key: string, now: number): number;
  /** Counts one hit of `key`; returns the count after it. */
  hit(key: string, now: number): number;
  /** Whole seconds until `key`'s window ends, at least 1. */
  secondsLeft(key: string, now: number): number;
}

/**
 * @example const w = fixedWindows(600_000); if (w.count(ip, Date.now()) >= 10) refuse(w.secondsLeft(ip, Date.now())); else w.hit(ip, Date.now());
 */
export function fixedWindows(windowMs: number, maxKeys = 100_000): FixedWindows {
  const windows = new Map<string, { resetAt: number; count: number }>();
  const live = (key: string, now: number) => {
    const w = windows.get(key);
    return w && w.resetAt > now ? w : undefined;
  };
  return {
    count: (key, now) => live(key, now)?.count ?? 0,
    hit(key, now) {
      let w = live(key, now);
      if (!w) {
        if (!windows.has(key) && windows.size >= maxKeys) {
          for (const [k, old] of windows) if (old.resetAt <= now) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        }
        w = { resetAt: now + windowMs, count: 0 };
        windows.set(key, w);
      }
      return ++w.count;
    },
    secondsLeft(key, now) {
      const w = live(key, now);
      return Math.max(1, Math.ceil(((w?.resetAt ?? now + windowMs) - now) / 1000));
    },
  };
}
