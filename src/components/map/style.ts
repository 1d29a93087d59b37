import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';

/**
 * The home page map's style: which base (bundled data, Tianditu or an XYZ raster service) and the
 * outfall layers on top. Pure data (types only from maplibre), so it is unit-tested and built in
 * the browser without pulling maplibre in before it is needed.
 */

/** Base map configuration, decided at build time from TIANDITU_TOKEN / MAP_TILE_URL. */
export type BaseConfig =
  | { kind: 'bundled'; attribution: string }
  | { kind: 'tianditu'; token: string; attribution: string }
  | { kind: 'xyz'; url: string; attribution: string };

/**
 * Chooses the base: Tianditu when a token is configured, else an XYZ raster URL when configured,
 * else the bundled boundaries, rivers and lakes (no external service).
 *
 * @example baseConfig({ TIANDITU_TOKEN: undefined, MAP_TILE_URL: undefined }, { bundled: '…', tianditu: '…' }).kind // 'bundled'
 */
export function baseConfig(
  config: { TIANDITU_TOKEN?: string | undefined; MAP_TILE_URL?: string | undefined; MAP_TILE_ATTRIBUTION?: string | undefined },
  attribution: { bundled: string; tianditu: string },
): BaseConfig {
  if (config.TIANDITU_TOKEN) return { kind: 'tianditu', token: config.TIANDITU_TOKEN, attribution: attribution.tianditu };
  if (config.MAP_TILE_URL) return { kind: 'xyz', url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION ?? '' };
  return { kind: 'bundled', attribution: attribution.bundled };
}

/**
 * Tianditu (天地图) WMTS tile URL templates for one layer of the web-mercator ("_w") set, one per
 * subdomain t0–t7. `vec` is the vector base map, `cva` its Chinese annotation (labels).
 *
 * @example tiandituTiles('vec', 'KEY')[0] // 'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&…&tk=KEY'
 */
