import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/**
 * Device tokens for the citizen rate limit (./citizen-limit.ts): a random id the browser keeps in a
 * cookie and sends with every report, signed by the server (HMAC-SHA256) so that a client cannot
 * make up ids at will to get a fresh budget per request. Stateless: the server stores nothing per
 * device; a token is valid as long as the key it was signed with.
 *
 *   d1.<16 random bytes, base64url>.<HMAC-SHA256(key, id) truncated to 16 bytes, base64url>
 *
 * The key is derived from the contact key (HKDF-SHA256, info `device-token`), so no further secret
 * has to be kept; rotating the contact key invalidates every device token, which only means that
 * each browser gets a new one (its budget starts afresh, bounded as always by the address ceiling).
 *
 * Transport: the cookie `jl_device` (HttpOnly, SameSite=Lax, Path=/, a year), so the report form's
 * fetches, its service worker and a plain HTML form post all carry it without script reading it;
 * clients that cannot keep cookies may send the same value in the `X-Device-Token` header.
 */

export const DEVICE_COOKIE = 'jl_device';
export const DEVICE_HEADER = 'x-device-token';
const VERSION = 'd1';
const ID_BYTES = 16;
const MAC_BYTES = 16;
const FORMAT = /^d1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
const YEAR_S = 365 * 24 * 3600;

export interface DeviceTokens {
  /** A new signed token. */
  issue(): string;
  /** The device id of a genuine token, or undefined (absent, malformed, forged, other key). */
  verify(token: string | undefined): string | undefined;
}

/**
 * Signs and checks device tokens with a key derived from `secret` (the contact key).
 *
 * @example const tokens = deviceTokens(contactKey); const id = tokens.verify(tokens.issue()); // 22 characters
 */
export function deviceTokens(secret: Buffer): DeviceTokens {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'device-token', 32));
  const mac = (id: string) => createHmac('sha256', key).update(id, 'utf8').digest().subarray(0, MAC_BYTES);
  return {
    issue() {
      const id = randomBytes(ID_BYTES).toString('base64url');
      return `${VERSION}.${id}.${mac(id).toString('base64url')}`;
    },
    verify(token) {
      const m = token ? FORMAT.exec(token.trim()) : null;
      if (!m) return undefined;
      const given = Buffer.from(m[2]!, 'base64url');
      const expected = mac(m[1]!);
      return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : undefined;
    },
  };
}

/** The token a request carries: the `X-Device-Token` header, else the cookie. */
export function presentedDeviceToken(c: Context): string | undefined {
  return c.req.header(DEVICE_HEADER) ?? getCookie(c, DEVICE_COOKIE);
}

/**
 * Puts a device token into the response's cookie. `secure` adds the Secure attribute (the portal
 * is served over HTTPS).
 */
export function setDeviceCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: YEAR_S, secure });
}
