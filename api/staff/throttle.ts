/**
 * Login throttling. Two independent brakes:
 *
 * - per account: after `maxFailures` failed logins in a row the account is locked for 1 minute,
 *   doubling with each further failure up to an hour (`lockMs`); a success resets the count. For
 *   existing accounts the count lives in staff_accounts (failed_logins, locked_until), so it
 *   survives a restart. Login names that have no account get the very same treatment in memory —
 *   otherwise "locked" vs "never locked" would tell which names exist;
 * - per client address: at most `clientMaxFailures` failed logins per fixed window, whatever the
 *   accounts tried (password spraying).
 */

const MINUTE = 60_000;
const MAX_LOCK_MS = 60 * MINUTE;

/**
 * How long an account is locked after its `failures`-th failure in a row.
 *
 * @example lockMs(5, 5) // 60000
 * @example lockMs(7, 5) // 240000
 */
export function lockMs(failures: number, maxFailures: number): number {
  if (failures < maxFailures) return 0;
  return Math.min(MAX_LOCK_MS, MINUTE * 2 ** Math.min(failures - maxFailures, 10));
}

/** Seconds until `lockedUntil` (ISO or ms), at least 1; 0 when not locked. */
export function secondsLeft(lockedUntil: string | number | null | undefined, now: Date): number {
  if (lockedUntil === null || lockedUntil === undefined) return 0;
  const until = typeof lockedUntil === 'number' ? lockedUntil : Date.parse(lockedUntil);
  const ms = until - now.getTime();
  return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
}

export interface LoginThrottleOptions {
  maxFailures: number;
  clientMaxFailures: number;
  clientWindowMs: number;
  /** Upper bound on tracked keys in each map (a flood of distinct names or addresses forgets the oldest). */
  maxKeys?: number;
}

/** The in-memory half of login throttling (client windows, and counts of names without an account). */
export function createLoginThrottle(options: LoginThrottleOptions) {
  const maxKeys = options.maxKeys ?? 100_000;
  const clients = new Map<string, { resetAt: number; failures: number }>();
  const unknown = new Map<string, { failures: number; lockedUntil: number }>();

  const bound = <V>(map: Map<string, V>) => {
    if (map.size >= maxKeys) map.delete(map.keys().next().value!);
  };

  return {
    /** Seconds the client must wait before trying again; 0 when it may try. */
    clientWait(client: string, now: Date): number {
      const w = clients.get(client);
      if (!w || w.resetAt <= now.getTime()) return 0;
      return w.failures >= options.clientMaxFailures ? secondsLeft(w.resetAt, now) : 0;
    },
    clientFailed(client: string, now: Date): void {
      const t = now.getTime();
      let w = clients.get(client);
      if (!w || w.resetAt <= t) {
        if (!w) bound(clients);
        w = { resetAt: t + options.clientWindowMs, failures: 0 };
        clients.set(client, w);
      }
      w.failures++;
    },
    /** Seconds a login name without an account is "locked" for, like an account would be. */
    unknownWait(login: string, now: Date): number {
      return secondsLeft(unknown.get(login)?.lockedUntil, now);
    },
    unknownFailed(login: string, now: Date): void {
      let u = unknown.get(login);
      if (!u) {
        bound(unknown);
        u = { failures: 0, lockedUntil: 0 };
        unknown.set(login, u);
      }
      u.failures++;
      const ms = lockMs(u.failures, options.maxFailures);
      if (ms) u.lockedUntil = now.getTime() + ms;
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
