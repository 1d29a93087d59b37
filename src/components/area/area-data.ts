import { getCollection } from 'astro:content';
import type { OutfallRecord } from '../../records/schema.ts';
import { byName, nameCollator } from '../../site/format.ts';
import { groupBy } from './counts.ts';

/**
 * The published records grouped by county and by city, computed once per build (every city and
 * county page asks for it; with 20,000 records regrouping per page would dominate the build).
 */
export interface AreaData {
  records: OutfallRecord[];
  byCounty: Map<string, OutfallRecord[]>;
  byCity: Map<string, OutfallRecord[]>;
}

let cached: Promise<AreaData> | undefined;

/** @example const { byCounty } = await areaData(); byCounty.get('220102')?.length */
export function areaData(): Promise<AreaData> {
  cached ??= getCollection('outfalls').then((entries) => {
    const records = entries.map((e) => e.data as OutfallRecord).sort(byName);
    return { records, byCounty: groupBy(records, (r) => r.countyAdcode), byCity: groupBy(records, (r) => r.cityAdcode) };
  });
  return cached;
}

/** Records grouped by receiving water, larger groups first, then by name. */
export function groupByWater(records: readonly OutfallRecord[]): [string, OutfallRecord[]][] {
  return [...groupBy(records, (r) => r.receivingWater.name)].sort((a, b) => b[1].length - a[1].length || nameCollator.compare(a[0], b[0]));
}
