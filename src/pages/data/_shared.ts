import { getCollection, getEntry } from 'astro:content';
import { desc } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import { buildDb } from '../../db/client.ts';
import { datasets } from '../../db/schema.ts';
import type { OutfallRecord } from '../../records/schema.ts';
import { changeLog } from '../../records/store.ts';
import type { ChangeEntry, ExportMeta } from '../../site/exports.ts';

/**
 * What the open-data page and its downloads share: the published records (as the site has them,
 * ordered by code), the dataset's metadata and the absolute base URL. Loaded once per build.
 */
export interface OpenDataContext {
  records: OutfallRecord[];
  meta: ExportMeta;
  publicBaseUrl: string;
}

let cached: Promise<OpenDataContext> | undefined;

export function openDataContext(): Promise<OpenDataContext> {
  cached ??= (async () => {
    const records = (await getCollection('outfalls')).map((e) => e.data as OutfallRecord).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const ds = (await getEntry('dataset', 'current'))?.data as Partial<ExportMeta> | undefined;
    const meta: ExportMeta = {
      asOf: ds?.asOf ?? new Date().toISOString().slice(0, 10),
      importedAt: ds?.importedAt ?? new Date().toISOString(),
      source: ds?.source ?? '',
      demo: ds?.demo === true,
    };
    return { records, meta, publicBaseUrl: loadConfig().PUBLIC_BASE_URL };
  })();
  return cached;
}

/** One import as the change-log section lists it. */
export interface ImportRow {
  id: number;
  importedAt: string;
  source: string;
  demo: boolean;
  asOf: string;
  recordCount: number;
  added: number;
  changed: number;
  removed: number;
}

/**
 * The import history and the change log, read from the records store (the content collections hold
 * only the current records). Read once per build, read-only.
 */
export function readHistory(): { imports: ImportRow[]; changes: ChangeEntry[] } {
  const db = buildDb(loadConfig().DATABASE_PATH, { readonly: true });
  try {
    const imports = db.select().from(datasets).orderBy(desc(datasets.id)).all() as ImportRow[];
    const changes = changeLog(db) as ChangeEntry[];
    return { imports, changes };
  } finally {
    db.$client.close();
  }
}
