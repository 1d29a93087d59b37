import { fill } from '../../kernel/i18n/fill.ts';
import type { DecodedMapData, MapPoint } from '../../site/map-format.ts';

/**
 * The home page's filters, their URL form and distances: pure functions shared by the browser
 * script and the tests.
 *
 * URL form (the same names a plain GET form of the filter fields would produce, so a shared link
 * and a submitted form mean the same thing):
 *   type=industrial&type=municipal   level-1 types; absent = all, `type=none` = none
 *   status=pending                   remediation status key
 *   area=220100 | area=220102        a city (all its counties) or one county, GB/T 2260
 *   water=伊通河                      receiving water name
 * The visitor's location is never put in the URL.
 */
export interface MapFilters {
  /** Level-1 type keys shown; `null` = all. */
  types: string[] | null;
  status: string | null;
  area: string | null;
  water: string | null;
}

export const NO_FILTERS: MapFilters = { types: null, status: null, area: null, water: null };

/**
 * Reads filters from a query string; unknown values are kept (they simply match nothing known) so
 * that a link is never silently widened.
 *
 * @example parseFilters(new URLSearchParams('type=industrial&area=220102')).area // '220102'
 */
export function parseFilters(params: URLSearchParams): MapFilters {
  const typeValues = params
    .getAll('type')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const one = (name: string) => params.get(name)?.trim() || null;
  return {
    types: typeValues.length === 0 ? null : typeValues.includes('none') ? [] : [...new Set(typeValues)],
    status: one('status'),
    area: one('area'),
    water: one('water'),
  };
}

/**
 * Writes filters into `params` (other parameters are kept), in a stable order.
 *
 * @example writeFilters(new URLSearchParams(), { ...NO_FILTERS, status: 'pending' }).toString() // 'status=pending'
 */
export function writeFilters(params: URLSearchParams, f: MapFilters): URLSearchParams {
  for (const name of ['type', 'status', 'area', 'water']) params.delete(name);
  if (f.types) {
    if (f.types.length === 0) params.append('type', 'none');
    for (const t of f.types) params.append('type', t);
  }
  if (f.status) params.set('status', f.status);
  if (f.area) params.set('area', f.area);
  if (f.water) params.set('water', f.water);
  return params;
}

/** A filter resolved against the tables of one dataset: a fast per-point test. */
export type PointTest = (p: MapPoint) => boolean;

/**
 * Compiles filters against a dataset's lookup tables.
 *
 * @example data.points.filter(compileFilters(data, parseFilters(location.search)))
 */
export function compileFilters(data: DecodedMapData, f: MapFilters): PointTest {
  const allTypes = f.types === null || data.types.every((t) => f.types!.includes(t.key));
  const typeOk = allTypes ? null : new Set(data.types.flatMap((t, i) => (f.types!.includes(t.key) ? [i] : [])));
  const status = f.status === null ? -1 : data.statuses.findIndex((s) => s.key === f.status);
  let counties: Set<number> | null = null;
  if (f.area !== null) {
    const city = data.cities.findIndex((c) => c.adcode === f.area);
    counties = new Set(data.counties.flatMap((c, i) => (c.adcode === f.area || (city >= 0 && c.city === city) ? [i] : [])));
  }
  const water = f.water === null ? -1 : data.waters.indexOf(f.water);
  // An unknown value (e.g. an old link to a water no longer in the data) matches nothing.
  const none = (f.status !== null && status < 0) || (f.water !== null && water < 0);
  return (p) =>
    !none &&
    (typeOk === null || typeOk.has(p.type)) &&
    (status < 0 || p.status === status) &&
    (counties === null || counties.has(p.county)) &&
    (water < 0 || p.water === water);
}

/** Whether any filter narrows the set. */
export function isFiltered(f: MapFilters): boolean {
  return f.types !== null || f.status !== null || f.area !== null || f.water !== null;
}

/**
 * Distance for people: metres to the nearest 10 below 1 km, one decimal below 10 km, whole km above.
 *
 * @example formatDistance(1234, { m: '{n} 米', km: '{n} 公里' }) // '1.2 公里'
 */
export function formatDistance(meters: number, units: { m: string; km: string }): string {
  if (meters < 995) return fill(units.m, { n: Math.max(10, Math.round(meters / 10) * 10) });
  const km = meters / 1000;
  return fill(units.km, { n: km < 9.95 ? km.toFixed(1) : Math.round(km) });
}
