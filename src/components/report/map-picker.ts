import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
// As a URL, not a CSS import: Astro would put an imported stylesheet on the page itself, and the
// 9 KB (brotli) of map CSS belongs to the map, which most citizens never open.
import mapCssUrl from 'maplibre-gl/dist/maplibre-gl.css?url';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { loadOutfalls } from './geo.ts';

/**
 * The "pick on map" map of the report form. This module (and maplibre with it) is imported only
 * when the citizen opens the map, so the form itself stays light on a weak network.
 *
 * The base is the home map's own layer file (`/map/base.<hash>.json`: province, county borders,
 * rivers, lakes as TopoJSON, built from the bundled data), so it works with no tile service; the
 * published outfalls are drawn as small dots to help people find their spot.
 */

export interface MapPicker {
  setPoint(lat: number, lng: number): void;
  destroy(): void;
}

export interface MapPickerOptions {
  /** Site path of the base layer (TopoJSON, object `base`). */
  baseLayerUrl: string;
  /** Site path of the compact outfall data, for the dots. */
  outfallsUrl: string;
  point?: { lat: number; lng: number };
  /** Accessible name of the map region. */
  label: string;
  onPick(lat: number, lng: number): void;
}

function loadCss(href: string): Promise<void> {
  if (document.querySelector(`link[data-map-css]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.dataset.mapCss = '';
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`stylesheet ${href} failed to load`));
    document.head.append(link);
  });
}

/** The whole province: where the map opens when no point is chosen yet. */
const JILIN_CENTER: [number, number] = [126.2, 43.6];

maplibregl.setWorkerUrl(workerUrl);

function baseStyle(base: FeatureCollection, outfalls: FeatureCollection): maplibregl.StyleSpecification {
  return {
    version: 8,
    sources: {
      base: { type: 'geojson', data: base },
      outfalls: { type: 'geojson', data: outfalls },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e8ecef' } },
      { id: 'province', type: 'fill', source: 'base', filter: ['==', ['get', 'kind'], 'province'], paint: { 'fill-color': '#fbfbf8' } },
      { id: 'lakes', type: 'fill', source: 'base', filter: ['==', ['get', 'kind'], 'lake'], paint: { 'fill-color': '#b5d3ec' } },
      {
        id: 'rivers',
        type: 'line',
        source: 'base',
        filter: ['==', ['get', 'kind'], 'river'],
        paint: { 'line-color': '#6fa8dc', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.6, 12, 2.5] },
      },
      { id: 'county-border', type: 'line', source: 'base', filter: ['==', ['get', 'kind'], 'county-border'], paint: { 'line-color': '#9aa5b1', 'line-width': 0.8, 'line-dasharray': [3, 2] } },
      { id: 'city-border', type: 'line', source: 'base', filter: ['==', ['get', 'kind'], 'city-border'], paint: { 'line-color': '#6b7785', 'line-width': 1.2 } },
      { id: 'province-line', type: 'line', source: 'base', filter: ['==', ['get', 'kind'], 'province'], paint: { 'line-color': '#3d4852', 'line-width': 1.6 } },
      {
        id: 'outfalls',
        type: 'circle',
        source: 'outfalls',
        paint: {
          'circle-color': '#0b5394',
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 1.5, 12, 5],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 6, 0, 12, 1],
        },
      },
    ],
  };
}

/**
 * Opens the picker in `container`. A tap (or click) on the map sets the point; the marker can
 * also be dragged.
 *
 * @example const picker = await openMapPicker(el, { baseLayerUrl, outfallsUrl, label: '选点地图', onPick }); picker.destroy();
 */
export async function openMapPicker(container: HTMLElement, options: MapPickerOptions): Promise<MapPicker> {
  const [, topo, rows] = await Promise.all([
    loadCss(mapCssUrl).then(() => null),
    fetch(options.baseLayerUrl).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json() as Promise<Topology<{ base: GeometryCollection }>>;
    }),
    // The dots are a help, not a need: the map works without them.
    loadOutfalls(options.outfallsUrl).catch(() => []),
  ]);
  const base = feature(topo, topo.objects.base) as unknown as FeatureCollection;
  const outfalls: FeatureCollection = {
    type: 'FeatureCollection',
    features: rows.map(([code, , lat, lng]) => ({ type: 'Feature', properties: { code }, geometry: { type: 'Point', coordinates: [lng, lat] } })),
  };
  const map = new maplibregl.Map({
    container,
    style: baseStyle(base, outfalls),
    center: options.point ? [options.point.lng, options.point.lat] : JILIN_CENTER,
    zoom: options.point ? 13 : 5.6,
    maxBounds: [
      [118, 38.5],
      [135, 48.5],
    ],
    attributionControl: false,
    // The page scrolls with one finger; the map pans with one finger only inside its box, which is
    // what a citizen expects on a phone. Rotation is of no use here.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', options.label);

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
  map.on('click', (e) => {
    place(e.lngLat.lat, e.lngLat.lng);
    options.onPick(e.lngLat.lat, e.lngLat.lng);
  });
  marker.on('dragend', () => {
    const p = marker.getLngLat();
    options.onPick(p.lat, p.lng);
  });

  return {
    setPoint(lat, lng) {
      const cur = placed ? marker.getLngLat() : undefined;
      if (cur && Math.abs(cur.lat - lat) < 1e-7 && Math.abs(cur.lng - lng) < 1e-7) return;
      place(lat, lng);
      map.easeTo({ center: [lng, lat], zoom: Math.max(map.getZoom(), 13) });
    },
    destroy() {
      map.remove();
    },
  };
}
