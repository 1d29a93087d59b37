import { createHash } from 'node:crypto';
import { OUTFALL_TYPES } from '../records/classification.ts';
import { type OutfallRecord, REMEDIATION_STATUSES, STATUS_KEYS } from '../records/schema.ts';
import { COORD_SCALE, COUNTY_TOKEN, type CompactMapData, ESCAPE, MAP_DATA_VERSION, WATER_TOKEN } from './map-format.ts';

export { type CompactMapData, type DecodedMapData, decodeMapData, MapDataError, type MapPoint } from './map-format.ts';

/**
 * Builds the compact map data of the home page from the published records (build time only; the
 * format and its decoder are in src/site/map-format.ts, shared with the browser).
 */

/** The fields of a record the map needs; anything with these is accepted. */
export type MapRecord = Pick<
  OutfallRecord,
  'code' | 'name' | 'type' | 'cityAdcode' | 'cityName' | 'countyAdcode' | 'countyName' | 'lng' | 'lat' | 'receivingWater' | 'remediation'
>;

// Jilin's bounding box with a margin; the schema bounds records to 121–132 °E, 40–47 °N.
const BBOX = { west: 121, south: 40, east: 132, north: 47 };
const HILBERT_ORDER = 16;

/**
 * Position of a point on a Hilbert curve over the province. Sorting by it puts outfalls that are
 * close on the ground next to each other in the arrays, so the coordinate deltas stay small.
 */
function hilbertIndex(lng: number, lat: number): number {
  const side = 2 ** HILBERT_ORDER;
  let x = Math.min(side - 1, Math.max(0, Math.floor(((lng - BBOX.west) / (BBOX.east - BBOX.west)) * side)));
  let y = Math.min(side - 1, Math.max(0, Math.floor(((lat - BBOX.south) / (BBOX.north - BBOX.south)) * side)));
  let d = 0;
  for (let s = side / 2; s >= 1; s /= 2) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return d;
}

const zh = new Intl.Collator('zh-CN');

/**
 * Replaces occurrences of the given strings by their placeholder and escapes literal placeholder
 * characters; `expandTokens` (format.ts) reverses it exactly. Earlier pairs win where two match.
 *
 * @example withTokens('伊通河南关区和平街雨洪排口', [['伊通河', '^'], ['南关区', '@']]) // '^@和平街雨洪排口'
 */
export function withTokens(s: string, pairs: readonly (readonly [string, string])[]): string {
  let out = '';
  outer: for (let i = 0; i < s.length; ) {
    for (const [from, token] of pairs) {
      if (from && s.startsWith(from, i)) {
        out += token;
        i += from.length;
        continue outer;
      }
    }
    const ch = s[i]!;
    out += ch === WATER_TOKEN || ch === COUNTY_TOKEN || ch === ESCAPE ? ESCAPE + ch : ch;
    i++;
  }
  return out;
}

/**
 * Encodes records as compact map data. Points are grouped by county (the list's default order)
 * and, within a county, follow a Hilbert curve.
 *
 * @example const doc = encodeMapData(publishedRecords(db)); JSON.stringify(doc)
 */
