import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Requires an `Idempotency-Key` header holding a UUID (made by the client before its first try)
 * and stores it, lower-cased, as `c.get('idempotencyKey')`. Runs before the body is read.
 */
export function requireIdempotencyKey(): MiddlewareHandler<ApiEnv> {
  return async function requireIdempotencyKey(c, next) {
    const raw = c.req.header('idempotency-key')?.trim();
    const field = 'Idempotency-Key';
    if (!raw) throw new ApiError('idempotency_key_missing', { field });
    if (!UUID.test(raw)) throw new ApiError('idempotency_key_invalid', { field });
    c.set('idempotencyKey', raw.toLowerCase());
    await next();
  };
}
