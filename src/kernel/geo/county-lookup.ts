import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { BOUNDARY_VERSION, type County, type CountyFeature, loadCountyFeatures, type Position } from './admin.ts';

/** Metres per degree of latitude (mean, good to 0.5% in Jilin). */
const M_PER_DEG = 111_320;

export interface NearCounty {
  county: County;
  /** Distance from the point to that county's boundary, metres, rounded. */
  distanceM: number;
}

export interface CountyHit {
  county: County;
  /** Other counties whose boundary lies within the border distance asked for, nearest first. */
  nearBorder: NearCounty[];
  boundaryVersion: string;
}

export interface CountyLookup {
  /** The county containing the point, or undefined outside Jilin. */
  countyAt(lng: number, lat: number): County | undefined;
  /** The containing county plus the neighbours whose boundary is within `borderM` metres. */
  locate(lng: number, lat: number, borderM?: number): CountyHit | undefined;
  /** Whether the point is inside the province. */
  inProvince(lng: number, lat: number): boolean;
}

function ringsOf(f: CountyFeature): Position[][] {
  return f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
}

/** Squared distance in metres from p to segment ab, in a local equirectangular projection. */
function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number, kx: number): number {
  const x = (px - ax) * kx,
    y = (py - ay) * M_PER_DEG;
  const dx = (bx - ax) * kx,
    dy = (by - ay) * M_PER_DEG;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (x * dx + y * dy) / len2));
  const ex = x - t * dx,
    ey = y - t * dy;
  return ex * ex + ey * ey;
}

/**
 * Builds the point → county index over the bundled boundaries: a Flatbush R-tree of county
 * bounding boxes narrows a lookup to one or two candidates before the exact point-in-polygon test,
 * and a second R-tree of every boundary segment answers "how far is the nearest other county".
 *
 * @example createCountyLookup().countyAt(125.3245, 43.8868)?.name // '南关区' (长春)
 */
export function createCountyLookup(features: CountyFeature[] = loadCountyFeatures()): CountyLookup {
  const boxes = new Flatbush(features.length);
  for (const f of features) {
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const ring of ringsOf(f))
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    boxes.add(minX, minY, maxX, maxY);
  }
  boxes.finish();

  const segOwner: number[] = [];
  const segs: number[] = [];
  features.forEach((f, i) => {
    for (const ring of ringsOf(f))
      for (let k = 0; k + 1 < ring.length; k++) {
        const a = ring[k]!,
          b = ring[k + 1]!;
        segs.push(a[0], a[1], b[0], b[1]);
        segOwner.push(i);
      }
  });
  const segIndex = new Flatbush(segOwner.length);
  for (let s = 0; s < segOwner.length; s++) {
    const o = s * 4;
    const ax = segs[o]!,
      ay = segs[o + 1]!,
      bx = segs[o + 2]!,
      by = segs[o + 3]!;
    segIndex.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  segIndex.finish();

  function containing(lng: number, lat: number): number {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return -1;
    for (const i of boxes.search(lng, lat, lng, lat)) {
      if (booleanPointInPolygon([lng, lat], features[i]!)) return i;
    }
    return -1;
  }

  return {
    countyAt(lng, lat) {
      const i = containing(lng, lat);
      return i < 0 ? undefined : features[i]!.properties;
    },
    inProvince(lng, lat) {
      return containing(lng, lat) >= 0;
    },
    locate(lng, lat, borderM = 500) {
      const i = containing(lng, lat);
      if (i < 0) return undefined;
      const kx = M_PER_DEG * Math.cos((lat * Math.PI) / 180);
      const dLat = borderM / M_PER_DEG,
        dLng = borderM / kx;
      const best = new Map<number, number>();
      for (const s of segIndex.search(lng - dLng, lat - dLat, lng + dLng, lat + dLat)) {
        const owner = segOwner[s]!;
        if (owner === i) continue;
        const o = s * 4;
        const d2 = segDist2(lng, lat, segs[o]!, segs[o + 1]!, segs[o + 2]!, segs[o + 3]!, kx);
        if (d2 <= borderM * borderM && d2 < (best.get(owner) ?? Infinity)) best.set(owner, d2);
      }
      const nearBorder = [...best.entries()]
        .sort((a, b) => a[1] - b[1])
        .map(([j, d2]) => ({ county: features[j]!.properties, distanceM: Math.round(Math.sqrt(d2)) }));
      return { county: features[i]!.properties, nearBorder, boundaryVersion: BOUNDARY_VERSION };
    },
  };
}

let shared: CountyLookup | undefined;
/** A lazily built lookup over the bundled boundaries, shared by the importer, the site and the API. */
export function countyLookup(): CountyLookup {
  shared ??= createCountyLookup();
  return shared;
}
