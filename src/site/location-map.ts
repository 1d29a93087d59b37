import { readFileSync } from 'node:fs';
import { countyByAdcode, loadCountyFeatures, type PolygonCoords, type Position } from '../kernel/geo/admin.ts';
import { dataPath } from '../kernel/geo/paths.ts';
import { DEFAULT_LOCALE, type Locale, type MessageKey, t } from '../kernel/i18n/index.ts';

/**
 * Small static location maps for the outfall pages, drawn at build time (no map library, no client
 * JavaScript). Each county gets ONE SVG (`/maps/counties/<adcode>.svg`): its outline, the outlines of
 * its neighbours for context, and the bundled rivers and lakes clipped to the frame, simplified to
 * whole pixels so the file is a few KB. Every outfall page of that county shows the same cached image
 * and positions its marker over it with percentages from `markerPosition`, so a citizen browsing
 * several outfalls of one county downloads the map once.
 *
 * Projection: plate carrée with longitude scaled by cos(latitude of the frame's centre). Over one
 * county (≤ 2°) the distortion is invisible, and it keeps the marker arithmetic trivially exact.
 */

/** Width of every county map in SVG user units (the image scales to the page width). */
export const MAP_WIDTH = 600;
/** Padding around the county, as a share of its extent, so neighbours and rivers give context. */
const PADDING = 0.12;
/** Aspect ratio limits (width / height): very tall or very wide counties get more context instead. */
const MIN_ASPECT = 0.8;
const MAX_ASPECT = 1.6;
/** Douglas–Peucker tolerance in SVG units: below what a phone screen can show at this scale. */
const TOLERANCE = 0.8;

export interface CountyMapFrame {
  adcode: string;
  /** County name, e.g. 南关区. */
  name: string;
  /** SVG size in user units (also the <img> width/height attributes, which fix the aspect ratio). */
  width: number;
  height: number;
  /** West edge and north edge of the frame (degrees), and units per degree of longitude/latitude. */
  west: number;
  north: number;
  kx: number;
  ky: number;
  /** The county's own extent in frame units, to describe where in the county a point lies. */
  county: { x0: number; y0: number; x1: number; y1: number };
}

type Geometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };

function rings(g: Geometry): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

function bbox(points: Iterable<Position>): [number, number, number, number] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const [x, y] of points) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

const frames = new Map<string, CountyMapFrame>();

/**
 * The frame of a county's map: where it is, how large, and its scale.
 *
 * @example countyMapFrame('220102').width // 600
 */
export function countyMapFrame(adcode: string): CountyMapFrame {
  const cached = frames.get(adcode);
  if (cached) return cached;
  const feature = loadCountyFeatures().find((f) => f.properties.adcode === adcode);
  if (!feature) throw new Error(`countyMapFrame: unknown county adcode ${adcode}`);
  const [w, s, e, n] = bbox(rings(feature.geometry).flat());
  const cos = Math.cos((((s + n) / 2) * Math.PI) / 180);
  // Extent in "km-like" units (degrees of latitude), padded, then stretched to an acceptable aspect.
  let spanX = (e - w) * cos * (1 + 2 * PADDING);
  let spanY = (n - s) * (1 + 2 * PADDING);
  if (spanX / spanY < MIN_ASPECT) spanX = spanY * MIN_ASPECT;
  if (spanX / spanY > MAX_ASPECT) spanY = spanX / MAX_ASPECT;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const k = MAP_WIDTH / spanX;
  const height = Math.round(spanY * k);
  const frame: CountyMapFrame = {
    adcode,
    name: feature.properties.name,
    width: MAP_WIDTH,
    height,
    west: cx - spanX / 2 / cos,
    north: cy + spanY / 2,
    kx: k * cos,
    ky: k,
    county: { x0: 0, y0: 0, x1: 0, y1: 0 },
  };
  const [x0, y0] = project(frame, [w, n]);
  const [x1, y1] = project(frame, [e, s]);
  frame.county = { x0, y0, x1, y1 };
  frames.set(adcode, frame);
  return frame;
}

function project(f: CountyMapFrame, [lng, lat]: Position): Position {
  return [(lng - f.west) * f.kx, (f.north - lat) * f.ky];
}

/**
 * Where an outfall's marker goes over its county map, as percentages of the image's width and
 * height (for `left`/`top` in an inline style). Points outside the frame (a record whose coordinates
 * fall outside its stated county) are clamped to the edge and flagged.
 *
 * @example markerPosition(countyMapFrame('220102'), 125.35, 43.85) // { left: 48.21, top: 51.7, inside: true }
 */
export function markerPosition(f: CountyMapFrame, lng: number, lat: number): { left: number; top: number; inside: boolean } {
  const [x, y] = project(f, [lng, lat]);
  const left = (x / f.width) * 100;
  const top = (y / f.height) * 100;
  const inside = left >= 0 && left <= 100 && top >= 0 && top <= 100;
  const clamp = (v: number) => Math.round(Math.min(100, Math.max(0, v)) * 100) / 100;
  return { left: clamp(left), top: clamp(top), inside };
}

