import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../src/kernel/config.ts';

/**
 * Reporter contact data, sealed with AES-256-GCM. The sealed text carries a key id so a rotated key
 * is detected instead of producing garbage, and the report's tracking number is bound in as
 * additional data so a sealed contact copied onto another report does not open.
 */

export interface Contact {
  name?: string;
  phone?: string;
}

const VERSION = 'v1';

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

/** Short public id of a key (first 8 hex digits of its SHA-256). */
export function contactKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Parses CONTACT_KEY: 64 hex digits or base64 of 32 bytes. */
export function parseContactKey(text: string): Buffer {
  const s = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  if (key.length !== 32) throw new Error('CONTACT_KEY: must be 64 hex digits or base64 of 32 bytes');
  return key;
}

/**
 * The contact key: CONTACT_KEY when set, otherwise the key in CONTACT_KEY_FILE, created (32
 * random bytes as hex, mode 0600) on first use. The server entry calls this once at start.
 *
 * @example const contactKey = loadOrCreateContactKey(loadConfig()); createApp({ db, config, contactKey })
 */
export function loadOrCreateContactKey(config: Pick<Config, 'CONTACT_KEY' | 'CONTACT_KEY_FILE'>): Buffer {
  if (config.CONTACT_KEY) return parseContactKey(config.CONTACT_KEY);
  const file = config.CONTACT_KEY_FILE;
  try {
    const key = parseContactKey(readFileSync(file, 'utf8'));
    // Someone may have copied the file around with a permissive umask; tighten it again.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // `wx`: if two processes start at once, one creates and the other fails here rather than
  // silently overwriting a key that may already have sealed a contact.
  writeFileSync(file, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  return key;
}

/** Seals a contact (or any JSON value) for storage; `context` is bound in as additional data. */
export function seal(key: Buffer, value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [VERSION, contactKeyId(key), b64url(iv), b64url(cipher.getAuthTag()), b64url(ct)].join('.');
}

/** Opens what `seal` produced; throws when the key, the context or the text is wrong. */
export function unseal<T = unknown>(key: Buffer, sealed: string, context: string): T {
  const [version, keyId, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('sealed value: unknown format');
  if (keyId !== contactKeyId(key)) throw new Error(`sealed value: made with key ${keyId}, not the configured key ${contactKeyId(key)}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}

/** The additional data a report's contact is sealed with. */
export function contactContext(trackingNumber: string): string {
  return `report-contact:${trackingNumber}`;
}

/**
 * Reads a report's contact (issue 5: staff view it on demand, and each viewing is audited by the caller).
 *
 * @example openContact(key, row.sealed, 'JL2026-000123') // { name: '张三', phone: '13800000000' }
 */
export function openContact(key: Buffer, sealed: string, trackingNumber: string): Contact {
  return unseal<Contact>(key, sealed, contactContext(trackingNumber));
}

export function sealContact(key: Buffer, contact: Contact, trackingNumber: string): string {
  return seal(key, contact, contactContext(trackingNumber));
}
