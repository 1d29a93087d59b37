/**
 * Distance between two WGS84 points. Imports nothing, so the browser bundles (map, report form)
 * use the same function as the server.
 */

/** A WGS84 point, degrees. */
export interface LngLat {
  lng: number;
  lat: number;
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres (haversine on a sphere; within 0.5 % of the ellipsoid, plenty
 * for "which outfall is nearest" and "about 120 m away").
 *
 * @example Math.round(distanceM({ lng: 125.3245, lat: 43.8868 }, { lng: 125.3245, lat: 43.8968 })) // 1112
 */
export function distanceM(a: LngLat, b: LngLat): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
