/**
 * `npm run demo -- [--count N] [--seed S] [--out file.json] [--publish [--force]]`
 *
 * Generates the demonstration dataset and prints it as JSON (one record per line inside the array),
 * writes it to a file, or publishes it into the records store. Publishing never replaces imported
 * (real) data unless `--force` is given.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../kernel/config.ts';
import { buildDb, type Db } from '../../kernel/db/client.ts';
import { type OutfallRecord, outfallRecordSchema } from '../schema.ts';
import { currentDataset, type PublishSummary, publishDataset } from '../store.ts';
import { DEFAULT_DEMO_COUNT, DEFAULT_DEMO_SEED, demoSource, demoSourceSha256, generateDemoRecords, MAX_DEMO_COUNT } from './generate.ts';

/** A bad command line: the message names the flag. */
export class DemoUsageError extends Error {
  override name = 'DemoUsageError';
}

export interface DemoArgs {
  count: number;
  seed: string;
  out?: string;
  publish: boolean;
  force: boolean;
}

const USAGE = `usage: npm run demo -- [--count N] [--seed S] [--out file.json] [--publish [--force]]
  --count N     number of records, 1–${MAX_DEMO_COUNT} (default ${DEFAULT_DEMO_COUNT})
  --seed S      seed: letters, digits, '-' or '_' (default ${DEFAULT_DEMO_SEED})
  --out FILE    write the JSON to FILE instead of standard output
  --publish     publish into the records store (DATABASE_PATH) as demonstration data
  --force       with --publish: replace even an imported (non-demo) dataset`;

/**
 * Parses the command line.
 *
 * @example parseDemoArgs(['--count', '100']).count // 100
 * @throws DemoUsageError naming the bad flag
 */
export function parseDemoArgs(argv: string[]): DemoArgs {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by control flow from parseArgs below, whose type follows its options
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        publish: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new DemoUsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new DemoUsageError(USAGE);
  const countText = values.count ?? String(DEFAULT_DEMO_COUNT);
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || !Number.isInteger(count) || count < 1 || count > MAX_DEMO_COUNT) {
    throw new DemoUsageError(`--count: expected a whole number from 1 to ${MAX_DEMO_COUNT}, got "${countText}"`);
  }
  const seed = values.seed ?? DEFAULT_DEMO_SEED;
  // The seed is part of the dataset source `demo:<seed>:<count>`, so keep it to safe characters.
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(seed)) {
    throw new DemoUsageError(`--seed: expected 1–40 letters, digits, '-' or '_', got "${seed}"`);
  }
  if (values.force && !values.publish) throw new DemoUsageError('--force: only meaningful with --publish');
  if (values.out !== undefined && values.out.trim() === '') throw new DemoUsageError('--out: expected a file name');
  return { count, seed, ...(values.out !== undefined && { out: values.out }), publish: values.publish, force: values.force };
}

/** The records as a JSON array with one record per line: valid JSON that still diffs line by line. */
export function demoJson(records: OutfallRecord[]): string {
  return `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

/**
 * Validates and publishes generated records as a demonstration dataset. Refuses to replace an
 * imported dataset unless `force`.
 */
export function publishDemo(db: Db, records: OutfallRecord[], seed: string, count: number, force = false): PublishSummary {
  const current = currentDataset(db);
  if (current && !current.demo && !force) {
    throw new DemoUsageError(
      `--publish: the records store holds imported data (${current.source}); demonstration data would replace it. Add --force to do so.`,
    );
  }
  // publishDataset trusts its input: check every record against the schema first.
  for (const r of records) outfallRecordSchema.parse(r);
  return publishDataset(db, records, { source: demoSource(seed, count), sourceSha256: demoSourceSha256(seed, count), demo: true });
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: DemoArgs;
  try {
    args = parseDemoArgs(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const started = performance.now();
  const records = generateDemoRecords({ seed: args.seed, count: args.count });
  const ms = Math.round(performance.now() - started);
  if (args.publish) {
    const { DATABASE_PATH } = loadConfig();
    const db = buildDb(DATABASE_PATH);
    try {
      const s = publishDemo(db, records, args.seed, args.count, args.force);
      console.error(
        s.datasetId === null
          ? `demo: ${records.length} records (seed ${args.seed}) are already published in ${DATABASE_PATH}; nothing written`
          : `demo: published ${records.length} demonstration records (seed ${args.seed}, generated in ${ms} ms) to ${DATABASE_PATH}: ${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed`,
      );
    } catch (e) {
      console.error((e as Error).message);
      return e instanceof DemoUsageError ? 2 : 1;
    } finally {
      db.$client.close();
    }
  }
  if (args.out) {
    writeFileSync(args.out, demoJson(records));
    console.error(`demo: wrote ${records.length} records (seed ${args.seed}, generated in ${ms} ms) to ${args.out}`);
  } else if (!args.publish) {
    process.stdout.write(demoJson(records));
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
