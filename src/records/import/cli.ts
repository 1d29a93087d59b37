import { parseArgs } from 'node:util';
import { loadConfig } from '../../kernel/config.ts';
import { buildDb } from '../../kernel/db/client.ts';
import { t } from '../../kernel/i18n/index.ts';
import { PLAN_RULES } from '../rules.ts';
import { type PublishSummary, publishDataset } from '../store.ts';
import { COLUMN_BY_KEY } from './columns.ts';
import { type FileImport, importFile } from './importer.ts';
import { countBySeverity, hasErrors, type Problem } from './problems.ts';
import { type Crs, parseCrs } from './values.ts';

/**
 * `npm run import -- <file> [--crs WGS84|CGCS2000|GCJ-02] [--json] [--dry-run]`
 * `npm run import -- --rules [--json]`: the work plan's rules the importer checks, with their sources
 *
 * Checks a published records file and, when it has no error, replaces the published set in the
 * records store (DATABASE_PATH) in one transaction. Exit codes: 0 imported (or nothing changed, or
 * a clean dry run), 1 the file has errors and nothing was written, 2 usage error.
 */

export interface CliIo {
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Codes listed per change kind; the counts are always complete. */
const LIST_LIMIT = 20;
/** Characters of a bad value shown in the text output (--json has it whole). */
const VALUE_SHOWN = 40;

export interface CliJson {
  file: string;
  sha256: string;
  rows: number;
  records: number;
  counts: ReturnType<typeof countBySeverity>;
  problems: Problem[];
  /** Whether the store was written. */
  written: boolean;
  dryRun: boolean;
  summary: PublishSummary | null;
}

export function formatProblem(p: Problem): string {
  const where = p.row === null ? t('import.cli.fileLevel') : t('import.cli.row', { row: p.row });
  const parts = [t(`import.cli.severity.${p.severity}`), where];
  if (p.column) parts.push(p.column);
  if (p.value !== null) parts.push(`「${p.value.length > VALUE_SHOWN ? `${p.value.slice(0, VALUE_SHOWN - 1)}…` : p.value}」`);
  parts.push(`${p.message} [${p.code}]`);
  return parts.join('  ');
}

function listCodes(label: string, codes: string[]): string[] {
  if (!codes.length) return [];
  const shown = codes.slice(0, LIST_LIMIT).join(' ');
  const more = codes.length > LIST_LIMIT ? ` ${t('import.cli.more', { count: codes.length - LIST_LIMIT })}` : '';
  return [`  ${label}（${codes.length}）：${shown}${more}`];
}

export function formatSummary(summary: PublishSummary, recordCount: number): string[] {
  if (summary.datasetId === null) return [t('import.cli.unchanged', { count: recordCount })];
  return [
    t('import.cli.published', {
      count: recordCount,
      id: summary.datasetId,
      added: summary.added.length,
      changed: summary.changed.length,
      removed: summary.removed.length,
      unchanged: summary.unchanged,
    }),
    ...listCodes(t('import.cli.added'), summary.added),
    ...listCodes(
      t('import.cli.changed'),
      summary.changed.map((c) => `${c.code}(${c.fields.join(',')})`),
    ),
    ...listCodes(t('import.cli.removed'), summary.removed),
  ];
}

/**
 * Runs the import command; returns the exit code. Tests call it in-process with their own `env`
 * (DATABASE_PATH) and output collectors.
 *
 * @example await main(['outfalls.xlsx', '--json'], { env: { DATABASE_PATH: '/tmp/x.db' } })
 */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));

  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        crs: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        rules: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    err((e as Error).message);
    err(t('import.cli.usage'));
    return 2;
  }
  if (args.values.help) {
    out(t('import.cli.usage'));
    return 0;
  }
  if (args.values.rules) {
    // The work plan's rules the importer checks, each with the plan's own sentence.
    if (args.values.json)
      out(JSON.stringify(PLAN_RULES.map(({ id, severity, source, column }) => ({ id, severity, column: COLUMN_BY_KEY[column].header, source }))));
    else
      for (const r of PLAN_RULES)
        out(t('import.cli.rule', { id: r.id, severity: t(`import.cli.severity.${r.severity}`), column: COLUMN_BY_KEY[r.column].header, source: r.source }));
    return 0;
  }
  if (args.positionals.length !== 1) {
    err(t('import.cli.usage'));
    return 2;
  }
  let crs: Crs | undefined;
  if (args.values.crs !== undefined) {
    const r = parseCrs(args.values.crs);
    if (!r.ok) {
      err(t('import.cli.badCrs', { value: args.values.crs }));
      return 2;
    }
    crs = r.value;
  }
  const file = args.positionals[0]!;
  const json = args.values.json ?? false;
  const dryRun = args.values['dry-run'] ?? false;

  let result: FileImport;
  try {
    result = await importFile(file, crs ? { crs } : {});
  } catch (e) {
    // Only a missing or unreadable path gets here; content problems are in result.problems.
    err((e as Error).message);
    return 2;
  }
  const counts = countBySeverity(result.problems);
  const failed = hasErrors(result.problems);

  let summary: PublishSummary | null = null;
  if (!failed && !dryRun) {
    // Opened only now: a rejected file does not even create or migrate the database.
    const db = buildDb(loadConfig(io.env ?? process.env).DATABASE_PATH);
    try {
      summary = publishDataset(db, result.records, { source: result.source, sourceSha256: result.sourceSha256, demo: false });
    } finally {
      db.$client.close();
    }
  }

  if (json) {
    const report: CliJson = {
      file: result.source,
      sha256: result.sourceSha256,
      rows: result.dataRows,
      records: result.records.length,
      counts,
      problems: result.problems,
      written: summary?.datasetId != null,
      dryRun,
      summary,
    };
    out(JSON.stringify(report, null, 2));
  } else {
    out(t('import.cli.checked', { file: result.source, rows: result.dataRows, errors: counts.error, warnings: counts.warning, notices: counts.notice }));
    for (const p of result.problems) out(formatProblem(p));
    if (failed) out(t('import.cli.rejected'));
    else if (dryRun) out(t('import.cli.dryRun'));
    else if (summary) for (const line of formatSummary(summary, result.records.length)) out(line);
  }
  return failed ? 1 : 0;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
