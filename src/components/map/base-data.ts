import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import polylabel from 'polylabel';
import { merge, mesh } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type County, loadCountyFeatures } from '../../kernel/geo/admin.ts';
import { dataPath } from '../../kernel/geo/paths.ts';

/**
 * The map's own base layer, drawn from the bundled reference data (data/geo) so that the map works
 * with no tile service: the province, city and county boundaries, rivers, lakes and label points,
 * as one GeoJSON FeatureCollection whose features carry a `kind`.
 *
 * Boundaries go through a topology first: shared borders become one arc each, so simplifying them
 * cannot open gaps or overlaps between neighbouring counties, and every border is drawn once (the
 * city border between two counties of different cities is not drawn again as a county border).
 * Build time only (reads files).
 */

/** What each feature of the base layer is; the style filters layers on it. */
export type BaseKind = 'province' | 'city-border' | 'county-border' | 'river' | 'lake' | 'city-label' | 'county-label' | 'lake-label';

export interface BaseOptions {
  /**
   * Planar triangle area (square degrees) under which a vertex is dropped (Visvalingam). The source
   * boundaries step in 200–600 m segments; 2e-5 deg² (a triangle of about 1 km base and 400 m
   * height) keeps every bend visible at county zoom (z9–10 on a phone) and halves the vertices
   * (26,202 → 12,847; measured in bench/map-data.ts).
   */
  minArea?: number;
  /** Decimal places kept: 4 is about 10 m, finer than the source data. */
  precision?: number;
}

interface RiverProps {
  name: string;
  level: number;
}
interface LakeProps {
  name: string;
  altName?: string;
  type?: string;
  areaKm2?: number;
}

function readCollection<G extends Geometry, P>(file: string): FeatureCollection<G, P> {
  return JSON.parse(readFileSync(dataPath('geo', file), 'utf8')) as FeatureCollection<G, P>;
}

