import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type City, type County, countyByAdcode } from '../../kernel/geo/admin.ts';
import { countyLookup } from '../../kernel/geo/county-lookup.ts';
import { gcj02ToWgs84 } from '../../kernel/geo/gcj02.ts';
import { type MessageKey, t } from '../../kernel/i18n/index.ts';
import { brokenRules } from '../rules.ts';
import { type OutfallRecord, outfallRecordSchema } from '../schema.ts';
import { BASIN_OF_SYSTEM } from '../water-systems.ts';
import { COLUMN_BY_KEY, COLUMNS, columnForPath, type FieldKey, matchHeader } from './columns.ts';
import { type MessageParams, type Problem, type ProblemCode, problem } from './problems.ts';
import { ReadError, readTable, type Table } from './read.ts';
import {
  type Cell,
  type Crs,
  cleanText,
  embeddedCountyCodes,
  hasControlCharacters,
  isBlank,
  lostPrecision,
  type Parsed,
  parseBoolean,
  parseCity,
  parseCoordinate,
  parseCounty,
  parseCreditCode,
  parseCrs,
  parseDate,
  parseEnum,
  parseOutfallCode,
  parsePhone,
  parseType,
  roundDegrees,
} from './values.ts';

/**
 * The importer's pure part: read → find the header → map columns → parse values → check → records
 * plus every problem at once. It never writes; the CLI (cli.ts) prints the problems and publishes
 * the records only when there is no error.
 */

export interface ImportOptions {
  /** Coordinate system for rows whose 坐标系 cell is empty or for files without that column. */
  crs?: Crs;
}

export interface TableImport {
  /** Valid records in file order; complete only when `problems` holds no error. */
  records: OutfallRecord[];
  /** Spreadsheet row number of each record, parallel to `records`. */
  recordRows: number[];
  /** Every problem, sorted by row, then by column in template order. */
  problems: Problem[];
  /** Row number of the header (1 unless the sheet has title rows above it). */
  headerRow: number | null;
  /** Number of non-blank data rows. */
  dataRows: number;
}

export interface FileImport extends TableImport {
  /** File name without directories, stored with the dataset. */
  source: string;
  /** SHA-256 of the file's bytes. */
  sourceSha256: string;
  format: Table['format'] | null;
  encoding: Table['encoding'] | null;
}

/** How many rows from the top are searched for the header (title rows above it are common). */
const HEADER_SEARCH_ROWS = 10;
/** A header row names at least this many known columns. */
const HEADER_MIN_MATCHES = 3;
/** Distance within which a county mismatch is worded as a possible border effect. */
const BORDER_NOTE_M = 1000;

/**
 * Reads and validates a records file (CSV in UTF-8 or GB18030, or XLSX).
 *
 * @example
 *   const { records, problems } = await importFile('outfalls.xlsx', { crs: 'GCJ-02' });
 *   if (!hasErrors(problems)) publishDataset(db, records, …);
 */
export async function importFile(path: string, options: ImportOptions = {}): Promise<FileImport> {
  const bytes = readFileSync(path);
  const base = { source: basename(path), sourceSha256: createHash('sha256').update(bytes).digest('hex') };
  let table: Table;
  try {
    table = await readTable(bytes);
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    const p = problem(err.code, { row: null, column: null }, { reason: err.message });
    return { ...base, format: null, encoding: null, records: [], recordRows: [], problems: [p], headerRow: null, dataRows: 0 };
  }
  return { ...base, format: table.format, encoding: table.encoding ?? null, ...importTable(table, options) };
}

const rowIsBlank = (cells: readonly Cell[]) => cells.every((c) => cleanText(c) === '');

/** The value shown in a problem: the cell as text, or null for an empty cell. */
function display(cell: Cell): string | null {
  const s = cleanText(cell);
  return s === '' ? null : s;
}