export function encodeMapData(records: readonly MapRecord[]): CompactMapData {
  const types = OUTFALL_TYPES.map((t) => ({ key: t.key, name: t.name }));
  const typeIndex = new Map(types.map((t, i) => [t.key, i]));
  const statuses = REMEDIATION_STATUSES.map((name) => ({ key: STATUS_KEYS[name], name }));
  const statusIndex = new Map(REMEDIATION_STATUSES.map((s, i) => [s as string, i]));

  const cityNames = new Map<string, string>();
  const countyInfo = new Map<string, { name: string; city: string }>();
  const waterSet = new Set<string>();
  for (const r of records) {
    cityNames.set(r.cityAdcode, r.cityName);
    countyInfo.set(r.countyAdcode, { name: r.countyName, city: r.cityAdcode });
    waterSet.add(r.receivingWater.name);
  }
  const cityCodes = [...cityNames.keys()].sort();
  const cityIndex = new Map(cityCodes.map((c, i) => [c, i]));
  const countyCodes = [...countyInfo.keys()].sort();
  const countyIndex = new Map(countyCodes.map((c, i) => [c, i]));
  const waters = [...waterSet].sort(zh.compare);
  const waterIndex = new Map(waters.map((w, i) => [w, i]));

  const rows = records.map((r) => {
    const x = Math.round(r.lng * COORD_SCALE);
    const y = Math.round(r.lat * COORD_SCALE);
    const type = typeIndex.get(r.type.level1Key);
    const status = statusIndex.get(r.remediation.status);
    if (type === undefined) throw new Error(`map data: record ${r.code}: type.level1Key "${r.type.level1Key}" is not a level-1 type`);
    if (status === undefined) throw new Error(`map data: record ${r.code}: remediation.status "${r.remediation.status}" is unknown`);
    return { r, x, y, type, status, county: countyIndex.get(r.countyAdcode)!, water: waterIndex.get(r.receivingWater.name)!, h: hilbertIndex(r.lng, r.lat) };
  });
  rows.sort((a, b) => a.county - b.county || a.h - b.h || (a.r.code < b.r.code ? -1 : a.r.code > b.r.code ? 1 : 0));

  const doc: CompactMapData = {
    v: MAP_DATA_VERSION,
    n: rows.length,
    s: COORD_SCALE,
    types,
    statuses,
    cities: cityCodes.map((adcode) => ({ adcode, name: cityNames.get(adcode)! })),
    counties: countyCodes.map((adcode) => {
      const info = countyInfo.get(adcode)!;
      return { adcode, name: info.name, city: cityIndex.get(info.city)! };
    }),
    waters,
    x: [],
    y: [],
    ts: [],
    c: [],
    w: [],
    code: [],
    name: [],
  };
  let px = 0;
  let py = 0;
  let pc = 0;
  for (const row of rows) {
    doc.x.push(row.x - px);
    doc.y.push(row.y - py);
    doc.c.push(row.county - pc);
    px = row.x;
    py = row.y;
    pc = row.county;
    doc.ts.push(row.type * statuses.length + row.status);
    doc.w.push(row.water);
    doc.code.push(withTokens(row.r.code, [[row.r.countyAdcode, COUNTY_TOKEN]]));
    doc.name.push(
      withTokens(row.r.name, [
        [row.r.receivingWater.name, WATER_TOKEN],
        // The table's name, which the decoder substitutes (identical unless the records disagree).
        [doc.counties[row.county]!.name, COUNTY_TOKEN],
      ]),
    );
  }
  return doc;
}

export interface MapDataFile {
  /** The JSON text served. */
  body: string;
  /** First 12 hex digits of its SHA-256: the file name changes exactly when the content does. */
  hash: string;
  /** Site path, e.g. `/map/outfalls.3f2a9c01be47.json`. */
  path: string;
}

/**
 * The content-hashed data file of the map, as served by src/pages/map/outfalls.[hash].json.ts.
 *
 * @example mapDataFile(records).path // '/map/outfalls.3f2a9c01be47.json'
 */
export function mapDataFile(records: readonly MapRecord[]): MapDataFile {
  const body = JSON.stringify(encodeMapData(records));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, hash, path: `/map/outfalls.${hash}.json` };
}

/**
 * Plain GeoJSON of the same points with the same properties spelled out: the baseline that the
 * compact format is measured against (bench/map-data.ts, test/built/map-data.test.ts).
 */
export function plainGeoJson(records: readonly MapRecord[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: records.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Math.round(r.lng * COORD_SCALE) / COORD_SCALE, Math.round(r.lat * COORD_SCALE) / COORD_SCALE] },
      properties: {
        code: r.code,
        name: r.name,
        type: r.type.level1Key,
        status: STATUS_KEYS[r.remediation.status],
        county: r.countyAdcode,
        water: r.receivingWater.name,
      },
    })),
  });
}
