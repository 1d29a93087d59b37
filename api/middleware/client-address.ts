import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for rate limits. With `trustProxy` (TRUST_PROXY=true, the
 * portal behind nginx or similar) it is the last X-Forwarded-For hop — the one the proxy itself
 * appended, which a client cannot forge; otherwise the TCP peer. `unknown` when neither exists
 * (requests made with `app.request()` in tests have no socket).
 *
 * @example clientAddress(c, false) // '127.0.0.1'
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops?.at(-1);
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
