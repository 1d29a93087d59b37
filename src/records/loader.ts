import { existsSync } from 'node:fs';
import type { Loader } from 'astro/loaders';
import { loadConfig } from '../kernel/config.ts';
import { buildDb } from '../kernel/db/client.ts';
import { outfalls } from '../kernel/db/schema.ts';
import { outfallRecordSchema } from './schema.ts';
import { currentDataset } from './store.ts';

/**
 * Content loaders over the records store. Records were validated when they were imported, so the
 * loaders copy them into Astro's data store without a second parse; the stored hash is the digest,
 * so an unchanged record is not rewritten on the next build.
 */
function openStore() {
  const { DATABASE_PATH } = loadConfig();
  if (!existsSync(DATABASE_PATH)) {
    throw new Error(`Records store ${DATABASE_PATH} does not exist: run \`npm run data:prepare\` (or \`npm start\`) first.`);
  }
  return buildDb(DATABASE_PATH, { readonly: true });
}

/** Every published outfall record, keyed by its code. */
export function outfallsLoader(): Loader {
  return {
    name: 'outfalls-records-store',
    // For types only: entries are stored with store.set and are not parsed again.
    schema: outfallRecordSchema,
    load: async ({ store, logger }) => {
      const db = openStore();
      try {
        const rows = db.select({ code: outfalls.code, record: outfalls.record, hash: outfalls.hash }).from(outfalls).orderBy(outfalls.code).all();
        const keep = new Set<string>();
        for (const row of rows) {
          keep.add(row.code);
          store.set({ id: row.code, data: row.record as unknown as Record<string, unknown>, digest: row.hash });
        }
        for (const id of store.keys()) if (!keep.has(id)) store.delete(id);
        logger.info(`${rows.length} outfall records`);
      } finally {
        db.$client.close();
      }
    },
  };
}

/** The single current dataset: its date, source and whether it is demonstration data. */
export function datasetLoader(): Loader {
  return {
    name: 'dataset-records-store',
    load: async ({ store }) => {
      const db = openStore();
      try {
        const ds = currentDataset(db);
        store.clear();
        if (ds) store.set({ id: 'current', data: { ...ds } });
      } finally {
        db.$client.close();
      }
    },
  };
}
