import type { FeatureCollection, Point } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { MapPoint } from '../../site/map-format.ts';
import { createJilinMap, loadMapStylesheet, PROVINCE } from './jilin-map.ts';
import { type BaseConfig, IDS, mapStyle } from './style.ts';

/**
 * The WebGL map (maplibre-gl), loaded by the page script only after first paint: this module and
 * maplibre are one lazily imported chunk, so the page, its filters and list work before (and
 * without) it.
 */

export interface MapViewOptions {
  container: HTMLElement;
  base: BaseConfig;
  /** Absolute URL of the base layer TopoJSON. */
  baseUrl: string;
  /** Absolute glyph URL template. */
  glyphs: string;
  typeKeys: string[];
  /** Label of the visitor's location, translated. */
  youAreHere: string;
  /** maplibre UI strings (locale), already translated. */
  locale: Record<string, string>;
  /** A point was chosen on the map (click, tap, or Enter on the focused map). */
  onSelect(index: number, how: 'pointer' | 'keyboard'): void;
}

export interface MapView {
  /** Shows these points (the filtered set), clustered. */
  setPoints(points: readonly MapPoint[]): void;
  /** Highlights a point and, with `fly`, moves the map to it; `null` clears. */
  select(point: MapPoint | null, fly: boolean): void;
  /** Shows the visitor's location and centres the map on it and the nearest outfalls given. */
  showUser(lng: number, lat: number, nearest: readonly MapPoint[]): void;
  map: maplibregl.Map;
}

/** Pixel radius around the map centre searched when Enter is pressed on the focused map. */
const KEYBOARD_PICK_RADIUS = 40;

function toFeatures(points: readonly MapPoint[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: { i: p.i, t: p.type } })),
  };
}

/**
 * Creates the map; resolves when its style has loaded.
 *
 * @example const view = await createMapView({ container, base, baseUrl, glyphs, typeKeys, locale, onSelect })
 */
export async function createMapView(o: MapViewOptions): Promise<MapView> {
  await loadMapStylesheet();
  const map = createJilinMap({
    container: o.container,
    style: mapStyle({ base: o.base, glyphs: o.glyphs, typeKeys: o.typeKeys, youAreHere: o.youAreHere }),
    bounds: PROVINCE,
    locale: o.locale,
    // Keep the page usable with keyboard and screen readers: the canvas is focusable (tabindex 0)
    // and maplibre's keyboard handler pans with the arrow keys and zooms with + and −.
    keyboard: true,
  });

  // The style is inline, so 'load' always comes; errors after it (a tile service that is down, a
  // glyph range that failed) leave the rest of the map working, so they are only logged.
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  map.on('error', (e) => console.warn('map:', e.error?.message ?? e));
  const baseData = fetch(o.baseUrl).then((r) => {
    if (!r.ok) throw new Error(`base layer: HTTP ${r.status}`);
    return r.json() as Promise<Topology>;
  });
  await loaded;
  // The compact attribution starts unfolded and covers the bottom of a phone-sized map; fold it
  // (its ⓘ button still opens it).
  const attrib = o.container.querySelector('.maplibregl-ctrl-attrib');
  attrib?.classList.remove('maplibregl-compact-show');
  attrib?.removeAttribute('open');
  const topo = await baseData;
  (map.getSource(IDS.base) as maplibregl.GeoJSONSource).setData(feature(topo, topo.objects.base!) as FeatureCollection);

  const outfalls = () => map.getSource(IDS.outfalls) as maplibregl.GeoJSONSource;

  async function pick(features: maplibregl.MapGeoJSONFeature[], how: 'pointer' | 'keyboard') {
    const f = features[0];
    if (!f) return;
    const coords = (f.geometry as Point).coordinates as [number, number];
    if (f.properties.cluster) {
      const zoom = await outfalls().getClusterExpansionZoom(f.properties.cluster_id as number);
      map.easeTo({ center: coords, zoom: Math.min(zoom, 18) });
    } else {
      o.onSelect(f.properties.i as number, how);
    }
  }

  const interactive = [IDS.clusters, IDS.points];
  map.on('click', (e) => {
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [
      [e.point.x - 10, e.point.y - 10],
      [e.point.x + 10, e.point.y + 10],
    ];
    void pick(map.queryRenderedFeatures(box, { layers: interactive }), 'pointer');
  });
  for (const id of interactive) {
    map.on('mouseenter', id, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', id, () => (map.getCanvas().style.cursor = ''));
  }

  // Enter (or Space) on the focused map chooses the point or cluster nearest its centre, so a
  // keyboard user can select what they moved the map to.
  map.getCanvas().addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    const c = map.project(map.getCenter());
    const r = KEYBOARD_PICK_RADIUS;
    const hits = map.queryRenderedFeatures(
      [
        [c.x - r, c.y - r],
        [c.x + r, c.y + r],
      ],
      { layers: interactive },
    );
    hits.sort((a, b) => {
      const pa = map.project((a.geometry as Point).coordinates as [number, number]);
      const pb = map.project((b.geometry as Point).coordinates as [number, number]);
      return pa.dist(c) - pb.dist(c);
    });
    void pick(hits, 'keyboard');
  });

  let selected = -1;
  const view: MapView = {
    map,
    setPoints(points) {
      outfalls().setData(toFeatures(points));
      // What the map shows, readable without WebGL internals (tests, debugging).
      o.container.dataset.points = String(points.length);
    },
    select(point, fly) {
      selected = point ? point.i : -1;
      map.setFilter(IDS.selected, ['==', ['get', 'i'], selected]);
      if (point && fly) map.flyTo({ center: [point.lng, point.lat], zoom: Math.max(map.getZoom(), 14), essential: true });
    },
    showUser(lng, lat, nearest) {
      (map.getSource(IDS.user) as maplibregl.GeoJSONSource).setData({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: {} });
      const bounds = new maplibregl.LngLatBounds([lng, lat], [lng, lat]);
      for (const p of nearest) bounds.extend([p.lng, p.lat]);
      // Centred on the visitor, wide enough to show the nearest outfalls around them.
      const dx = Math.max(Math.abs(bounds.getEast() - lng), Math.abs(bounds.getWest() - lng), 0.005);
      const dy = Math.max(Math.abs(bounds.getNorth() - lat), Math.abs(bounds.getSouth() - lat), 0.005);
      const camera = map.cameraForBounds([lng - dx, lat - dy, lng + dx, lat + dy], { padding: 40, maxZoom: 15 });
      map.flyTo({ center: [lng, lat], zoom: camera?.zoom ?? 12, essential: true });
    },
  };
  return view;
}
