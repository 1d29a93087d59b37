import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { allCounties, loadCountyFeatures, type Position } from '../../kernel/geo/admin.ts';
import { countyLookup } from '../../kernel/geo/county-lookup.ts';
import { dataPath } from '../../kernel/geo/paths.ts';
import { BUNDLED_WATERS, COUNTY_PROFILES } from './places.ts';
import { createRng } from './prng.ts';

/**
 * Where demonstration outfalls can sit, per county: the stretches of the bundled rivers and lake
 * shores (data/geo/jilin-rivers.geojson, jilin-lakes.geojson) that lie inside the county, plus the
 * county's small local rivers (COUNTY_PROFILES[adcode].localWaters), whose courses the bundled
 * layer does not have.
 *
 * A local river's course is synthetic: a meandering line of 3–20 km grown from a point well inside
 * the county. It is derived from the county code and the river name only (not from the demo seed),
 * so a local river lies in the same place in every demo dataset. Unnamed bundled lines and lakes
 * are not used: a name would have to be guessed.
 */

/** Metres per degree of latitude (mean; good to 0.5% in Jilin). */
export const M_PER_DEG = 111_320;

export type WaterKind = 'river' | 'lake' | 'stream';

export interface WaterSite {
  /** Receiving-water name, e.g. 伊通河, 松花湖, 布尔哈通河. */
  name: string;
  /** 2–4 letter code for outfall codes. */
  code: string;
  /** river/lake: bundled geometry; stream: synthetic local course. */
  kind: WaterKind;
  /** Quality target where the demo knows one. */
  qualityTarget?: string;
  /** 2023 priority water (Songhua/Liao main stems, key tributaries, key lakes). */
  priority: boolean;
  /** Large enough for port outfalls. */
  big: boolean;
  /** Segments inside the county, flattened as ax, ay, bx, by (degrees). */
  segments: Float64Array;
  /** Cumulative segment length in metres (same order as segments), for length-weighted picks. */
  cumLength: Float64Array;
  /** Total length of the stretches inside the county, metres. */
  lengthM: number;
  /** For lakes: the lake polygon, so that an outfall is placed on the shore, not in the water. */
  lakePolygon?: LakeFeature;
}

interface RiverFeature {
  properties: { name: string };
  geometry: { type: 'LineString'; coordinates: Position[] };
}
interface LakeFeature {
  type: 'Feature';
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}

function readFeatures<T>(file: string): T[] {
  return (JSON.parse(readFileSync(dataPath('geo', file), 'utf8')) as { features: T[] }).features;
}

/** Distance in metres between two lng/lat points (local equirectangular; fine below ~50 km). */
export function metres(a: Position, b: Position): number {
  const kx = M_PER_DEG * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG);
}

class SiteBuilder {
  segs: number[] = [];
  cum: number[] = [];
  total = 0;
  add(a: Position, b: Position): void {
    const d = metres(a, b);
    if (d < 1) return;
    this.segs.push(a[0], a[1], b[0], b[1]);
    this.total += d;
    this.cum.push(this.total);
  }
}

/** Splits lines into per-county stretches: a segment counts for a county when both ends lie in it. */
function collect(lines: { name: string; coords: Position[] }[]): Map<string, Map<string, SiteBuilder>> {
  const lookup = countyLookup();
  const byCounty = new Map<string, Map<string, SiteBuilder>>();
  for (const { name, coords } of lines) {
    let prev = coords[0] && lookup.countyAt(coords[0][0], coords[0][1])?.adcode;
    for (let i = 0; i + 1 < coords.length; i++) {
      const here = lookup.countyAt(coords[i + 1]![0], coords[i + 1]![1])?.adcode;
      if (prev && here === prev) {
        const m = byCounty.get(prev) ?? new Map<string, SiteBuilder>();
        byCounty.set(prev, m);
        const b = m.get(name) ?? new SiteBuilder();
        m.set(name, b);
        b.add(coords[i]!, coords[i + 1]!);
      }
      prev = here;
    }
  }
  return byCounty;
}

function toSite(name: string, kind: WaterKind, b: SiteBuilder, extra: Partial<WaterSite>): WaterSite {
  const info = BUNDLED_WATERS[name];
  return {
    name,
    code: info?.code ?? '',
    kind,
    ...(info && { qualityTarget: info.qualityTarget }),
    priority: info?.priority ?? false,
    big: info?.big ?? false,
    segments: Float64Array.from(b.segs),
    cumLength: Float64Array.from(b.cum),
    lengthM: b.total,
    ...extra,
  };
}

/**
 * Grows a synthetic local river inside the county: start at a random point at least ~1 km from the
 * county boundary, then walk in 400 m steps with a gently wandering heading until the target length
 * or the boundary is reached. Deterministic in (adcode, name).
 */
