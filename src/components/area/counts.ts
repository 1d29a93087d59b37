import { OUTFALL_TYPES } from '../../records/classification.ts';
import { type OutfallRecord, REMEDIATION_STATUSES, type RemediationStatus } from '../../records/schema.ts';
import { nameCollator } from '../../site/format.ts';
import { groupBy } from '../../site/published.ts';

/**
 * Counts shown on city and county pages. Every category is listed, zeros included, in the order of
 * the HJ 1312 tree and of the remediation workflow, so pages are comparable with each other.
 */

/**
 * A county list longer than this is grouped by receiving water (with a jump list): about two phone
 * screens of rows, beyond which people look for "the outfalls on my river" rather than scroll.
 */
export const GROUP_BY_WATER_ABOVE = 15;

/**
 * A city page lists its outfalls one by one only up to this many; above it the page shows the table
 * of its counties (with counts by status) and each county page carries the list. Measured on a
 * 20,000-record demo build: a listed outfall costs about 270 bytes of HTML (11 bytes brotli on the
 * repetitive demo data, several times that on real names), so 长春 with 6,850 outfalls was a 1.9 MB
 * page. 300 rows keep a listing city page under about 90 KB of HTML — less than the largest county
 * page (824 rows, 215 KB) — and a few screens of scrolling, while small cities and small ledgers
 * still get the whole list one tap closer.
 */
export const CITY_LIST_MAX = 300;

/**
 * Whether a city page lists its outfalls itself (true) or only its counties with their counts (false).
 *
 * @example cityListsOutfalls(120) // true
 * @example cityListsOutfalls(6850) // false
 */
export function cityListsOutfalls(outfallCount: number): boolean {
  return outfallCount <= CITY_LIST_MAX;
}

export interface TypeCount {
  key: string;
  name: string;
  count: number;
}

/** @example countByType(records)[0] // { key: 'industrial', name: '工业排污口', count: 12 } */
export function countByType(records: readonly OutfallRecord[]): TypeCount[] {
  return OUTFALL_TYPES.map((node) => ({ key: node.key, name: node.name, count: records.filter((r) => r.type.level1Key === node.key).length }));
}

/** @example countByStatus(records)[0] // { status: '待整治', count: 3 } */
export function countByStatus(records: readonly OutfallRecord[]): { status: RemediationStatus; count: number }[] {
  return REMEDIATION_STATUSES.map((status) => ({ status, count: records.filter((r) => r.remediation.status === status).length }));
}

/** Records grouped by receiving water, larger groups first, then by name. */
export function groupByWater(records: readonly OutfallRecord[]): [string, OutfallRecord[]][] {
  return [...groupBy(records, (r) => r.receivingWater.name)].sort((a, b) => b[1].length - a[1].length || nameCollator.compare(a[0], b[0]));
}
