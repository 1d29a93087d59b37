/**
 * `npm run data:prepare` (run by `npm start` and `npm run build` before the site is built):
 * opens the database with its migrations and makes sure there is something to build from.
 *
 * - Nothing published yet (a fresh clone): publish the demonstration dataset and say so.
 * - Demonstration data published: keep it, unless its count differs from DEMO_COUNT or it came from
 *   an older generator version; then regenerate it with the same seed.
 * - Imported (real) data published: never touched; print what is published.
 *
 * Idempotent: a second run writes nothing.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../kernel/config.ts';
import { buildDb, type Db } from '../kernel/db/client.ts';
import { DEFAULT_DEMO_COUNT, DEFAULT_DEMO_SEED, demoSource, demoSourceSha256, generateDemoRecords } from './demo/generate.ts';
import { outfallRecordSchema } from './schema.ts';
import { currentDataset, publishDataset } from './store.ts';

export interface PrepareOptions {
  /** DEMO_COUNT: size of the demonstration dataset (default 2,500). */
  demoCount?: number;
  /** Seed for a first demonstration dataset (default DEFAULT_DEMO_SEED). */
  seed?: string;
  /** Clock for the dataset row (tests). */
  now?: Date;
}

export interface PrepareResult {
  /** `published-demo`: first run; `refreshed-demo`: demo regenerated; `kept`: nothing written. */
  action: 'published-demo' | 'refreshed-demo' | 'kept';
  source: string;
  demo: boolean;
  recordCount: number;
  asOf: string;
  importedAt: string;
}

const DEMO_SOURCE = /^demo:([A-Za-z0-9_-]+):(\d+)$/;

/**
 * Ensures the records store has a published dataset (see the module comment).
 *
 * @example prepareData(buildDb(':memory:')).action // 'published-demo'
 */
export function prepareData(db: Db, options: PrepareOptions = {}): PrepareResult {
  const current = currentDataset(db);
  let action: PrepareResult['action'] = 'kept';
  if (!current || current.demo) {
    const previous = current && DEMO_SOURCE.exec(current.source);
    const seed = previous?.[1] ?? options.seed ?? DEFAULT_DEMO_SEED;
    const count = options.demoCount ?? (previous ? Number(previous[2]) : DEFAULT_DEMO_COUNT);
    const source = demoSource(seed, count);
    const sha = demoSourceSha256(seed, count);
    if (!current || current.source !== source || current.sourceSha256 !== sha) {
      const records = generateDemoRecords({ seed, count });
      for (const r of records) outfallRecordSchema.parse(r);
      publishDataset(db, records, { source, sourceSha256: sha, demo: true }, options.now);
      action = current ? 'refreshed-demo' : 'published-demo';
    }
  }
  const dataset = currentDataset(db)!;
  return {
    action,
    source: dataset.source,
    demo: dataset.demo,
    recordCount: dataset.recordCount,
    asOf: dataset.asOf,
    importedAt: dataset.importedAt,
  };
}

/** One line for the console, e.g. for `npm start` output. */
export function describePrepare(r: PrepareResult, databasePath: string): string {
  const what = `${r.recordCount.toLocaleString('en-US')} records, ${r.demo ? 'demonstration data' : 'imported data'} from ${r.source}, as of ${r.asOf}`;
  switch (r.action) {
    case 'published-demo':
      return (
        `data:prepare: no records were published yet, so the demonstration dataset was published (${what}) to ${databasePath}.\n` +
        "data:prepare: every page built from it carries a demonstration banner; `npm run import -- <file>` replaces it with the province's published list."
      );
    case 'refreshed-demo':
      return `data:prepare: regenerated the demonstration dataset (${what}) in ${databasePath}.`;
    case 'kept':
      return `data:prepare: published dataset: ${what}, imported ${r.importedAt} (${databasePath}); nothing to do.`;
  }
}

function main(): number {
  const config = loadConfig();
  const started = performance.now();
  const db = buildDb(config.DATABASE_PATH);
  try {
    const result = prepareData(db, { ...(config.DEMO_COUNT !== undefined && { demoCount: config.DEMO_COUNT }) });
    console.log(describePrepare(result, config.DATABASE_PATH));
    if (result.action !== 'kept') console.log(`data:prepare: done in ${Math.round(performance.now() - started)} ms`);
  } finally {
    db.$client.close();
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