export function synthesizeStream(adcode: string, name: string): Position[] {
  const lookup = countyLookup();
  const feature = loadCountyFeatures().find((f) => f.id === adcode || f.properties.adcode === adcode);
  if (!feature) throw new Error(`synthesizeStream: unknown county ${adcode}`);
  const rings = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const ring of rings)
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  const inCounty = (p: Position) => lookup.countyAt(p[0], p[1])?.adcode === adcode;
  const rng = createRng(`stream:${adcode}:${name}`);
  const step = 400;
  let best: Position[] = [];
  let bestLen = 0;
  for (let attempt = 0; attempt < 300; attempt++) {
    const start: Position = [rng.range(minX, maxX), rng.range(minY, maxY)];
    const kx = M_PER_DEG * Math.cos((start[1] * Math.PI) / 180);
    // Keep the start ~1 km inside the county (fewer, shorter tries for the small city districts).
    const margin = attempt < 150 ? 1000 : 300;
    const probes: Position[] = [
      [start[0] + margin / kx, start[1]],
      [start[0] - margin / kx, start[1]],
      [start[0], start[1] + margin / M_PER_DEG],
      [start[0], start[1] - margin / M_PER_DEG],
    ];
    if (!inCounty(start) || !probes.every(inCounty)) continue;
    const target = rng.range(6000, 20000);
    let heading = rng.range(0, 2 * Math.PI);
    const pts: Position[] = [start];
    let len = 0;
    while (len < target) {
      heading += rng.range(-0.35, 0.35);
      const last = pts[pts.length - 1]!;
      const next: Position = [last[0] + (Math.cos(heading) * step) / kx, last[1] + (Math.sin(heading) * step) / M_PER_DEG];
      if (!inCounty(next)) break;
      pts.push(next);
      len += step;
    }
    if (len > bestLen) {
      best = pts;
      bestLen = len;
    }
    if (len >= 3000) break;
  }
  if (best.length < 2) throw new Error(`synthesizeStream: no room for ${name} in ${adcode}`);
  return best.map(([x, y]) => [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5]);
}

export interface CountyWaters {
  /** Bundled river and lake stretches inside the county. */
  bundled: WaterSite[];
  /** The county's local rivers with their synthetic courses. */
  local: WaterSite[];
}

let cache: Map<string, CountyWaters> | undefined;

/**
 * The placement index for every county (built once per process, ~100 ms).
 *
 * @example demoWaters().get('220102')?.bundled.map((w) => w.name) // ['伊通河']
 */
export function demoWaters(): Map<string, CountyWaters> {
  if (cache) return cache;
  const rivers = readFeatures<RiverFeature>('jilin-rivers.geojson').filter((f) => f.properties.name && BUNDLED_WATERS[f.properties.name]);
  const lakes = readFeatures<LakeFeature>('jilin-lakes.geojson').filter((f) => f.properties.name && BUNDLED_WATERS[f.properties.name]);
  const riverParts = collect(rivers.map((f) => ({ name: f.properties.name, coords: f.geometry.coordinates })));
  const lakeRings = lakes.flatMap((f) => {
    // Shells only (the layer has no islands); they are counter-clockwise, so "right" is outward.
    const shells = f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]!] : f.geometry.coordinates.map((p) => p[0]!);
    return shells.map((coords) => ({ name: f.properties.name, coords }));
  });
  const lakeParts = collect(lakeRings);
  const lakeByName = new Map(lakes.map((f) => [f.properties.name, f]));

  cache = new Map();
  for (const county of allCounties()) {
    const bundled: WaterSite[] = [];
    for (const [name, b] of riverParts.get(county.adcode) ?? []) bundled.push(toSite(name, 'river', b, {}));
    for (const [name, b] of lakeParts.get(county.adcode) ?? []) bundled.push(toSite(name, 'lake', b, { lakePolygon: lakeByName.get(name)! }));
    // A stretch under 2 km is a river grazing the county edge: not a place to put outfalls on.
    const usable = bundled.filter((s) => s.lengthM >= 2000).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const local = (COUNTY_PROFILES[county.adcode]?.localWaters ?? []).map((lw) => {
      const b = new SiteBuilder();
      const line = synthesizeStream(county.adcode, lw.name);
      for (let i = 0; i + 1 < line.length; i++) b.add(line[i]!, line[i + 1]!);
      return { ...toSite(lw.name, 'stream', b, {}), code: lw.code };
    });
    cache.set(county.adcode, { bundled: usable, local });
  }
  return cache;
}

/** Whether a point lies in the water of a lake site (used to keep shore outfalls on land). */
export function inLake(site: WaterSite, lng: number, lat: number): boolean {
  return site.lakePolygon ? booleanPointInPolygon([lng, lat], site.lakePolygon) : false;
}
