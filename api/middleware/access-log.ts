import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.ts';
import { type Logger, maskAddress } from '../logger.ts';

/**
 * Logs one line per request: method, path (never the query string, which carries query codes),
 * status, duration, tracking number, error code, and a masked client address.
 */
export function accessLog(logger: Logger, address: (c: Parameters<MiddlewareHandler<ApiEnv>>[0]) => string): MiddlewareHandler<ApiEnv> {
  return async function accessLog(c, next) {
    const start = performance.now();
    await next();
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      trackingNumber: c.get('trackingNumber'),
      errorCode: c.get('errorCode'),
      replayed: c.get('replayed'),
      client: maskAddress(address(c)),
    };
    if (status >= 500) logger.warn('request', fields);
    else logger.info('request', fields);
  };
}
