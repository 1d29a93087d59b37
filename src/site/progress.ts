import { type OutfallRecord, REMEDIATION_STATUSES, type RemediationStatus } from '../records/schema.ts';

/**
 * Progress toward the province's targets, computed from the published records: per province, city
 * and county the counts and shares by remediation status, the retained-list size and signboards
 * installed, plus the 2023 priority waters. Pure functions of the records (and the lists of units,
 * passed in so that a unit without outfalls still shows as 0); the /progress/ page renders them.
 */

/** The work plan's two deadlines (吉林省入河排污口排查整治和监督管理工作方案). */
export const TARGETS = {
  /** Songhua and Liao main stems, key tributaries and key lakes investigated and remediated. */
  priority: '2023-12-31',
  /** Every outfall in the province investigated, remediation basically done. */
  all: '2025-12-31',
} as const;

/** Statuses that count as remediated (整治完成): done, and done and signed off. */
export const REMEDIATED: readonly RemediationStatus[] = ['已完成', '已销号'];

/**
 * The 2023 priority waters, grouped as the work plan names them. A record belongs to a group when
 * its receiving water's name, without a bracketed or 段 suffix (第二松花江（吉林市段）), is listed.
 */
export const PRIORITY_WATERS = [
  { key: 'songhua', name: '松花江干流', waters: ['松花江', '第二松花江', '嫩江'] },
  { key: 'liao', name: '辽河干流', waters: ['辽河', '东辽河', '西辽河'] },
  { key: 'tributaries', name: '重点支流', waters: ['饮马河', '伊通河'] },
  { key: 'lakes', name: '重点湖库', waters: ['查干湖', '松花湖'] },
] as const;

export interface ProgressCounts {
  /** Outfalls published. */
  total: number;
  /** By remediation status, every status present (0 where none). */
  byStatus: Record<RemediationStatus, number>;
  /** 已完成 + 已销号. */
  remediated: number;
  /** Not remediated and past the deadline the record gives (整治完成时限 before the dataset date). */
  overdue: number;
  /** On the retained list (保留清单). */
  retained: number;
  /** Signboard installed (any outfall). */
  signboards: number;
  /** Retained outfalls with a signboard: the standardised-construction requirement. */
  retainedWithSignboard: number;
}

export interface AreaProgress extends ProgressCounts {
  adcode: string;
  name: string;
}

export interface CityProgress extends AreaProgress {
  counties: AreaProgress[];
}

export interface PriorityProgress extends ProgressCounts {
  key: string;
  name: string;
  waters: readonly string[];
}

export interface ProvinceProgress {
  /** The dataset date the shares speak for. */
  asOf: string;
  province: ProgressCounts;
  cities: CityProgress[];
  priority: PriorityProgress[];
}

/** An empty tally. */
export function emptyCounts(): ProgressCounts {
  return {
    total: 0,
    byStatus: Object.fromEntries(REMEDIATION_STATUSES.map((s) => [s, 0])) as Record<RemediationStatus, number>,
    remediated: 0,
    overdue: 0,
    retained: 0,
    signboards: 0,
    retainedWithSignboard: 0,
  };
}

/** Adds one record to a tally; `asOf` decides what is overdue. */
export function addRecord(c: ProgressCounts, r: OutfallRecord, asOf: string): void {
  const status = r.remediation.status;
  const done = REMEDIATED.includes(status);
  c.total++;
  c.byStatus[status]++;
  if (done) c.remediated++;
  else if (r.remediation.deadline && r.remediation.deadline < asOf) c.overdue++;
  if (r.retained) c.retained++;
  if (r.signboard) c.signboards++;
  if (r.retained && r.signboard) c.retainedWithSignboard++;
}

const PRIORITY_NAMES = PRIORITY_WATERS.flatMap((p) => p.waters.map((w) => ({ water: w, key: p.key }))).sort((a, b) => b.water.length - a.water.length);

/**
 * The priority group of a receiving water, by its name as published: the bare name (第二松花江), with
 * a bracketed qualifier (第二松花江（吉林市段）) or a stretch suffix (松花江扶余段).
 *
 * @example priorityGroupOf('饮马河（长春段）') // 'tributaries'
 * @example priorityGroupOf('松花湖') // 'lakes'
 */
