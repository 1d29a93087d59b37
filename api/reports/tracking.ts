import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';

/**
 * Tracking numbers and query codes.
 *
 * A tracking number is `JL<year>-<sequence>` (e.g. `JL2026-000123`): easy to read out on the phone,
 * with the sequence counted per year inside the report's transaction, so numbers are gapless and
 * never reused. The query code is what makes a status lookup private: 8 random characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L), about 39 bits, shown to the reporter once and
 * stored only as a hash. Lookups are rate-limited, which is what makes 39 bits plenty.
 */

export const TRACKING_PREFIX = 'JL';
export const TRACKING_NUMBER = /^JL(\d{4})-(\d{6,9})$/;
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 8;
const QUERY_CODE = new RegExp(`^[${QUERY_CODE_ALPHABET}]{${QUERY_CODE_LENGTH}}$`);

type Tx = Pick<Db, 'get'>;

/**
 * The calendar year in China (UTC+8, no daylight saving) — a report sent at 07:30 on 1 January
 * Beijing time belongs to the new year even though it is still 31 December in UTC.
 */
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** @example formatTrackingNumber(2026, 123) // 'JL2026-000123' */
export function formatTrackingNumber(year: number, seq: number): string {
  return `${TRACKING_PREFIX}${year}-${String(seq).padStart(6, '0')}`;
}

/** Upper-cases and trims what a citizen typed; undefined when it cannot be a tracking number. */
export function parseTrackingNumber(input: string): string | undefined {
  const s = input.trim().toUpperCase();
  return TRACKING_NUMBER.test(s) ? s : undefined;
}

/**
 * Takes the next sequence number of `year`. Call inside the report transaction: the increment and
 * the report insert commit or roll back together, and SQLite's single writer serialises them.
 */
export function nextSequence(tx: Tx, year: number): number {
  const row = tx.get<{ last: number }>(
    sql`INSERT INTO report_sequences (year, last) VALUES (${year}, 1)
        ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  return row.last;
}

/** A fresh random query code. */
export function newQueryCode(): string {
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i++) code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  return code;
}

/** Normalises a typed query code (case, spaces, hyphens); undefined when it cannot be one. */
export function normaliseQueryCode(input: string): string | undefined {
  const s = input.replace(/[\s-]/g, '').toUpperCase();
  return QUERY_CODE.test(s) ? s : undefined;
}

/** The stored form of a query code, bound to its tracking number. */
export function hashQueryCode(trackingNumber: string, code: string): string {
  return createHash('sha256').update(`${trackingNumber}:${code}`).digest('hex');
}

/** Constant-time comparison of a typed code with the stored hash. */
export function queryCodeMatches(trackingNumber: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashQueryCode(trackingNumber, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