/** The nine parts of a county by thirds: rows north to south, columns west to east. */
const PLACE_KEYS: readonly (readonly MessageKey[])[] = [
  ['outfallPage.mapPlace.northWest', 'outfallPage.mapPlace.north', 'outfallPage.mapPlace.northEast'],
  ['outfallPage.mapPlace.west', 'outfallPage.mapPlace.centre', 'outfallPage.mapPlace.east'],
  ['outfallPage.mapPlace.southWest', 'outfallPage.mapPlace.south', 'outfallPage.mapPlace.southEast'],
];

/**
 * Where in the county a point lies, in words for the map's text alternative: 北部, 东南部, 中部 …
 *
 * @example placeInCounty(countyMapFrame('220102'), 125.35, 43.85) // '中部'
 */
export function placeInCounty(f: CountyMapFrame, lng: number, lat: number, locale: Locale = DEFAULT_LOCALE): string {
  const [x, y] = project(f, [lng, lat]);
  const { x0, y0, x1, y1 } = f.county;
  const third = (v: number, a: number, b: number) => (v < a + (b - a) / 3 ? 0 : v > b - (b - a) / 3 ? 2 : 1);
  return t(PLACE_KEYS[third(y, y0, y1)]![third(x, x0, x1)]!, undefined, locale);
}

