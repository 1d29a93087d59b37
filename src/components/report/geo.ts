/**
 * Small geographic helpers for the report form (browser side): distances, the nearest published
 * outfalls, and the outfall lookup file the form loads on demand.
 */
import { distanceM } from '../../kernel/geo/distance.ts';
import { type CompactMapData, decodeMapData } from '../../site/map-format.ts';

/** A published outfall as the form needs it: [code, name, lat, lng, level-1 type index]. */
export type OutfallRow = [code: string, name: string, lat: number, lng: number, type: number];

/** The published outfalls and the level-1 type keys their type indices refer to. */
export interface OutfallList {
  rows: OutfallRow[];
  typeKeys: string[];
}

/**
 * Jilin's bounding box with a small margin. Only a first check for an obviously wrong point (a
 * swapped latitude and longitude, a point in another province); the server decides by boundary.
 */
export const JILIN_BOUNDS = { west: 121.6, south: 40.8, east: 131.4, north: 46.4 } as const;

export function inJilinBox(lat: number, lng: number): boolean {
  return lat >= JILIN_BOUNDS.south && lat <= JILIN_BOUNDS.north && lng >= JILIN_BOUNDS.west && lng <= JILIN_BOUNDS.east;
}

// The one distance function (src/kernel/geo/distance.ts), re-exported for the form's files.
export { distanceM };

export interface NearOutfall {
  code: string;
  name: string;
  lat: number;
  lng: number;
  distanceM: number;
}

/**
 * The `limit` nearest outfalls within `maxM` metres, nearest first. A linear scan: a province has
 * a few thousand published outfalls, which takes well under a millisecond.
 */
export function nearestOutfalls(rows: readonly OutfallRow[], lat: number, lng: number, limit = 5, maxM = 20_000): NearOutfall[] {
  const hits: NearOutfall[] = [];
  for (const [code, name, oLat, oLng] of rows) {
    const d = distanceM({ lat, lng }, { lat: oLat, lng: oLng });
    if (d <= maxM) hits.push({ code, name, lat: oLat, lng: oLng, distanceM: d });
  }
  return hits.sort((a, b) => a.distanceM - b.distanceM).slice(0, limit);
}

let lookupPromise: Promise<OutfallList> | undefined;

/**
 * Loads the published outfalls from the home map's compact data file (`/map/outfalls.<hash>.json`,
 * content-hashed and cached immutably), so a citizen who came from the map downloads nothing new.
 * Loaded once per page and only when the form needs it.
 */
export function loadOutfalls(url: string): Promise<OutfallList> {
  lookupPromise ??= fetch(url)
    .then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const { points, types } = decodeMapData((await r.json()) as CompactMapData);
      return { rows: points.map((p): OutfallRow => [p.code, p.name, p.lat, p.lng, p.type]), typeKeys: types.map((t) => t.key) };
    })
    .catch((err: unknown) => {
      lookupPromise = undefined;
      throw err;
    });
  return lookupPromise;
}
