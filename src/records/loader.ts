import { existsSync } from 'node:fs';
import type { AstroIntegration } from 'astro';
import type { Loader, LoaderContext } from 'astro/loaders';
import { loadConfig } from '../kernel/config.ts';
import { buildDb } from '../kernel/db/client.ts';
import { outfalls } from '../kernel/db/schema.ts';
import { outfallRecordSchema } from './schema.ts';
import { currentDataset } from './store.ts';

/**
 * Content loaders over the records store. Records were validated when they were imported, so the
 * loaders copy them into Astro's data store without a second parse; the stored hash is the digest,
 * so an unchanged record is not rewritten on the next build.
 *
 * Types do not depend on data: the collections' types come from the record schema, so `astro sync`
 * and `astro check` work on a fresh clone with no database (the loaders then leave their
 * collections empty and say why). Building or serving the site does need the data, and
 * `recordsStoreGuard()` stops those commands before they start when the store is missing.
 */

const missingStore = (path: string) => `Records store ${path} does not exist: run \`npm run data:prepare\` (or \`npm start\`) first.`;

/** The store read-only, or undefined (with a warning) when there is none yet. */
function openStore({ logger, store }: Pick<LoaderContext, 'logger' | 'store'>) {
  const { DATABASE_PATH } = loadConfig();
  if (!existsSync(DATABASE_PATH)) {
    logger.warn(`${missingStore(DATABASE_PATH)} The collection is left empty; types need no data, building the site does.`);
    store.clear();
    return undefined;
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
      const db = openStore({ store, logger });
      if (!db) return;
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
    load: async ({ store, logger }) => {
      const db = openStore({ store, logger });
      if (!db) return;
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

/**
 * Stops `astro build` and `astro dev` before they start when the records store is missing, with
 * the message that says how to create it; `astro sync` and `astro check` (command `sync`) need only
 * types and go on. Astro tells integrations the command in `astro:config:setup`; loaders are not told.
 *
 * @example defineConfig({ integrations: [recordsStoreGuard()] })
 */
export function recordsStoreGuard(env: Record<string, string | undefined> = process.env): AstroIntegration {
  return {
    name: 'records-store-guard',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command !== 'build' && command !== 'dev') return;
        const { DATABASE_PATH } = loadConfig(env);
        if (!existsSync(DATABASE_PATH)) throw new Error(missingStore(DATABASE_PATH));
      },
    },
  };
}