/** Iterative Douglas–Peucker over projected points; keeps the first and last point. */
function simplify(points: Position[], tolerance: number): Position[] {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = points[a]!;
    const [bx, by] = points[b]!;
    const dx = bx - ax,
      dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1,
      worstD = t2;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i]!;
      let d: number;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const u = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - u * dx) ** 2 + (py - ay - u * dy) ** 2;
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** Simplifies and rounds a projected line; drops points that round onto their predecessor. */
function prepare(line: Position[]): Position[] {
  const simplified = simplify(line, TOLERANCE);
  const out: Position[] = [];
  for (const [x, y] of simplified) {
    const p: Position = [Math.round(x), Math.round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Relative path data (`M12 34l3-2 4 5`): whole-pixel deltas are the compact form of SVG paths. */
function pathData(line: Position[], close: boolean): string {
  if (line.length < 2) return '';
  const [x0, y0] = line[0]!;
  let d = `M${x0} ${y0}l`;
  let first = true;
  for (let i = 1; i < line.length; i++) {
    const dx = line[i]![0] - line[i - 1]![0];
    const dy = line[i]![1] - line[i - 1]![1];
    const sx = String(dx);
    d += (first || dx < 0 ? '' : ' ') + sx + (dy < 0 ? '' : ' ') + dy;
    first = false;
  }
  return close ? `${d}z` : d;
}

/**
 * Splits a projected line into the runs that touch the frame (plus a margin), so geometry far
 * outside the picture is not shipped. Lines, not fills: a cut run is only ever stroked.
 */
function clipRuns(f: CountyMapFrame, line: Position[], margin = 4): Position[][] {
  const x0 = -margin,
    y0 = -margin,
    x1 = f.width + margin,
    y1 = f.height + margin;
  const touches = (a: Position, b: Position) =>
    Math.max(a[0], b[0]) >= x0 && Math.min(a[0], b[0]) <= x1 && Math.max(a[1], b[1]) >= y0 && Math.min(a[1], b[1]) <= y1;
  const runs: Position[][] = [];
  let run: Position[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!,
      b = line[i]!;
    if (touches(a, b)) {
      if (!run.length) run.push(a);
      run.push(b);
    } else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

interface LineFeature {
  properties: { name: string };
  geometry: { type: 'LineString'; coordinates: Position[] } | { type: 'MultiLineString'; coordinates: Position[][] };
}
interface LakeFeature {
  properties: { name: string };
  geometry: Geometry;
}

let rivers: LineFeature[] | undefined;
let lakes: LakeFeature[] | undefined;
function loadRivers(): LineFeature[] {
  rivers ??= (JSON.parse(readFileSync(dataPath('geo', 'jilin-rivers.geojson'), 'utf8')) as { features: LineFeature[] }).features;
  return rivers;
}
function loadLakes(): LakeFeature[] {
  lakes ??= (JSON.parse(readFileSync(dataPath('geo', 'jilin-lakes.geojson'), 'utf8')) as { features: LakeFeature[] }).features;
  return lakes;
}

function lineLength(line: Position[]): number {
  let sum = 0;
  for (let i = 1; i < line.length; i++) sum += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return sum;
}

/** A point half-way along the part of a run that lies inside the frame, for a label. */
function labelPoint(f: CountyMapFrame, run: Position[]): Position | undefined {
  const inside = run.filter(([x, y]) => x > 30 && x < f.width - 30 && y > 16 && y < f.height - 10);
  if (inside.length < 2 || lineLength(inside) < 80) return undefined;
  let target = lineLength(inside) / 2;
  for (let i = 1; i < inside.length; i++) {
    const seg = Math.hypot(inside[i]![0] - inside[i - 1]![0], inside[i]![1] - inside[i - 1]![1]);
    if (target <= seg) return inside[i]!;
    target -= seg;
  }
  return inside[inside.length - 1];
}

const escapeXml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The county's location map as a standalone SVG document: neighbours' borders, rivers and lakes
 * (with their names), and the county itself highlighted. Deterministic, so rebuilds are byte-equal.
 *
 * @example countyMapSvg('220102').startsWith('<svg') // true
 */
export function countyMapSvg(adcode: string): string {
  const f = countyMapFrame(adcode);
  const county = countyByAdcode(adcode)!;
  const inFrame = ([w, s, e, n]: [number, number, number, number]) => {
    const [ax, ay] = project(f, [w, n]);
    const [bx, by] = project(f, [e, s]);
    return bx >= 0 && ax <= f.width && by >= 0 && ay <= f.height;
  };

  const neighbours: string[] = [];
  let self = '';
  for (const feature of loadCountyFeatures()) {
    const rs = rings(feature.geometry);
    if (feature.properties.adcode === adcode) {
      self = rs.map((r) => pathData(prepare(r.map((p) => project(f, p))), true)).join('');
      continue;
    }
    if (!inFrame(bbox(rs.flat()))) continue;
    for (const r of rs) {
      for (const run of clipRuns(
        f,
        r.map((p) => project(f, p)),
      ))
        neighbours.push(pathData(prepare(run), false));
    }
  }

  const waterLines: string[] = [];
  const labels: { x: number; y: number; name: string }[] = [];
  for (const river of loadRivers()) {
    const lines = river.geometry.type === 'LineString' ? [river.geometry.coordinates] : river.geometry.coordinates;
    let best: { run: Position[]; len: number } | undefined;
    for (const line of lines) {
      for (const run of clipRuns(
        f,
        line.map((p) => project(f, p)),
      )) {
        const px = prepare(run);
        waterLines.push(pathData(px, false));
        const len = lineLength(px);
        if (!best || len > best.len) best = { run: px, len };
      }
    }
    const at = river.properties.name && best ? labelPoint(f, best.run) : undefined;
    if (at && !labels.some((l) => l.name === river.properties.name)) labels.push({ x: at[0], y: at[1], name: river.properties.name });
  }
  const lakeAreas: string[] = [];
  for (const lake of loadLakes()) {
    const rs = rings(lake.geometry);
    const b = bbox(rs.flat());
    if (!inFrame(b)) continue;
    lakeAreas.push(rs.map((r) => pathData(prepare(r.map((p) => project(f, p))), true)).join(''));
    const [cx, cy] = project(f, [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
    if (lake.properties.name && cx > 30 && cx < f.width - 30 && cy > 16 && cy < f.height - 10)
      labels.push({ x: Math.round(cx), y: Math.round(cy), name: lake.properties.name });
  }

  // Colours: land neutral, the county a light tint with a dark edge, water a blue that stays
  // distinguishable in sunlight. The marker is drawn by the page, in red, over all of this.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}">` +
    `<title>${escapeXml(t('outfallPage.mapTitle', { place: `${county.cityName}${county.name}` }))}</title>` +
    `<rect width="100%" height="100%" fill="#eef0ea"/>` +
    `<path d="${self}" fill="#fffdf5" stroke="none"/>` +
    (lakeAreas.length ? `<path d="${lakeAreas.join('')}" fill="#9cc7e6" stroke="#2f78b7" stroke-width="1"/>` : '') +
    (waterLines.length
      ? `<path d="${waterLines.join('')}" fill="none" stroke="#2f78b7" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`
      : '') +
    (neighbours.length ? `<path d="${neighbours.join('')}" fill="none" stroke="#8a8f87" stroke-width="1.2" stroke-dasharray="5 3"/>` : '') +
    `<path d="${self}" fill="none" stroke="#2b2b2b" stroke-width="2.5" stroke-linejoin="round"/>` +
    (labels.length
      ? `<g font-family="system-ui,sans-serif" font-size="20" fill="#17456e" stroke="#fff" stroke-width="4" paint-order="stroke" text-anchor="middle">` +
        labels.map((l) => `<text x="${l.x}" y="${l.y}">${escapeXml(l.name)}</text>`).join('') +
        `</g>`
      : '') +
    `</svg>`
  );
}

/**
 * The public URL of a county's map image.
 *
 * @example countyMapPath('220102') // '/maps/counties/220102.svg'
 */
export function countyMapPath(adcode: string, base = ''): string {
  return `${base}/maps/counties/${adcode}.svg`;
}
