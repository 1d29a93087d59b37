import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import pLimit from 'p-limit';

/**
 * Staff password hashing with node:crypto scrypt (no native dependency to build). The stored
 * string names its algorithm and parameters, so a change of parameters is noticed at the next
 * successful login and the password re-hashed then:
 *
 *   scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<key, base64url>
 *
 * Defaults follow OWASP's scrypt recommendation: N = 2^17, r = 8, p = 1 (128 MiB per hash), 16-byte
 * salt, 32-byte key.
 */

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2N: 17, r: 8, p: 1 };
export const SALT_BYTES = 16;
export const KEY_BYTES = 32;
/** Longest password accepted (bytes of UTF-8): scrypt takes any length, this only bounds work per request. */
export const PASSWORD_MAX_BYTES = 1024;

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * Every hash needs 128 · N · r bytes; at most two run at once so that a burst of logins queues
 * instead of taking 128 MiB each from the libuv pool's four threads at the same time.
 */
const slot = pLimit(2);

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.log2N;
  // maxmem must exceed 128 · N · r (Node refuses otherwise); leave room for the rest of the state.
  const maxmem = 128 * N * params.r * 2 + 1024 * 1024;
  return slot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, keyLength, { N, r: params.r, p: params.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

/** Parameters and parts of a stored hash, or undefined when it is not one of ours. */
export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a corrupted row from asking for gigabytes.
  if (params.log2N < 10 || params.log2N > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 4) return undefined;
  return {
    params,
    salt: Buffer.from(m[4]!, 'base64url'),
    key: Buffer.from(m[5]!, 'base64url'),
  };
}

/**
 * Hashes a password with fresh salt.
 *
 * @example await hashPassword('correct horse battery') // 'scrypt$17$8$1$Zm9v…$YmFy…'
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return ['scrypt', params.log2N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Checks a password against a stored hash in constant time. A malformed stored hash never matches.
 *
 * @example await verifyPassword('correct horse battery', account.passwordHash) // true
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  // scrypt's shorter outputs are prefixes of longer ones: a truncated stored key must not verify.
  if (!parsed || parsed.key.length !== KEY_BYTES || parsed.salt.length < SALT_BYTES) return false;
  const key = await derive(password, parsed.salt, parsed.params, KEY_BYTES);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with other parameters than `params` (re-hash it at login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.log2N !== params.log2N || parsed.params.r !== params.r || parsed.params.p !== params.p || parsed.key.length !== KEY_BYTES;
}

/**
 * A verifier whose "unknown login" path costs what a real check costs: it verifies the password
 * against a hash of a random password made with the current parameters (made once, lazily).
 *
 * @example const dummy = dummyVerifier(params); if (!account) { await dummy(password); fail(); }
 */
export function dummyVerifier(params: ScryptParams): (password: string) => Promise<boolean> {
  let dummy: Promise<string> | undefined;
  return async (password) => {
    dummy ??= hashPassword(randomBytes(16).toString('hex'), params);
    await verifyPassword(password, await dummy);
    return false;
  };
}
