import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Cell } from './values.ts';

/**
 * Reading a records file into rows of cells. CSV arrives as UTF-8 (with or without BOM) or GB18030
 * (what Excel on a Chinese Windows writes for "CSV"); XLSX keeps typed cells (numbers, dates, rich
 * text, formulas with their cached results). Rows keep the number a spreadsheet shows (first row = 1).
 */

export interface TableRow {
  /** Row number as a spreadsheet shows it (1-based; blank rows count). */
  number: number;
  cells: Cell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** For CSV: the encoding detected. */
  encoding?: 'utf-8' | 'gb18030' | 'utf-16le';
  rows: TableRow[];
}

/** Why a file could not be read at all; the importer reports it as a file-level problem. */
export class ReadError extends Error {
  override name = 'ReadError';
  readonly code: 'file_unreadable' | 'file_unsupported';
  constructor(code: 'file_unreadable' | 'file_unsupported', message: string) {
    super(message);
    this.code = code;
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls (and .et/.doc): not supported
const startsWith = (buf: Uint8Array, sig: number[]) => sig.every((b, i) => buf[i] === b);

/** Sniffs the format from the first bytes, not the file name (people rename .xls to .xlsx). */
export function sniffFormat(buf: Uint8Array): 'xlsx' | 'csv' | 'unsupported' {
  if (startsWith(buf, ZIP)) return 'xlsx';
  if (startsWith(buf, OLE)) return 'unsupported';
  return 'csv';
}

/**
 * Decodes CSV bytes: a UTF-8 BOM or valid UTF-8 → UTF-8; a UTF-16LE BOM → UTF-16LE (Excel's
 * "Unicode text"); anything else is GB18030, the superset of GBK/GB2312 that Chinese Excel writes.
 *
 * @example decodeCsv(iconv.encode('经度', 'gb18030')).encoding // 'gb18030'
 */
export function decodeCsv(buf: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' | 'utf-16le' } {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8' };
  if (startsWith(buf, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(buf), 'gb18030'), encoding: 'gb18030' };
  }
}

/** The delimiter of the first line: `,`, tab (Excel "text") or `;` (European locales). */
export function sniffDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const unquoted = first.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((d) => [d, unquoted.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

export function readCsv(buf: Uint8Array): Table {
  const { text, encoding } = decodeCsv(buf);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch (err) {
    throw new ReadError('file_unreadable', (err as Error).message);
  }
  // Blank lines are kept by csv-parse as one empty field, so the index is the row a spreadsheet shows.
  return { format: 'csv', encoding, rows: records.map((cells, i) => ({ number: i + 1, cells })) };
}

/** An exceljs cell value → a plain cell: rich text joined, formulas by their cached result. */
export function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return xlsxCell((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
    if ('text' in value) return typeof value.text === 'string' ? value.text : xlsxCell(value.text as ExcelJS.CellValue);
  }
  return String(value);
}

export async function readXlsx(buf: Uint8Array): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(buf) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ReadError('file_unreadable', (err as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { format: 'xlsx', rows: [] };
  // Only the rows and cells the file holds: one stray cell at XFD1048576 must not make us build a
  // million rows of 16,384 cells (getRow/getCell create what they are asked for). Rows keep their
  // spreadsheet numbers; a row's cells array has holes where the sheet has no cell.
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = xlsxCell(cell.value);
    });
    rows.push({ number, cells });
  });
  return { format: 'xlsx', rows };
}

/** Reads CSV or XLSX bytes into a table; throws ReadError for unreadable or unsupported files. */
export async function readTable(buf: Uint8Array): Promise<Table> {
  const format = sniffFormat(buf);
  if (format === 'unsupported') throw new ReadError('file_unsupported', 'legacy .xls');
  return format === 'xlsx' ? readXlsx(buf) : readCsv(buf);
}