export function tiandituTiles(layer: 'vec' | 'cva', token: string): string[] {
  return Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(token)}`,
  );
}

/**
 * Colours of the level-1 types, from the Okabe–Ito palette (distinguishable with the common
 * colour-vision deficiencies). Every point also has a dark outline, so it stands out at ≥ 3:1
 * against the light base whatever its fill (WCAG 1.4.11); the type is also given in text in the
 * card and the list.
 */
export const TYPE_COLORS: Record<string, string> = {
  industrial: '#D55E00',
  municipal: '#0072B2',
  agricultural: '#009E73',
  other: '#CC79A7',
};

/** Font stacks with self-hosted glyphs (components/map/glyphs.ts). */
const REGULAR = ['NotoSans-Regular'];
const BOLD = ['NotoSans-Bold'];

const kind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];

export interface StyleOptions {
  base: BaseConfig;
  /** Glyph URL template, `…/{fontstack}/{range}.pbf` (absolute: maplibre resolves it in a worker). */
  glyphs: string;
  /** Level-1 type keys in the order of the map data's `types` table. */
  typeKeys: string[];
  /** Label of the visitor's location (near-me), translated. */
  youAreHere?: string;
}

/** Source and layer ids the page script uses. */
export const IDS = {
  base: 'base',
  outfalls: 'outfalls',
  clusters: 'outfall-clusters',
  clusterCount: 'outfall-cluster-count',
  points: 'outfall-points',
  selected: 'outfall-selected',
  user: 'user-location',
  userHalo: 'user-location-halo',
  userLabel: 'user-location-label',
} as const;

function baseLayers(base: BaseConfig): LayerSpecification[] {
  const boundaries: LayerSpecification[] = [
    {
      id: 'county-border',
      type: 'line',
      source: IDS.base,
      filter: kind('county-border'),
      paint: { 'line-color': '#7d8b99', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.5, 10, 1.2], 'line-dasharray': [3, 2] },
    },
    {
      id: 'city-border',
      type: 'line',
      source: IDS.base,
      filter: kind('city-border'),
      paint: { 'line-color': '#56636f', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.9, 10, 2] },
    },
    {
      id: 'province-line',
      type: 'line',
      source: IDS.base,
      filter: kind('province'),
      paint: { 'line-color': '#2f3b46', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.5, 10, 3] },
    },
  ];
  if (base.kind !== 'bundled') return boundaries;
  const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 };
  return [
    { id: 'background', type: 'background', paint: { 'background-color': '#dde3e8' } },
    { id: 'province-fill', type: 'fill', source: IDS.base, filter: kind('province'), paint: { 'fill-color': '#f9f8f3' } },
    { id: 'lake', type: 'fill', source: IDS.base, filter: kind('lake'), paint: { 'fill-color': '#a9cfea' } },
    {
      id: 'river',
      type: 'line',
      source: IDS.base,
      filter: kind('river'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': '#6fa8d6',
        'line-width': ['interpolate', ['linear'], ['zoom'], 6, ['match', ['get', 'level'], 1, 1.6, 1], 11, ['match', ['get', 'level'], 1, 4, 2.5]],
      },
    },
    ...boundaries,
    {
      id: 'river-label',
      type: 'symbol',
      source: IDS.base,
      filter: ['all', kind('river'), ['has', 'name']],
      minzoom: 7,
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'name'], 'text-font': REGULAR, 'text-size': 12, 'symbol-spacing': 300 },
      paint: { 'text-color': '#1d5a8e', ...halo },
    },
    {
      id: 'lake-label',
      type: 'symbol',
      source: IDS.base,
      filter: kind('lake-label'),
      minzoom: 7,
      layout: { 'text-field': ['get', 'name'], 'text-font': REGULAR, 'text-size': 12 },
      paint: { 'text-color': '#1d5a8e', ...halo },
    },
    {
      id: 'county-label',
      type: 'symbol',
      source: IDS.base,
      filter: kind('county-label'),
      minzoom: 7.5,
      layout: { 'text-field': ['get', 'name'], 'text-font': REGULAR, 'text-size': ['interpolate', ['linear'], ['zoom'], 7.5, 12, 11, 15] },
      paint: { 'text-color': '#2b2b2b', ...halo },
    },
    {
      id: 'city-label',
      type: 'symbol',
      source: IDS.base,
      filter: kind('city-label'),
      maxzoom: 9,
      layout: { 'text-field': ['get', 'name'], 'text-font': BOLD, 'text-size': 14 },
      paint: { 'text-color': '#111111', ...halo },
    },
  ];
}

function baseSources(base: BaseConfig): Record<string, SourceSpecification> {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  const sources: Record<string, SourceSpecification> = {
    [IDS.base]: { type: 'geojson', data: empty, attribution: base.kind === 'bundled' ? base.attribution : undefined },
  };
  if (base.kind === 'tianditu') {
    sources['tianditu-vec'] = { type: 'raster', tiles: tiandituTiles('vec', base.token), tileSize: 256, maxzoom: 18, attribution: base.attribution };
    sources['tianditu-cva'] = { type: 'raster', tiles: tiandituTiles('cva', base.token), tileSize: 256, maxzoom: 18 };
  } else if (base.kind === 'xyz') {
    sources.xyz = { type: 'raster', tiles: [base.url], tileSize: 256, maxzoom: 19, attribution: base.attribution };
  }
  return sources;
}

function rasterLayers(base: BaseConfig): LayerSpecification[] {
  if (base.kind === 'tianditu') {
    return [
      { id: 'tianditu-vec', type: 'raster', source: 'tianditu-vec' },
      { id: 'tianditu-cva', type: 'raster', source: 'tianditu-cva' },
    ];
  }
  if (base.kind === 'xyz') return [{ id: 'xyz', type: 'raster', source: 'xyz' }];
  return [];
}

/**
 * The complete style. The base source starts empty and the outfall source too: the page script
 * fills them with setData once the files are decoded.
 *
 * @example new maplibregl.Map({ container, style: mapStyle({ base, glyphs, typeKeys }) })
 */
export function mapStyle({ base, glyphs, typeKeys, youAreHere = '' }: StyleOptions): StyleSpecification {
  const typeColor: ExpressionSpecification = [
    'match',
    ['get', 't'],
    ...typeKeys.flatMap((k, i) => [i, TYPE_COLORS[k] ?? '#555555']),
    '#555555',
  ] as unknown as ExpressionSpecification;
  const outfallLayers: LayerSpecification[] = [
    {
      id: IDS.clusters,
      type: 'circle',
      source: IDS.outfalls,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#0b5394',
        'circle-opacity': 0.92,
        'circle-radius': ['step', ['get', 'point_count'], 16, 10, 19, 50, 23, 200, 28],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: IDS.clusterCount,
      type: 'symbol',
      source: IDS.outfalls,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': BOLD, 'text-size': 13, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: IDS.points,
      type: 'circle',
      source: IDS.outfalls,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': typeColor,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 6, 14, 9],
        'circle-stroke-color': '#1a1a1a',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: IDS.selected,
      type: 'circle',
      source: IDS.outfalls,
      filter: ['==', ['get', 'i'], -1],
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 15, 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 4 },
    },
    // The visitor: a dot in a wide halo with a text label, so it is not taken for an outfall.
    {
      id: IDS.userHalo,
      type: 'circle',
      source: IDS.user,
      paint: { 'circle-color': 'rgba(26,115,232,0.22)', 'circle-radius': 20, 'circle-stroke-color': '#1a73e8', 'circle-stroke-width': 1 },
    },
    {
      id: IDS.user,
      type: 'circle',
      source: IDS.user,
      paint: { 'circle-color': '#1a73e8', 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    },
    {
      id: IDS.userLabel,
      type: 'symbol',
      source: IDS.user,
      layout: { 'text-field': youAreHere, 'text-font': BOLD, 'text-size': 13, 'text-offset': [0, 1.9], 'text-anchor': 'top', 'text-allow-overlap': true },
      paint: { 'text-color': '#0b3d91', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
  ];
  return {
    version: 8,
    glyphs,
    sources: {
      ...baseSources(base),
      [IDS.outfalls]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 45, clusterMaxZoom: 13 },
      [IDS.user]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [...rasterLayers(base), ...baseLayers(base), ...outfallLayers],
  };
}
