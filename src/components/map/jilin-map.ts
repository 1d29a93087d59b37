import * as maplibregl from 'maplibre-gl';
// As URLs, not imports: an imported stylesheet would become one of the page's render-blocking
// stylesheets, and maplibre's CSS (9 KB brotli) belongs to the map, which is loaded lazily.
import cssUrl from 'maplibre-gl/dist/maplibre-gl.css?url';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

/**
 * The set-up every maplibre map of the portal shares (the home map in map-view.ts and the report
 * form's "pick on map" in report/map-picker.ts): Jilin's bounds, zoom range, fonts, controls and
 * the gestures that are switched off.
 */

/** Jilin with a margin; the base only covers the province, so there is nothing to see further out. */
const BOUNDS: maplibregl.LngLatBoundsLike = [
  [118.5, 39.2],
  [134.5, 47.8],
];

/** The province itself: the first view when there is no point to show. */
export const PROVINCE: maplibregl.LngLatBoundsLike = [
  [121.6, 40.85],
  [131.3, 46.3],
];

/**
 * Adds maplibre's stylesheet to the page once; resolves when it has loaded.
 *
 * @example await loadMapStylesheet(); const map = createJilinMap({ container, style, bounds: PROVINCE });
 */
export function loadMapStylesheet(): Promise<void> {
  if (document.querySelector(`link[href="${CSS.escape(cssUrl)}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: cssUrl });
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`could not load ${cssUrl}`));
    document.head.append(link);
  });
}

/**
 * A maplibre map of Jilin with the portal's shared settings and controls (zoom buttons, scale);
 * `options` adds the container, style, first view and anything a map needs beyond that.
 *
 * @example const map = createJilinMap({ container, style: mapStyle({ base, glyphs, typeKeys }), bounds: PROVINCE });
 */
export function createJilinMap(options: maplibregl.MapOptions): maplibregl.Map {
  maplibregl.setWorkerUrl(workerUrl);
  const map = new maplibregl.Map({
    maxBounds: BOUNDS,
    minZoom: 4.5,
    maxZoom: 18,
    // Chinese is drawn from the phone's own fonts; only Latin/digit glyph ranges are fetched.
    localIdeographFontFamily: "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','Hiragino Sans GB',sans-serif",
    attributionControl: { compact: true },
    // Rotation and tilt show nothing new on a flat province map and confuse one-handed use.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    ...options,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  return map;
}
