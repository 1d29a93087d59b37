import { describe, expect, it } from 'vitest';
import {
  chinaYear,
  formatTrackingNumber,
  hashQueryCode,
  newQueryCode,
  nextSequence,
  normaliseQueryCode,
  parseTrackingNumber,
  QUERY_CODE_ALPHABET,
  queryCodeMatches,
} from '../../api/reports/tracking.ts';
import { buildDb } from '../../src/kernel/db/client.ts';

describe('tracking numbers', () => {
  it.each([
    [2026, 1, 'JL2026-000001'],
    [2026, 123, 'JL2026-000123'],
    [2027, 1234567, 'JL2027-1234567'],
  ])('%i #%i → %s', (year, seq, expected) => {
    expect(formatTrackingNumber(year, seq)).toBe(expected);
    expect(parseTrackingNumber(` ${expected.toLowerCase()} `)).toBe(expected);
  });

  it.each(['JL26-000001', 'JL2026-01', 'XX2026-000001', 'JL2026-000001/../x', ''])('%j is not a tracking number', (s) => {
    expect(parseTrackingNumber(s)).toBeUndefined();
  });

  it.each([
    ['2026-12-31T15:59:59Z', 2026],
    ['2026-12-31T16:00:00Z', 2027],
  ])('the year is counted in China time: %s → %i', (iso, year) => {
    expect(chinaYear(new Date(iso))).toBe(year);
  });

  it('sequences count per year and roll back with their transaction', () => {
    const db = buildDb(':memory:');
    expect([nextSequence(db, 2026), nextSequence(db, 2026), nextSequence(db, 2027)]).toEqual([1, 2, 1]);
    expect(() =>
      db.transaction((tx) => {
        nextSequence(tx, 2026);
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    expect(nextSequence(db, 2026)).toBe(3);
  });
});

describe('query codes', () => {
  it('are 8 characters of an alphabet without look-alikes, and differ', () => {
    const codes = Array.from({ length: 2000 }, newQueryCode);
    for (const c of codes) expect(c).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
    for (const ch of '01ILO') expect(QUERY_CODE_ALPHABET).not.toContain(ch);
    // Every character of the alphabet turns up: the draw is not stuck on a subset.
    expect(new Set(codes.join('')).size).toBe(QUERY_CODE_ALPHABET.length);
  });

  it('accept what people type (case, spaces, hyphens) and refuse anything else', () => {
    expect(normaliseQueryCode('k7m2-xq9p')).toBe('K7M2XQ9P');
    expect(normaliseQueryCode(' K7M2 XQ9P ')).toBe('K7M2XQ9P');
    expect(normaliseQueryCode('K7M2XQ9')).toBeUndefined();
    expect(normaliseQueryCode('K7M2XQ90')).toBeUndefined();
  });

  it('are checked against a hash bound to the tracking number', () => {
    const h = hashQueryCode('JL2026-000001', 'K7M2XQ9P');
    expect(queryCodeMatches('JL2026-000001', 'K7M2XQ9P', h)).toBe(true);
    expect(queryCodeMatches('JL2026-000002', 'K7M2XQ9P', h)).toBe(false);
    expect(queryCodeMatches('JL2026-000001', 'K7M2XQ9Q', h)).toBe(false);
  });
});
