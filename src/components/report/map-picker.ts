import type { FeatureCollection } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
// The map's CSS is loaded with the map, which most citizens never open, not with the form page.
import { createJilinMap, loadMapStylesheet, PROVINCE } from '../map/jilin-map.ts';
import { type BaseConfig, IDS, mapStyle } from '../map/style.ts';
import { loadOutfalls } from './geo.ts';

/**
 * The "pick on map" map of the report form. This module, and maplibre with it, is imported only
 * when the citizen opens the map, so the form itself stays light on a weak network.
 *
 * It is the home map in miniature: the same style (src/components/map/style.ts: the bundled
 * boundaries, rivers and lakes, or Tianditu / an XYZ service when configured), the same
 * content-hashed base layer and outfall files, so the browser's cache serves what the citizen has
 * already seen. A tap sets the point; a tap on an outfall dot also attaches the report to it; a
 * tap on a cluster zooms in.
 */

/** A touch that moved further than this is a pan, not a tap. */
const TAP_SLOP_PX = 10;
/** A touch held longer than this is not a tap. */
const TAP_MAX_MS = 500;

/** What the page hands to the picker (decided at build time). */
export interface MapConfig {
  base: BaseConfig;
  /** Site path of the base layer TopoJSON (`/map/base.<hash>.json`). */
  baseLayerUrl: string;
  /** Site path of the compact outfall data (`/map/outfalls.<hash>.json`). */
  outfallsUrl: string;
  /** Site path template of the glyphs, `…/{fontstack}/{range}.pbf`. */
  glyphs: string;
}

export interface MapPicker {
  setPoint(lat: number, lng: number): void;
  destroy(): void;
}

export interface MapPickerOptions {
  config: MapConfig;
  point?: { lat: number; lng: number };
  /** Accessible name of the map region. */
  label: string;
  onPick(lat: number, lng: number, outfallCode?: string): void;
}

/**
 * Opens the picker in `container`; resolves when the map has loaded.
 *
 * @example const picker = await openMapPicker(el, { config, label: '选点地图', onPick }); picker.destroy();
 */
export async function openMapPicker(container: HTMLElement, options: MapPickerOptions): Promise<MapPicker> {
  const { config } = options;
  const [, topo, outfalls] = await Promise.all([
    loadMapStylesheet(),
    fetch(config.baseLayerUrl).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json() as Promise<Topology<{ base: GeometryCollection }>>;
    }),
    // The dots are a help, not a need: the map works without them.
    loadOutfalls(config.outfallsUrl).catch(() => ({ rows: [], typeKeys: [] })),
  ]);
  const map = createJilinMap({
    container,
    // Glyph URLs are resolved in a worker, so they must be absolute (and `new URL` would escape
    // the {fontstack}/{range} tokens).
    style: mapStyle({ base: config.base, glyphs: location.origin + config.glyphs, typeKeys: outfalls.typeKeys }),
    ...(options.point ? { center: [options.point.lng, options.point.lat] as [number, number], zoom: 14 } : { bounds: PROVINCE }),
  });
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', options.label);

  await new Promise<void>((resolve, reject) => {
    map.once('load', () => resolve());
    map.once('error', (e) => reject(e.error));
  });
  (map.getSource(IDS.base) as maplibregl.GeoJSONSource).setData(feature(topo, topo.objects.base) as unknown as FeatureCollection);
  (map.getSource(IDS.outfalls) as maplibregl.GeoJSONSource).setData({
    type: 'FeatureCollection',
    features: outfalls.rows.map(([code, , lat, lng, t], i) => ({
      type: 'Feature',
      properties: { i, t, code },
      geometry: { type: 'Point', coordinates: [lng, lat] },
    })),
  });

  const marker = new maplibregl.Marker({ draggable: true, color: '#b3261e' });
  let placed = false;
  const place = (lat: number, lng: number) => {
    marker.setLngLat([lng, lat]);
    if (!placed) {
      marker.addTo(map);
      placed = true;
    }
  };
  if (options.point) place(options.point.lat, options.point.lng);

  const pick = async (point: maplibregl.Point, lngLat: maplibregl.LngLat) => {
    const hits = map.queryRenderedFeatures(point, { layers: [IDS.clusters, IDS.points] });
    const hit = hits[0];
    if (hit?.properties.cluster) {
      const zoom = await (map.getSource(IDS.outfalls) as maplibregl.GeoJSONSource).getClusterExpansionZoom(hit.properties.cluster_id as number);
      map.easeTo({ center: lngLat, zoom: Math.min(zoom, 18) });
      return;
    }
    if (hit) {
      const row = outfalls.rows[hit.properties.i as number];
      if (row) {
        place(row[2], row[3]);
        options.onPick(row[2], row[3], row[0]);
        return;
      }
    }
    place(lngLat.lat, lngLat.lng);
    options.onPick(lngLat.lat, lngLat.lng);
  };

  // A finger tap: maplibre takes the touch events for panning, and the browser then makes no
  // `click` of them, so a one-finger touch that neither moved nor lasted is a tap here. A click
  // that some browsers still send right after it is the same tap and is not taken twice.
  let touch: { x: number; y: number; at: number } | null = null;
  let lastTapAt = 0;
  map.on('touchstart', (e) => {
    touch = e.originalEvent.touches.length === 1 ? { x: e.point.x, y: e.point.y, at: Date.now() } : null;
  });
  map.on('touchmove', (e) => {
    if (touch && Math.hypot(e.point.x - touch.x, e.point.y - touch.y) > TAP_SLOP_PX) touch = null;
  });
  map.on('touchend', (e) => {
    const start = touch;
    touch = null;
    if (!start || e.originalEvent.touches.length > 0 || Date.now() - start.at > TAP_MAX_MS) return;
    if (Math.hypot(e.point.x - start.x, e.point.y - start.y) > TAP_SLOP_PX) return;
    lastTapAt = Date.now();
    void pick(e.point, e.lngLat);
  });
  map.on('click', (e) => {
    if (Date.now() - lastTapAt < TAP_MAX_MS) return;
    void pick(e.point, e.lngLat);
  });
  marker.on('dragend', () => {
    const p = marker.getLngLat();
    options.onPick(p.lat, p.lng);
  });

  return {
    setPoint(lat, lng) {
      // The form rounds to 6 decimals: a point the map itself just set comes back within 1e-6.
      const cur = placed ? marker.getLngLat() : undefined;
      if (cur && Math.abs(cur.lat - lat) < 2e-6 && Math.abs(cur.lng - lng) < 2e-6) return;
      place(lat, lng);
      map.easeTo({ center: [lng, lat], zoom: Math.max(map.getZoom(), 14) });
    },
    destroy() {
      map.remove();
    },
  };
}
