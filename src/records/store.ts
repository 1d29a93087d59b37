import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../kernel/db/client.ts';
import { datasets, outfallChanges, outfalls } from '../kernel/db/schema.ts';
import { canonicalJson } from '../kernel/util/canonical-json.ts';
import type { OutfallRecord } from './schema.ts';

/**
 * The records store: the currently published set of outfall records, replaced as a whole by each
 * import, with a change log. The site is built from it (src/content.config.ts) and the API reads it
 * to route reports that name an outfall.
 */

export interface DatasetMeta {
  /** File name (no directories) or `demo:<seed>:<count>`. */
  source: string;
  sourceSha256: string;
  demo: boolean;
}

export interface PublishSummary {
  /** The dataset row written, or null when nothing differed and nothing was written. */
  datasetId: number | null;
  added: string[];
  changed: { code: string; fields: string[] }[];
  removed: string[];
  unchanged: number;
}

export function recordHash(record: OutfallRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

function changedFields(a: OutfallRecord, b: OutfallRecord): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof OutfallRecord>;
  return [...keys].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).sort();
}

/**
 * Replaces the published set with `records` in one transaction and logs what was added, changed and
 * removed. When nothing differs (the same file imported twice, with the same demo flag) nothing is
 * written at all. Callers validate first: this function trusts its input.
 */
export function publishDataset(db: Db, records: OutfallRecord[], meta: DatasetMeta, now: Date = new Date()): PublishSummary {
  return db.transaction((tx) => {
    const current = new Map(
      tx
        .select({ code: outfalls.code, hash: outfalls.hash, record: outfalls.record })
        .from(outfalls)
        .all()
        .map((r) => [r.code, r]),
    );
    const latest = tx.select({ demo: datasets.demo }).from(datasets).orderBy(desc(datasets.id)).limit(1).get();
    const incoming = records.map((record) => ({ record, hash: recordHash(record) }));
    const incomingCodes = new Set(records.map((r) => r.code));

    const added: string[] = [];
    const changed: { code: string; fields: string[] }[] = [];
    let unchanged = 0;
    for (const { record, hash } of incoming) {
      const old = current.get(record.code);
      if (!old) added.push(record.code);
      else if (old.hash !== hash) changed.push({ code: record.code, fields: changedFields(old.record as OutfallRecord, record) });
      else unchanged++;
    }
    const removed = [...current.keys()].filter((code) => !incomingCodes.has(code));

    const nothingDiffers = !added.length && !changed.length && !removed.length && latest !== undefined && latest.demo === meta.demo;
    if (nothingDiffers) return { datasetId: null, added, changed, removed, unchanged };

    const asOf = records.reduce((max, r) => (r.updatedAt > max ? r.updatedAt : max), '0000-00-00');
    const dataset = tx
      .insert(datasets)
      .values({
        importedAt: now.toISOString(),
        source: meta.source,
        sourceSha256: meta.sourceSha256,
        demo: meta.demo,
        asOf: records.length ? asOf : now.toISOString().slice(0, 10),
        recordCount: records.length,
        added: added.length,
        changed: changed.length,
        removed: removed.length,
      })
      .returning({ id: datasets.id })
      .get();

    // Bulk writes use prepared statements on the same connection: better-sqlite3 transactions are
    // synchronous, so these run inside the drizzle transaction above.
    const changedSet = new Set(changed.map((c) => c.code));
    const addedSet = new Set(added);
    const upsert = db.$client.prepare(
      `INSERT INTO outfalls (code, county_adcode, city_adcode, lng, lat, record, hash, dataset_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET county_adcode=excluded.county_adcode, city_adcode=excluded.city_adcode,
         lng=excluded.lng, lat=excluded.lat, record=excluded.record, hash=excluded.hash, dataset_id=excluded.dataset_id`,
    );
    for (const { record, hash } of incoming) {
      if (!addedSet.has(record.code) && !changedSet.has(record.code)) continue;
      upsert.run(record.code, record.countyAdcode, record.cityAdcode, record.lng, record.lat, JSON.stringify(record), hash, dataset.id);
    }
    const del = db.$client.prepare('DELETE FROM outfalls WHERE code = ?');
    for (const code of removed) del.run(code);

    const log = db.$client.prepare('INSERT INTO outfall_changes (dataset_id, code, change, fields, name) VALUES (?, ?, ?, ?, ?)');
    const byCode = new Map(records.map((r) => [r.code, r]));
    for (const code of added) log.run(dataset.id, code, 'added', null, byCode.get(code)!.name);
    for (const c of changed) log.run(dataset.id, c.code, 'changed', JSON.stringify(c.fields), byCode.get(c.code)!.name);
    for (const code of removed) log.run(dataset.id, code, 'removed', null, current.get(code)!.record.name);

    return { datasetId: dataset.id, added, changed, removed, unchanged };
  });
}

export { currentDataset } from '../kernel/published/read.ts';

/** All published records, ordered by code. */
export function publishedRecords(db: Db): OutfallRecord[] {
  return db
    .select({ record: outfalls.record })
    .from(outfalls)
    .orderBy(outfalls.code)
    .all()
    .map((r) => r.record as OutfallRecord);
}

/** One published record by its code. */
export function publishedRecord(db: Db, code: string): OutfallRecord | undefined {
  return db.select({ record: outfalls.record }).from(outfalls).where(eq(outfalls.code, code)).get()?.record as OutfallRecord | undefined;
}

/** The change log, newest dataset first. */
export function changeLog(db: Db) {
  return db
    .select({
      datasetId: outfallChanges.datasetId,
      code: outfallChanges.code,
      change: outfallChanges.change,
      fields: outfallChanges.fields,
      name: outfallChanges.name,
      importedAt: datasets.importedAt,
      source: datasets.source,
    })
    .from(outfallChanges)
    .innerJoin(datasets, eq(datasets.id, outfallChanges.datasetId))
    .orderBy(desc(outfallChanges.datasetId), outfallChanges.change, outfallChanges.code)
    .all();
}
