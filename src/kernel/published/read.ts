import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { datasets, outfalls } from '../db/schema.ts';

/**
 * The read model of the published records that both wings need: which dataset is current and where
 * one outfall is. The records wing (src/records/store.ts) writes these tables and reads whole
 * records; the report API only ever needs this much of them.
 */

/** The dataset currently published, or undefined before the first import. */
export function currentDataset(db: Db) {
  return db.select().from(datasets).orderBy(desc(datasets.id)).limit(1).get();
}

/** A published outfall's identity and place, or undefined when no published record has that code. */
export interface PublishedOutfall {
  code: string;
  name: string;
  countyAdcode: string;
  cityAdcode: string;
  lng: number;
  lat: number;
}

/**
 * One published outfall by its code.
 *
 * @example publishedOutfall(db, '220102-GY-0001')?.countyAdcode // '220102'
 */
export function publishedOutfall(db: Db, code: string): PublishedOutfall | undefined {
  const row = db
    .select({
      code: outfalls.code,
      record: outfalls.record,
      countyAdcode: outfalls.countyAdcode,
      cityAdcode: outfalls.cityAdcode,
      lng: outfalls.lng,
      lat: outfalls.lat,
    })
    .from(outfalls)
    .where(eq(outfalls.code, code))
    .get();
  return row && { code: row.code, name: row.record.name, countyAdcode: row.countyAdcode, cityAdcode: row.cityAdcode, lng: row.lng, lat: row.lat };
}
