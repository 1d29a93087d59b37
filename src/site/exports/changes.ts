import { t } from '../../kernel/i18n/index.ts';
import { csvField } from '../../kernel/util/csv.ts';
import { CSV_DEMO_TITLE } from './csv.ts';
import { CHANGE_LABELS, changedFieldsLabel } from './labels.ts';

/** One entry of the change log as changeLog() in src/records/store.ts returns it. */
export interface ChangeEntry {
  datasetId: number;
  code: string;
  change: 'added' | 'changed' | 'removed';
  fields: string[] | null;
  name: string;
  importedAt: string;
  source: string;
}

/** The change log's columns. */
const HEADER = (['datasetId', 'importedAt', 'change', 'code', 'name', 'fields'] as const).map((column) => t(`exports.changes.${column}`));

/**
 * The full change log as CSV (UTF-8 with BOM, like the records): one line per outfall added, changed
 * or removed by each import, newest import first.
 */
export function toChangesCsv(entries: readonly ChangeEntry[], options: { demo: boolean }): string {
  const lines: string[] = [];
  if (options.demo) lines.push(csvField(CSV_DEMO_TITLE));
  lines.push(HEADER.map(csvField).join(','));
  for (const e of entries) {
    lines.push([e.datasetId, e.importedAt, CHANGE_LABELS[e.change], e.code, e.name, changedFieldsLabel(e.fields)].map(csvField).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