export function priorityGroupOf(waterName: string): string | undefined {
  const base = waterName.replace(/[（(][^（）()]*[）)]\s*$/u, '').trim();
  return PRIORITY_NAMES.find(({ water }) => base === water || (base.startsWith(water) && base.endsWith('段')))?.key;
}

/**
 * Share of `part` in `total` as a fraction 0–1 (0 when total is 0, so an empty county reads 0 %).
 *
 * @example share(1, 4) // 0.25
 */
export function share(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

/**
 * A share as a percentage with one decimal, as tables print it.
 *
 * @example percent(1, 3) // '33.3%'
 */
export function percent(part: number, total: number): string {
  return `${(Math.round(share(part, total) * 1000) / 10).toFixed(1)}%`;
}

/**
 * Tallies the records for the province, every city and county (units in the given lists appear even
 * with no outfall) and the priority waters. Records of a unit missing from the lists are still
 * counted in the province and listed under their own city/county (the lists are the bundled
 * boundaries, the records come from an import that checked them, so this is a safeguard).
 *
 * @example computeProgress(records, { asOf: '2025-06-30', cities: allCities(), counties: allCounties() }).province.total
 */
export function computeProgress(
  records: readonly OutfallRecord[],
  units: { asOf: string; cities: readonly { adcode: string; name: string }[]; counties: readonly { adcode: string; name: string; cityAdcode: string }[] },
): ProvinceProgress {
  const { asOf } = units;
  const province = emptyCounts();
  const cities = new Map<string, CityProgress>();
  const counties = new Map<string, AreaProgress>();
  const cityOf = (adcode: string, name: string) => {
    let c = cities.get(adcode);
    if (!c) {
      c = { adcode, name, ...emptyCounts(), counties: [] };
      cities.set(adcode, c);
    }
    return c;
  };
  const countyOf = (adcode: string, name: string, cityAdcode: string, cityName: string) => {
    let c = counties.get(adcode);
    if (!c) {
      c = { adcode, name, ...emptyCounts() };
      counties.set(adcode, c);
      cityOf(cityAdcode, cityName).counties.push(c);
    }
    return c;
  };
  for (const city of units.cities) cityOf(city.adcode, city.name);
  for (const county of units.counties)
    countyOf(county.adcode, county.name, county.cityAdcode, units.cities.find((c) => c.adcode === county.cityAdcode)?.name ?? county.cityAdcode);

  const priority: PriorityProgress[] = PRIORITY_WATERS.map((p) => ({ key: p.key, name: p.name, waters: p.waters, ...emptyCounts() }));
  const priorityByKey = new Map(priority.map((p) => [p.key, p]));

  for (const r of records) {
    addRecord(province, r, asOf);
    addRecord(cityOf(r.cityAdcode, r.cityName), r, asOf);
    addRecord(countyOf(r.countyAdcode, r.countyName, r.cityAdcode, r.cityName), r, asOf);
    const group = priorityGroupOf(r.receivingWater.name);
    if (group) addRecord(priorityByKey.get(group)!, r, asOf);
  }
  const byCode = (a: { adcode: string }, b: { adcode: string }) => (a.adcode < b.adcode ? -1 : a.adcode > b.adcode ? 1 : 0);
  const cityList = [...cities.values()].sort(byCode);
  for (const c of cityList) c.counties.sort(byCode);
  return { asOf, province, cities: cityList, priority };
}

/**
 * Days from the dataset date to a target date (negative once the date has passed).
 *
 * @example daysUntil('2025-06-30', '2025-12-31') // 184
 */
export function daysUntil(asOf: string, target: string): number {
  return Math.round((Date.parse(`${target}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
}

/** The stacked-bar segments of a tally: one per status, in status order, with its count and share. */
export function statusSegments(c: ProgressCounts): { status: RemediationStatus; count: number; share: number }[] {
  return REMEDIATION_STATUSES.map((status) => ({ status, count: c.byStatus[status], share: share(c.byStatus[status], c.total) }));
}

/** One row of the progress tables: an area (or priority group) and its tally. */
export interface ProgressRowData {
  /** Stable key for tests and anchors (adcode, or a priority-water key). */
  key: string;
  name: string;
  href?: string;
  /** Extra line under the name, e.g. the rivers of a priority group. */
  note?: string;
  counts: ProgressCounts;
}