function roundLine(line: Position[], factor: number): Position[] {
  const out: Position[] = [];
  for (const p of line) {
    const q: Position = [Math.round(p[0]! * factor) / factor, Math.round(p[1]! * factor) / factor];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

function roundGeometry<G extends Geometry>(g: G, factor: number): G {
  switch (g.type) {
    case 'LineString':
      return { ...g, coordinates: roundLine(g.coordinates, factor) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((l) => roundLine(l, factor)).filter((l) => l.length >= 2) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((l) => roundLine(l, factor)).filter((l) => l.length >= 4)).filter((p) => p.length > 0) };
    default:
      return g;
  }
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return Math.abs(a / 2);
}

/** The pole of inaccessibility of the largest part: a label point that is always inside the shape. */
function labelPoint(g: Polygon | MultiPolygon, precision: number): Position {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const largest = polys.reduce((a, b) => (ringArea(b[0]!) > ringArea(a[0]!) ? b : a));
  const p = polylabel(largest as [number, number][][], 0.001);
  const f = 10 ** precision;
  return [Math.round(p[0]! * f) / f, Math.round(p[1]! * f) / f];
}

function feature<G extends Geometry>(kind: BaseKind, geometry: G, props: Record<string, string | number> = {}): Feature<G> {
  return { type: 'Feature', geometry, properties: { kind, ...props } };
}

/**
 * Builds the base layer.
 *
 * @example buildBaseLayer().features.filter((f) => f.properties?.kind === 'county-label').length // 60
 */
export function buildBaseLayer({ minArea = 2e-5, precision = 4 }: BaseOptions = {}): FeatureCollection {
  const counties = loadCountyFeatures();
  const rivers = readCollection<LineString | MultiLineString, RiverProps>('jilin-rivers.geojson');
  const lakes = readCollection<Polygon | MultiPolygon, LakeProps>('jilin-lakes.geojson');

  // No quantisation: the sources already have 5 decimals and rounding happens at the end.
  const topo = topology({
    counties: { type: 'FeatureCollection', features: counties } as unknown as FeatureCollection,
    rivers,
    lakes,
  }) as unknown as Topology<{ counties: GeometryCollection<County>; rivers: GeometryCollection<RiverProps>; lakes: GeometryCollection<LakeProps> }>;
  const simple = simplify(presimplify(topo), minArea);
  // topojson's types do not carry the properties through; these are the ones put in above.
  const cityOf = (g: { properties?: unknown }) => (g.properties as County).cityAdcode;
  const factor = 10 ** precision;
  const cg = simple.objects.counties;
  const out: Feature[] = [];

  out.push(feature('province', roundGeometry(merge(simple, cg.geometries as never), factor)));
  out.push(
    feature(
      'city-border',
      roundGeometry(
        mesh(simple, cg, (a, b) => a !== b && cityOf(a) !== cityOf(b)),
        factor,
      ),
    ),
  );
  out.push(
    feature(
      'county-border',
      roundGeometry(
        mesh(simple, cg, (a, b) => a !== b && cityOf(a) === cityOf(b)),
        factor,
      ),
    ),
  );

  for (const g of simple.objects.rivers.geometries) {
    const geometry = roundGeometry(mesh(simple, g as never), factor);
    const props = g.properties as RiverProps;
    out.push(feature('river', geometry, props.name ? { name: props.name, level: props.level } : { level: props.level }));
  }
  for (const g of simple.objects.lakes.geometries) {
    const geometry = roundGeometry(merge(simple, [g as never]), factor);
    if (geometry.coordinates.length === 0) continue;
    const name = (g.properties as LakeProps).name;
    out.push(feature('lake', geometry, name ? { name } : {}));
    if (name) out.push(feature('lake-label', { type: 'Point', coordinates: labelPoint(geometry, precision) }, { name }));
  }

  // Labels from the unsimplified shapes, so the point is inside the real boundary.
  const byCity = new Map<string, { name: string; parts: (Polygon | MultiPolygon)[] }>();
  for (const c of counties) {
    out.push(
      feature('county-label', { type: 'Point', coordinates: labelPoint(c.geometry, precision) }, { name: c.properties.name, adcode: c.properties.adcode }),
    );
    const entry = byCity.get(c.properties.cityAdcode) ?? { name: c.properties.cityName, parts: [] };
    entry.parts.push(c.geometry);
    byCity.set(c.properties.cityAdcode, entry);
  }
  const cityGeoms = new Map<string, MultiPolygon>();
  for (const [adcode] of byCity) {
    cityGeoms.set(adcode, merge(topo, cg.geometries.filter((g) => cityOf(g) === adcode) as never));
  }
  for (const [adcode, { name }] of byCity) {
    out.push(feature('city-label', { type: 'Point', coordinates: labelPoint(cityGeoms.get(adcode)!, precision) }, { name, adcode }));
  }
  return { type: 'FeatureCollection', features: out };
}

/**
 * Quantisation of the served topology: 30,000 steps across the province's ~10° is about 35 m,
 * finer than the simplified lines. TopoJSON's quantised, delta-encoded arcs are half the brotli
 * bytes of the same lines as GeoJSON; the browser turns them back into GeoJSON with
 * topojson-client's `feature()`.
 */
export const BASE_QUANTIZATION = 30_000;

export interface BaseLayerFile {
  body: string;
  hash: string;
  /** Site path, e.g. `/map/base.0a1b2c3d4e5f.json`. */
  path: string;
}

let cached: BaseLayerFile | undefined;

/**
 * The content-hashed base layer file served by src/pages/map/base.[hash].json.ts: a TopoJSON
 * topology with one object, `base` (built once per process: it depends only on the bundled data).
 */
export function baseLayerFile(): BaseLayerFile {
  if (!cached) {
    const body = JSON.stringify(topology({ base: buildBaseLayer() }, BASE_QUANTIZATION));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    cached = { body, hash, path: `/map/base.${hash}.json` };
  }
  return cached;
}
