import type { Context, Handler, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { type DeviceTokens, presentedDeviceToken, setDeviceCookie } from './device-token.ts';
import { fixedWindows } from './windows.ts';

/**
 * One citizen budget for everything a citizen submits (the native report API, keyless Open311
 * posts, and whatever else a route puts behind `limit`), counted per client in two layers:
 *
 *   per device   `deviceLimit` per window, keyed by the signed device token (./device-token.ts);
 *                a request without a valid token counts as the device "this address without a
 *                token", so clients that keep no cookie share the old per-address budget;
 *   per address  `addressLimit` per window, whatever the devices: the ceiling for one network.
 *
 * Many honest phones behind one carrier NAT share an address but each has its own device budget,
 * so they do not block each other until the much higher address ceiling; a client that throws its
 * cookie away falls back to the token-less budget of its address; one that collects tokens
 * (`issue`) is still held by the address ceiling. Refused requests count for nothing.
 *
 * Over a limit: 429 with Retry-After (seconds until the window that refused ends) and the code
 * `rate_limited` (this device) or `address_rate_limited` (this network).
 */

export interface CitizenBudgetOptions {
  /** Submissions per device (or per address without a token) and window. */
  deviceLimit: number;
  /** Submissions per client address and window, all devices together. */
  addressLimit: number;
  windowMs: number;
  tokens: DeviceTokens;
  /** The client address (api/middleware/client-address.ts). */
  address: (c: Context) => string;
  /** Whether the device cookie gets the Secure attribute (HTTPS). */
  secure: (c: Context) => boolean;
  clock?: () => Date;
}

export interface CitizenBudget {
  /** The middleware that counts one submission against the budget (or refuses it with 429). */
  limit: MiddlewareHandler;
  /**
   * GET handler that gives the browser a device token (cookie, and `{ token }` for clients that
   * send it as `X-Device-Token`); a request that already has a valid one keeps it. New tokens per
   * address and window are bounded by `addressLimit`.
   */
  issue: Handler;
}

/**
 * Creates the budget; make ONE per app and put `limit` on every citizen submission route so they
 * all draw from the same counters.
 *
 * @example
 * const citizen = citizenBudget({ deviceLimit: 10, addressLimit: 60, windowMs: 600_000, tokens, address, secure });
 * app.post('/api/reports', citizen.limit, …); app.get('/api/device-token', citizen.issue);
 */
export function citizenBudget(options: CitizenBudgetOptions): CitizenBudget {
  const { deviceLimit, addressLimit, tokens, address, secure } = options;
  const clock = options.clock ?? (() => new Date());
  const devices = fixedWindows(options.windowMs);
  const addresses = fixedWindows(options.windowMs);
  const issued = fixedWindows(options.windowMs);

  const refuse = (code: 'rate_limited' | 'address_rate_limited', seconds: number) =>
    new ApiError(code, { params: { seconds }, headers: { 'Retry-After': String(seconds) } });

  const limit: MiddlewareHandler = async function citizenLimit(c, next) {
    const now = clock().getTime();
    const addr = address(c);
    const id = tokens.verify(presentedDeviceToken(c));
    const device = id ? `d:${id}` : `a:${addr}`;
    if (addresses.count(addr, now) >= addressLimit) throw refuse('address_rate_limited', addresses.secondsLeft(addr, now));
    if (devices.count(device, now) >= deviceLimit) throw refuse('rate_limited', devices.secondsLeft(device, now));
    addresses.hit(addr, now);
    devices.hit(device, now);
    // A browser that came without a token gets one, so its next submission has a budget of its own.
    if (!id) setDeviceCookie(c, tokens.issue(), secure(c));
    await next();
  };

  const issue: Handler = (c) => {
    c.header('Cache-Control', 'no-store');
    const presented = presentedDeviceToken(c);
    if (tokens.verify(presented)) return c.json({ token: presented! });
    const now = clock().getTime();
    const addr = address(c);
    if (issued.hit(addr, now) > addressLimit) throw refuse('address_rate_limited', issued.secondsLeft(addr, now));
    const token = tokens.issue();
    setDeviceCookie(c, token, secure(c));
    return c.json({ token });
  };

  return { limit, issue };
}
