import { OUTFALL_TYPES } from '../../records/classification.ts';
import { REMEDIATION_STATUSES, type OutfallRecord, type RemediationStatus } from '../../records/schema.ts';

/**
 * Counts shown on city and county pages. Every category is listed, zeros included, in the order of
 * the HJ 1312 tree and of the remediation workflow, so pages are comparable with each other.
 */

/**
 * A county list longer than this is grouped by receiving water (with a jump list): about two phone
 * screens of rows, beyond which people look for "the outfalls on my river" rather than scroll.
 */
export const GROUP_BY_WATER_ABOVE = 15;

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

/** Groups records by a key, keeping first-seen order of keys. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