/** Drops keys whose value is undefined, so records hash the same however they were built. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function valueAt(o: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = o;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Validates a table already read into cells; see importFile. */
export function importTable(table: Table, options: ImportOptions = {}): TableImport {
  const problems: Problem[] = [];
  const records: OutfallRecord[] = [];
  const recordRows: number[] = [];

  // ─── Header ────────────────────────────────────────────────────────────────────────────────
  const candidates = table.rows.filter((r) => !rowIsBlank(r.cells)).slice(0, HEADER_SEARCH_ROWS);
  let header: (typeof table.rows)[number] | undefined;
  let best = 0;
  for (const r of candidates) {
    const score = new Set(r.cells.map((c) => matchHeader(cleanText(c))?.key).filter(Boolean)).size;
    if (score > best) [header, best] = [r, score];
  }
  if (!header || best < HEADER_MIN_MATCHES) {
    const code: ProblemCode = candidates.length ? 'header_not_found' : 'file_empty';
    return { records, recordRows, problems: [problem(code, { row: null, column: null }, { rows: HEADER_SEARCH_ROWS })], headerRow: null, dataRows: 0 };
  }
  const headerRow = header.number;

  const index = new Map<FieldKey, number>();
  const positions = new Map<FieldKey, number[]>();
  header.cells.forEach((cell, i) => {
    const text = cleanText(cell);
    if (!text) return;
    const col = matchHeader(text);
    if (!col) {
      problems.push(problem('column_unknown', { row: headerRow, column: text }));
      return;
    }
    positions.set(col.key, [...(positions.get(col.key) ?? []), i + 1]);
    if (!index.has(col.key)) index.set(col.key, i);
  });
  for (const [key, pos] of positions) {
    if (pos.length > 1) problems.push(problem('column_duplicate', { row: headerRow, column: COLUMN_BY_KEY[key].header }, { positions: pos.join('、') }));
  }
  for (const col of COLUMNS) {
    if (col.required && !index.has(col.key)) problems.push(problem('column_missing', { row: headerRow, column: col.header }));
  }

  // ─── Rows ──────────────────────────────────────────────────────────────────────────────────
  const dataRows = table.rows.filter((r) => r.number > headerRow && !rowIsBlank(r.cells));
  if (!dataRows.length) problems.push(problem('file_empty', { row: null, column: null }));

  const firstRowOfCode = new Map<string, number>();
  let crsAssumed = false;
  const lookup = countyLookup();

  for (const { number: row, cells } of dataRows) {
    const firstProblem = problems.length;
    const cellOf = (key: FieldKey): Cell => {
      const i = index.get(key);
      return i === undefined ? undefined : cells[i];
    };
    const report = (code: ProblemCode, key: FieldKey, params?: MessageParams, messageKey?: MessageKey, value?: string | null) =>
      problems.push(problem(code, { row, column: COLUMN_BY_KEY[key].header, value: value === undefined ? display(cellOf(key)) : value }, params, messageKey));

    /** A parsed cell; undefined when the column is absent, the cell blank, or the value bad (reported). */
    function field<T>(key: FieldKey, required: boolean, parse: (cell: Cell) => Parsed<T>, blank: (c: Cell) => boolean = isBlank): T | undefined {
      if (!index.has(key)) return undefined;
      const cell = cellOf(key);
      if (blank(cell)) {
        if (required) report('required_missing', key);
        return undefined;
      }
      const r = parse(cell);
      if (r.ok) return r.value;
      report(r.code, key, r.params, r.messageKey);
      return undefined;
    }
    const text = (key: FieldKey, required: boolean) =>
      field(key, required, (c): Parsed<string> => {
        if (lostPrecision(c)) return { ok: false, code: 'number_precision_lost' };
        const s = cleanText(c);
        return hasControlCharacters(s) ? { ok: false, code: 'value_invalid' } : { ok: true, value: s };
      });
    const emptyOnly = (c: Cell) => cleanText(c) === '';
    const given = (key: FieldKey) => index.has(key) && !isBlank(cellOf(key));

    const code = field('code', true, parseOutfallCode);
    const name = text('name', true);
    const type = field('type', true, parseType);
    const city: City | undefined = field('city', false, parseCity);
    const cityFailed = given('city') && !city;
    const countyParse = field('county', true, (c) => parseCounty(c, cityFailed ? undefined : city));
    const county: County | undefined = countyParse?.county;
    if (countyParse?.superseded) {
      const value = [display(cellOf('city')), display(cellOf('county'))].filter(Boolean).join(' ');
      report('county_code_superseded', 'county', {}, undefined, value);
    }
    const lngRaw = field('lng', true, (c) => parseCoordinate(c, 'lng'));
    const latRaw = field('lat', true, (c) => parseCoordinate(c, 'lat'));
    let crs = field('crs', false, parseCrs);
    const crsFailed = given('crs') && !crs;
    if (!crs && !crsFailed) {
      crs = options.crs ?? 'WGS84';
      if (!options.crs) crsAssumed = true;
    }
    const receivingWater = text('receivingWater', true);
    const functionZone = text('functionZone', false);
    const qualityTarget = text('qualityTarget', false);
    const waterSystem = field('waterSystem', false, (c) => parseEnum('waterSystem', c));
    const dischargeMode = field('dischargeMode', false, (c) => parseEnum('dischargeMode', c));
    const dischargeChannel = field('dischargeChannel', false, (c) => parseEnum('dischargeChannel', c));
    const entity = text('responsibleEntity', true);
    const creditCode = field('creditCode', false, parseCreditCode);
    const supervisor = text('supervisor', true);
    const phone = field('supervisorPhone', false, parsePhone);
    const approvalNumber = text('approvalNumber', false);
    const approvalDate = field('approvalDate', false, (c) => parseDate(c));
    // A date alone says nothing a reader can check; a number alone is fine (the date may be unknown).
    if (given('approvalDate') && !given('approvalNumber')) {
      report('required_missing', 'approvalNumber', { other: COLUMN_BY_KEY.approvalDate.header }, 'import.problem.required_with');
    }
    const route = field('remediationRoute', false, (c) => parseEnum('remediationRoute', c));
    const status = field('remediationStatus', true, (c) => parseEnum('remediationStatus', c));
    const deadline = field('remediationDeadline', false, (c) => parseDate(c, { periodEnd: true }));
    const retained = field('retained', true, parseBoolean, emptyOnly);
    const signboard = field('signboard', true, parseBoolean, emptyOnly);
    const monitoringDate = field('monitoringDate', false, (c) => parseDate(c));
    const monitoringResult = text('monitoringResult', false);
    // Monitoring is published as a pair: a result without its date (or the reverse) is incomplete.
    if (given('monitoringDate') && !given('monitoringResult')) {
      report('required_missing', 'monitoringResult', { other: COLUMN_BY_KEY.monitoringDate.header }, 'import.problem.required_with');
    }
    if (given('monitoringResult') && !given('monitoringDate')) {
      report('required_missing', 'monitoringDate', { other: COLUMN_BY_KEY.monitoringResult.header }, 'import.problem.required_with');
    }
    const updatedAt = field('updatedAt', true, (c) => parseDate(c));

    // ─── Place checks: inside Jilin, in the stated county, consistent with the code ────────
    let lng: number | undefined;
    let lat: number | undefined;
    if (lngRaw !== undefined && latRaw !== undefined && crs) {
      const toWgs = (x: number, y: number) => (crs === 'GCJ-02' ? gcj02ToWgs84(x, y) : [x, y]);
      const [x, y] = toWgs(lngRaw, latRaw) as [number, number];
      const hit = lookup.locate(x, y, BORDER_NOTE_M);
      if (!hit) {
        const [sx, sy] = toWgs(latRaw, lngRaw) as [number, number];
        const hint = lookup.inProvince(sx, sy) ? t('import.hint.swapped') : '';
        const value = `${display(cellOf('lng')) ?? ''}, ${display(cellOf('lat')) ?? ''}`;
        report('coordinate_outside_jilin', 'lng', { lng: roundDegrees(lngRaw), lat: roundDegrees(latRaw), hint }, undefined, value);
      } else {
        [lng, lat] = [roundDegrees(x), roundDegrees(y)];
        if (county && hit.county.adcode !== county.adcode) {
          const near = hit.nearBorder.find((n) => n.county.adcode === county.adcode);
          const params = { located: `${hit.county.cityName}${hit.county.name}`, stated: `${county.cityName}${county.name}`, distance: near?.distanceM ?? '' };
          report('county_mismatch', 'county', params, near ? 'import.problem.county_mismatch_near_border' : undefined);
        }
      }
    }
    if (code && county) {
      const embedded = embeddedCountyCodes(code);
      if (embedded.length && !embedded.includes(county.adcode)) {
        const e = embedded[0]!;
        report('code_county_mismatch', 'code', { embedded: e, embeddedName: countyByAdcode(e)?.name ?? '', stated: county.name, statedCode: county.adcode });
      }
    }

    if (code) {
      const first = firstRowOfCode.get(code);
      if (first !== undefined) report('duplicate_code', 'code', { firstRow: first }, undefined, code);
      else firstRowOfCode.set(code, row);
    }

    // ─── Assemble and validate against the published record schema ─────────────────────────
    // The schema also runs on rows that already have errors, so that limits only it knows (text
    // lengths) are reported in the same pass; values that are absent were reported already.
    const candidate = compact({
      code,
      name,
      type,
      cityAdcode: county?.cityAdcode,
      cityName: county?.cityName,
      countyAdcode: county?.adcode,
      countyName: county?.name,
      lng,
      lat,
      receivingWater: compact({ name: receivingWater, functionZone, qualityTarget, system: waterSystem, basin: waterSystem && BASIN_OF_SYSTEM[waterSystem] }),
      dischargeMode,
      dischargeChannel,
      responsibleEntity: compact({ name: entity, creditCode }),
      supervisor: compact({ name: supervisor, phone }),
      approval: approvalNumber ? compact({ number: approvalNumber, date: approvalDate }) : undefined,
      remediation: compact({ route, status, deadline }),
      retained,
      signboard,
      monitoring: monitoringDate && monitoringResult ? { date: monitoringDate, result: monitoringResult } : undefined,
      updatedAt,
    });
    const parsed = outfallRecordSchema.safeParse(candidate);
    if (parsed.success) {
      // The plan's own rules, checked on the whole record (src/records/rules.ts).
      for (const { rule, value } of brokenRules(parsed.data as OutfallRecord)) {
        const params = { source: rule.source, route: parsed.data.remediation.route ?? '' };
        problems.push(problem(rule.id, { row, column: COLUMN_BY_KEY[rule.column].header, value }, params));
      }
      if (!problems.slice(firstProblem).some((p) => p.severity === 'error')) {
        records.push(parsed.data as OutfallRecord);
        recordRows.push(row);
      }
      continue;
    }
    const reported = new Set(problems.slice(firstProblem).map((p) => p.column));
    for (const issue of parsed.error.issues) {
      if (valueAt(candidate, issue.path) === undefined) continue;
      const col = columnForPath(issue.path) ?? COLUMN_BY_KEY.code;
      if (reported.has(col.header)) continue;
      reported.add(col.header);
      const max = issue.code === 'too_big' ? Number((issue as { maximum?: number | bigint }).maximum) : undefined;
      report(max !== undefined ? 'text_too_long' : 'value_invalid', col.key, max !== undefined ? { max } : {});
    }
  }

  if (crsAssumed) problems.push(problem('crs_assumed', { row: null, column: COLUMN_BY_KEY.crs.header }, { crs: 'WGS84' }));

  const order = new Map(COLUMNS.map((c, i) => [c.header, i]));
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (order.get(a.column ?? '') ?? COLUMNS.length) - (order.get(b.column ?? '') ?? COLUMNS.length));
  return { records, recordRows, problems, headerRow, dataRows: dataRows.length };
}
