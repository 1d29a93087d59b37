import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';

/**
 * Cross-site request protection for the staff API. Browsers send `Origin` on every cross-site
 * POST (forms and fetch alike) and cannot be made to forge it; a state-changing request must come
 * from the portal's own origin. SameSite=Strict on the session cookie is the second layer.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginOptions {
  /** PUBLIC_BASE_URL: its origin is always accepted. */
  publicBaseUrl: string;
  /** Behind a proxy: also accept the origin the proxy reports (X-Forwarded-Proto and -Host). */
  trustProxy: boolean;
}

/** Whether the request arrived over HTTPS (directly, or at the trusted proxy). */
export function requestIsHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** The origins this request may come from: PUBLIC_BASE_URL's and the request's own Host. */
function ownOrigins(c: Context, options: OriginOptions): string[] {
  const out = [new URL(options.publicBaseUrl).origin, new URL(c.req.url).origin];
  if (options.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() ?? c.req.header('host');
    if ((proto === 'http' || proto === 'https') && host) {
      try {
        out.push(new URL(`${proto}://${host}`).origin);
      } catch {
        // A malformed forwarded host adds nothing.
      }
    }
  }
  return out;
}

/** The origin of a Referer URL, or undefined. */
function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/**
 * Refuses POST/PUT/PATCH/DELETE whose `Origin` (or, without one, `Referer`) is not the portal's
 * own: `403 csrf_origin_mismatch`. Runs before the body is read or the session is looked at.
 *
 * @example staff.use('*', requireSameOrigin({ publicBaseUrl: config.PUBLIC_BASE_URL, trustProxy: config.TRUST_PROXY }))
 */
export function requireSameOrigin(options: OriginOptions): MiddlewareHandler {
  return async function requireSameOrigin(c, next) {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin') ?? refererOrigin(c.req.header('referer'));
      // `Origin: null` (sandboxed frames, some redirects) matches none of ours and is refused too.
      if (!origin || !ownOrigins(c, options).includes(origin)) throw new ApiError('csrf_origin_mismatch', { field: 'Origin' });
    }
    await next();
  };
}
