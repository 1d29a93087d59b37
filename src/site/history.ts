import { desc } from 'drizzle-orm';
import { loadConfig } from '../kernel/config.ts';
import { buildDb } from '../kernel/db/client.ts';
import { datasets } from '../kernel/db/schema.ts';
import { changeLog } from '../records/store.ts';
import type { ChangeEntry } from './exports/changes.ts';

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
