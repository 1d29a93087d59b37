/**
 * The compact map data format (what `/map/outfalls.<hash>.json` holds) and its decoder.
 *
 * This module is shared by the browser (the home page map) and the tests, so it imports nothing:
 * the encoder, which needs the record schema, lives in src/site/map-data.ts.
 *
 * Why columnar: a GeoJSON Feature per outfall repeats every key and the full type, status, county
 * and water names for each point. Here each of those is an index into a small lookup table, the
 * coordinates are integer deltas (1e-5 degrees ≈ 1 m) in a space-filling-curve order so that
 * consecutive deltas are small, and each column is one array, which brotli compresses far better
 * than interleaved objects. Names and codes are stored with placeholders for the parts that
 * repeat the point's own table entries (see `expandTokens`), because by the naming habit a name
 * starts with its receiving water and county, and an HJ 1235 code embeds the county code.
 * Measured in bench/map-data.ts.
 */

/** Current format version; the decoder refuses any other. */
export const MAP_DATA_VERSION = 1;

/** Coordinates are stored as integers: degrees × COORD_SCALE (1e-5 degrees, about 1 m). */
export const COORD_SCALE = 100_000;

export interface MapTypeEntry {
  /** Stable level-1 type key, e.g. `industrial`. */
  key: string;
  /** Chinese name, e.g. 工业排污口. */
  name: string;
}

export interface MapStatusEntry {
  /** Stable status key, e.g. `pending`. */
  key: string;
  /** Chinese name, e.g. 待整治. */
  name: string;
}

export interface MapCityEntry {
  adcode: string;
  name: string;
}

export interface MapCountyEntry {
  adcode: string;
  name: string;
  /** Index into `cities`. */
  city: number;
}

/** The JSON document as written by the encoder. Columns all have length `n`. */
export interface CompactMapData {
  /** Format version. */
  v: typeof MAP_DATA_VERSION;
  /** Number of outfalls. */
  n: number;
  /** Coordinate scale (COORD_SCALE). */
  s: number;
  types: MapTypeEntry[];
  statuses: MapStatusEntry[];
  cities: MapCityEntry[];
  counties: MapCountyEntry[];
  /** Receiving-water names. */
  waters: string[];
  /** Longitude × s: the first value absolute, then differences to the previous point. */
  x: number[];
  /** Latitude × s, delta-encoded like `x`. */
  y: number[];
  /** Per point: index into `types` × statuses.length + index into `statuses`. */
  ts: number[];
  /** Per point: difference of the index into `counties` to the previous point's (points are grouped by county). */
  c: number[];
  /** Per point: index into `waters`. */
  w: number[];
  /** Per point: outfall code (the URL slug), `@` standing for the county's adcode (see expandTokens). */
  code: string[];
  /** Per point: outfall name, `^` standing for the water's name and `@` for the county's (see expandTokens). */
  name: string[];
}

/** Placeholder for the point's receiving water name (in names). */
export const WATER_TOKEN = '^';
/** Placeholder for the point's county name (in names) or adcode (in codes). */
export const COUNTY_TOKEN = '@';
/** Escapes a literal `^`, `@` or `\\`. */
export const ESCAPE = '\\';

/**
 * Expands placeholders: `^` → `water`, `@` → `county`, `\\x` → `x`. The inverse of the encoder's
 * `withTokens`, exact for every string.
 *
 * @example expandTokens('^@和平街雨洪排口', '伊通河', '南关区') // '伊通河南关区和平街雨洪排口'
 */
export function expandTokens(s: string, water: string, county: string): string {
  if (!/[\\^@]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === ESCAPE) out += s[++i] ?? '';
    else if (ch === WATER_TOKEN) out += water;
    else if (ch === COUNTY_TOKEN) out += county;
    else out += ch;
  }
  return out;
}

/** One decoded outfall. Indices point into the tables of its DecodedMapData. */
export interface MapPoint {
  /** Position in `points`. */
  i: number;
  code: string;
  name: string;
  /** WGS84 longitude, rounded to 1e-5 degrees. */
  lng: number;
  /** WGS84 latitude, rounded to 1e-5 degrees. */
  lat: number;
  type: number;
  status: number;
  county: number;
  water: number;
}

export interface DecodedMapData {
  points: MapPoint[];
  types: MapTypeEntry[];
  statuses: MapStatusEntry[];
  cities: MapCityEntry[];
  counties: MapCountyEntry[];
  waters: string[];
}

/** Thrown for a document that is not valid compact map data; `code` is stable for callers. */
export class MapDataError extends Error {
  override name = 'MapDataError';
  readonly code = 'map_data_invalid';
}

const COLUMNS = ['x', 'y', 'ts', 'c', 'w', 'code', 'name'] as const;

/**
 * Decodes compact map data into points. Coordinates come back rounded to 1e-5 degrees.
 *
 * @example const { points } = decodeMapData(await (await fetch(url)).json()); points[0].code
 * @throws MapDataError naming the version, column or index that is wrong
 */
export function decodeMapData(doc: CompactMapData): DecodedMapData {
  if (!doc || doc.v !== MAP_DATA_VERSION) throw new MapDataError(`map data: unsupported version ${String(doc?.v)} (expected ${MAP_DATA_VERSION})`);
  const n = doc.n;
  for (const col of COLUMNS) {
    if (!Array.isArray(doc[col]) || doc[col].length !== n) throw new MapDataError(`map data: column "${col}" must have ${n} entries`);
  }
  const nStatus = doc.statuses.length;
  const points: MapPoint[] = new Array(n);
  let x = 0;
  let y = 0;
  let county = 0;
  for (let i = 0; i < n; i++) {
    x += doc.x[i]!;
    y += doc.y[i]!;
    county += doc.c[i]!;
    const ts = doc.ts[i]!;
    const type = Math.floor(ts / nStatus);
    const water = doc.w[i]!;
    if (type >= doc.types.length || county < 0 || county >= doc.counties.length || water >= doc.waters.length) {
      throw new MapDataError(`map data: point ${i} refers to a missing table entry`);
    }
    const c = doc.counties[county]!;
    const w = doc.waters[water]!;
    points[i] = {
      i,
      code: expandTokens(doc.code[i]!, w, c.adcode),
      name: expandTokens(doc.name[i]!, w, c.name),
      lng: x / doc.s,
      lat: y / doc.s,
      type,
      status: ts % nStatus,
      county,
      water,
    };
  }
  return { points, types: doc.types, statuses: doc.statuses, cities: doc.cities, counties: doc.counties, waters: doc.waters };
}
