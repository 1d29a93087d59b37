import { type MessageKey, t } from '../../src/kernel/i18n/index.ts';
import type { ReportSummary } from '../../src/kernel/report/contract/staff.ts';
import { csvField } from '../../src/kernel/util/csv.ts';
import type { Contact } from '../reports/contact.ts';
import { statusLabel } from '../reports/service.ts';

/**
 * The county's reports as CSV for Excel/WPS: UTF-8 with a byte-order mark (so Excel on Windows
 * reads Chinese correctly), CRLF line ends, RFC 4180 quoting, and the open-data exports' formula
 * guard on every cell (`csvField`: a description starting with `=` cannot run in a spreadsheet).
 * Contact columns exist only when contacts are passed in.
 */

type Column = {
  key: MessageKey;
  value: (r: ReportSummary, description: string | undefined, contact: Contact | undefined) => string | number | null | undefined;
};

const yesNo = (b: boolean) => t(b ? 'staff.csv.yes' : 'staff.csv.no');

const COLUMNS: Column[] = [
  { key: 'staff.csv.trackingNumber', value: (r) => r.trackingNumber },
  { key: 'staff.csv.status', value: (r) => statusLabel(r.status) },
  { key: 'staff.csv.category', value: (r) => r.categoryName },
  { key: 'staff.csv.countyAdcode', value: (r) => r.countyAdcode },
  { key: 'staff.csv.county', value: (r) => r.countyName },
  { key: 'staff.csv.receivedAt', value: (r) => r.receivedAt },
  { key: 'staff.csv.ageDays', value: (r) => r.ageDays },
  { key: 'staff.csv.deadline', value: (r) => (r.deadline ? t(`staff.csv.deadline.${r.deadline.kind}`) : '') },
  { key: 'staff.csv.deadlineDue', value: (r) => r.deadline?.due },
  { key: 'staff.csv.overdue', value: (r) => (r.deadline ? yesNo(r.deadline.overdue) : '') },
  { key: 'staff.csv.place', value: (r) => r.placeName },
  { key: 'staff.csv.lng', value: (r) => r.lng },
  { key: 'staff.csv.lat', value: (r) => r.lat },
  { key: 'staff.csv.outfallCode', value: (r) => r.outfallCode },
  { key: 'staff.csv.outfallName', value: (r) => r.outfallName },
  { key: 'staff.csv.nearBorder', value: (r) => yesNo(r.nearBorder) },
  { key: 'staff.csv.photoCount', value: (r) => r.photoCount },
  { key: 'staff.csv.description', value: (_r, d) => d },
];

const CONTACT_COLUMNS: Column[] = [
  { key: 'staff.csv.contactName', value: (_r, _d, c) => c?.name },
  { key: 'staff.csv.contactPhone', value: (_r, _d, c) => c?.phone },
];

/**
 * The CSV text (with BOM). `contacts` present → contact columns, filled where a report has one.
 *
 * @example reportsCsv(rows, descriptions) // '\uFEFF举报编号,状态,…\r\nJL2026-000001,已收到,…\r\n'
 */
export function reportsCsv(rows: ReportSummary[], descriptions: Map<number, string>, contacts?: Map<number, Contact>): string {
  const columns = contacts ? [...COLUMNS, ...CONTACT_COLUMNS] : COLUMNS;
  const lines = [columns.map((c) => csvField(t(c.key))).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(c.value(r, descriptions.get(r.id), contacts?.get(r.id)))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
