import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { OutfallRecord } from '../records/schema.ts';

/*
 * One SQLite file holds both flows:
 *   records store  — the published outfall records the site is built from (replaced per import);
 *   reports        — citizen reports and their handling (see api/).
 * Table definitions are grouped by flow below; migrations in ./migrations are generated from this
 * file by `npm run db:generate -- --name <what_it_does>`.
 */

// ─── Records store ──────────────────────────────────────────────────────────────────────────────

/** One row per imported dataset (a file import or the demonstration generator). */
export const datasets = sqliteTable('datasets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** When the import was committed (ISO timestamp). */
  importedAt: text('imported_at').notNull(),
  /** The file name as given (no path), or `demo:<seed>:<count>` for generated data. */
  source: text('source').notNull(),
  /** SHA-256 of the imported file's bytes, or of the generator parameters. */
  sourceSha256: text('source_sha256').notNull(),
  /** Demonstration data: every page built from it carries a banner. */
  demo: integer('demo', { mode: 'boolean' }).notNull(),
  /** The date the dataset speaks for (latest 更新日期 in it). */
  asOf: text('as_of').notNull(),
  recordCount: integer('record_count').notNull(),
  added: integer('added').notNull(),
  changed: integer('changed').notNull(),
  removed: integer('removed').notNull(),
});

/** The currently published outfall records; the full record is JSON, key fields are columns. */
export const outfalls = sqliteTable(
  'outfalls',
  {
    code: text('code').primaryKey(),
    countyAdcode: text('county_adcode').notNull(),
    cityAdcode: text('city_adcode').notNull(),
    lng: real('lng').notNull(),
    lat: real('lat').notNull(),
    /** The validated record (src/records/schema.ts). */
    record: text('record', { mode: 'json' }).$type<OutfallRecord>().notNull(),
    /** SHA-256 of the canonical record JSON: an unchanged record keeps its hash across imports. */
    hash: text('hash').notNull(),
    /** The dataset that last added or changed this record. */
    datasetId: integer('dataset_id').notNull().references(() => datasets.id),
  },
  (t) => [index('outfalls_county_idx').on(t.countyAdcode), index('outfalls_city_idx').on(t.cityAdcode)],
);

/** What each import added, changed or removed: the public change log. */
export const outfallChanges = sqliteTable(
  'outfall_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id').notNull().references(() => datasets.id),
    code: text('code').notNull(),
    change: text('change', { enum: ['added', 'changed', 'removed'] }).notNull(),
    /** For `changed`: the top-level record fields that differ. */
    fields: text('fields', { mode: 'json' }).$type<string[]>(),
    /** The outfall's name at the time, so a removed outfall can still be named in the log. */
    name: text('name').notNull(),
  },
  (t) => [index('outfall_changes_dataset_idx').on(t.datasetId), uniqueIndex('outfall_changes_dataset_code_uq').on(t.datasetId, t.code)],
);

export const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// ─── Reports (api/) ─────────────────────────────────────────────────────────────────────────────
