import { sql } from 'drizzle-orm';
import Flatbush from 'flatbush';
import type { Db } from '../../src/kernel/db/client.ts';
import { outfalls } from '../../src/kernel/db/schema.ts';
import { distanceM } from '../../src/kernel/geo/distance.ts';
import { currentDataset } from '../../src/kernel/published/read.ts';

/**
 * Names for the place of a report in the inbox: the outfall the citizen named, else the nearest
 * published outfall within NEAR_OUTFALL_M, else the coordinates. The published outfalls are
 * indexed once per dataset (Flatbush over a local metric projection), so a list of hundreds of
 * reports costs hundreds of index look-ups, not table scans.
 */

/** An outfall this close to a report is named as its place. */
export const NEAR_OUTFALL_M = 500;

const M_PER_DEG = 111_320;
/** Jilin spans 40.8°–46.3° N; the index uses one scale for longitude and exact distances pick the winner. */
const LNG_SCALE = Math.cos((43.5 * Math.PI) / 180);

export interface OutfallRef {
  code: string;
  name: string;
  countyAdcode: string;
  lng: number;
  lat: number;
}

interface Index {
  datasetId: number | undefined;
  list: OutfallRef[];
  byCode: Map<string, OutfallRef>;
  tree: Flatbush | undefined;
}

/** Outfall names and nearest-outfall look-ups over the records store, rebuilt when a new dataset is published. */
export function createPlaces(db: Db) {
  let index: Index | undefined;

  function current(): Index {
    const datasetId = currentDataset(db)?.id;
    if (index && index.datasetId === datasetId) return index;
    const list = db
      .select({
        code: outfalls.code,
        name: sql<string>`json_extract(${outfalls.record}, '$.name')`,
        countyAdcode: outfalls.countyAdcode,
        lng: outfalls.lng,
        lat: outfalls.lat,
      })
      .from(outfalls)
      .all();
    let tree: Flatbush | undefined;
    if (list.length) {
      tree = new Flatbush(list.length);
      for (const o of list) tree.add(o.lng * LNG_SCALE * M_PER_DEG, o.lat * M_PER_DEG);
      tree.finish();
    }
    index = { datasetId, list, byCode: new Map(list.map((o) => [o.code, o])), tree };
    return index;
  }

  return {
    /**
     * Look-ups over the dataset published now. Take one per request: checking which dataset is
     * current is a query, the look-ups themselves are not.
     */
    current(): PlaceIndex {
      const { tree, list, byCode } = current();
      return {
        outfall: (code) => (code ? byCode.get(code) : undefined),
        nearest(point, maxM = NEAR_OUTFALL_M) {
          if (!tree) return undefined;
          // The projected distance is off by up to ~10% at the province's edges: ask generously, then measure.
          const ids = tree.neighbors(point.lng * LNG_SCALE * M_PER_DEG, point.lat * M_PER_DEG, 8, maxM * 1.2);
          let best: { outfall: OutfallRef; distanceM: number } | undefined;
          for (const i of ids) {
            const d = distanceM(point, list[i]!);
            if (d <= maxM && (!best || d < best.distanceM)) best = { outfall: list[i]!, distanceM: d };
          }
          return best;
        },
      };
    },
  };
}

export interface PlaceIndex {
  /** The published outfall with this code, if it is still published. */
  outfall(code: string | null): OutfallRef | undefined;
  /** The nearest published outfall within `maxM` metres of a point, with its distance. */
  nearest(point: { lng: number; lat: number }, maxM?: number): { outfall: OutfallRef; distanceM: number } | undefined;
}

export type Places = ReturnType<typeof createPlaces>;
