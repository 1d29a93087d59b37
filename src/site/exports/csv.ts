import { t } from '../../kernel/i18n/index.ts';
import { csvField } from '../../kernel/util/csv.ts';
import { COLUMNS, type FieldKey } from '../../records/import/columns.ts';
import { WRITTEN_BOOLEANS } from '../../records/import/values.ts';
import type { OutfallRecord } from '../../records/schema.ts';

/**
 * The records download as CSV, for Excel users: the importer's columns, so `npm run import`
 * re-imports it to the same records.
 */

/**
 * The value of every importer column (src/records/import/columns.ts) for a record, written the way
 * the importer reads it back: the type as its path in the HJ 1312 tree (工业排污口/工矿企业排污口),
 * booleans as 是/否, coordinates in WGS84 decimal degrees as stored, dates as YYYY-MM-DD.
 */
const CSV_VALUE: Record<FieldKey, (r: OutfallRecord) => string | number | undefined> = {
  code: (r) => r.code,
  name: (r) => r.name,
  type: (r) => [r.type.level1, r.type.level2, r.type.level3].filter(Boolean).join('/'),
  city: (r) => r.cityName,
  county: (r) => r.countyName,
  lng: (r) => r.lng,
  lat: (r) => r.lat,
  crs: () => 'WGS84',
  receivingWater: (r) => r.receivingWater.name,
  functionZone: (r) => r.receivingWater.functionZone,
  qualityTarget: (r) => r.receivingWater.qualityTarget,
  waterSystem: (r) => r.receivingWater.system,
  dischargeMode: (r) => r.dischargeMode,
  dischargeChannel: (r) => r.dischargeChannel,
  responsibleEntity: (r) => r.responsibleEntity.name,
  creditCode: (r) => r.responsibleEntity.creditCode,
  supervisor: (r) => r.supervisor.name,
  supervisorPhone: (r) => r.supervisor.phone,
  approvalNumber: (r) => r.approval?.number,
  approvalDate: (r) => r.approval?.date,
  remediationRoute: (r) => r.remediation.route,
  remediationStatus: (r) => r.remediation.status,
  remediationDeadline: (r) => r.remediation.deadline,
  retained: (r) => (r.retained ? WRITTEN_BOOLEANS.retained.yes : WRITTEN_BOOLEANS.retained.no),
  signboard: (r) => (r.signboard ? WRITTEN_BOOLEANS.signboard.yes : WRITTEN_BOOLEANS.signboard.no),
  monitoringDate: (r) => r.monitoring?.date,
  monitoringResult: (r) => r.monitoring?.result,
  updatedAt: (r) => r.updatedAt,
};

/** The CSV header: exactly the importer's canonical column names, in the province template's order. */
export const CSV_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

/**
 * The title line above the header in a demonstration CSV. The importer looks for the header in the
 * first rows and skips title lines, so the file stays re-importable while anyone opening it in Excel
 * sees first that it is not real data.
 */
export const CSV_DEMO_TITLE = t('exports.demoTitle');

/**
 * The published records as CSV: UTF-8 with BOM (so Excel on Chinese Windows opens it as UTF-8),
 * CRLF line ends (RFC 4180), one header row with the importer's column names. Demonstration data
 * gets CSV_DEMO_TITLE as a first line.
 *
 * @example toCsv(records, { demo: false }).startsWith('\ufeff排污口编码,排污口名称,') // true
 */
export function toCsv(records: readonly OutfallRecord[], options: { demo: boolean }): string {
  const lines: string[] = [];
  if (options.demo) lines.push(csvField(CSV_DEMO_TITLE));
  lines.push(CSV_HEADERS.map(csvField).join(','));
  const getters = COLUMNS.map((c) => CSV_VALUE[c.key]);
  for (const r of records) lines.push(getters.map((get) => csvField(get(r))).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
