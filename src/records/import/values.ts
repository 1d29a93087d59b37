import { allCities, type City, type County, cityByAdcode, cityByName, countiesByName, countyByAdcode } from '../../kernel/geo/admin.ts';
import { type MessageKey, t } from '../../kernel/i18n/index.ts';
import { type Level1Key, type ResolvedType, resolveTypeName } from '../classification.ts';
import { CREDIT_CODE, DISCHARGE_CHANNELS, DISCHARGE_MODES, OUTFALL_CODE, type OutfallType, REMEDIATION_ROUTES, REMEDIATION_STATUSES } from '../schema.ts';
import { WATER_SYSTEMS } from '../water-systems.ts';
import type { MessageParams, ValueFailure } from './problems.ts';

/**
 * Value parsers for published records files: pure functions from a cell as people type it (or as a
 * spreadsheet stores it) to the record's value, or a failure with a stable problem code. The
 * importer decides what an empty cell means; these parsers are called with non-empty cells.
 */

/** A cell as read from CSV (always text) or XLSX (numbers, dates, booleans, text). */
export type Cell = string | number | boolean | Date | null | undefined;

export type Parsed<T> = { ok: true; value: T } | ValueFailure;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: ValueFailure['code'], params?: MessageParams, messageKey?: MessageKey): ValueFailure => ({
  ok: false,
  code,
  ...(params && { params }),
  ...(messageKey && { messageKey }),
});

// ─── Text ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Full-width ASCII (U+FF01–U+FF5E) and the ideographic space → their half-width forms, for values
 * that are really ASCII: numbers, codes, dates, coordinates, phone numbers.
 *
 * @example toHalfWidth('１２５．３Ａ－') // '125.3A-'
 */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * Full-width digits, letters and spaces → half-width, only those: in Chinese prose (names, results)
 * full-width brackets and punctuation are the correct form and stay as typed.
 *
 * @example halfWidthAlnum('化学需氧量　６２ｍｇ／Ｌ（超标）') // '化学需氧量 62mg／L（超标）'
 */
export function halfWidthAlnum(s: string): string {
  return s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\u3000\u00a0]/g, ' ');
}

/** Whether a number cell lost digits: spreadsheets keep 15 significant digits. */
export function lostPrecision(cell: Cell): boolean {
  return typeof cell === 'number' && Number.isInteger(cell) && !Number.isSafeInteger(cell);
}

/**
 * A cell as clean text: numbers without exponent, Date cells as ISO dates, a formula-guard apostrophe
 * (`'+86…`) dropped, zero-width characters removed, full-width digits/letters/spaces half-width, whitespace runs (also line breaks inside a
 * cell) collapsed to one space, trimmed.
 *
 * @example cleanText('  伊通河\n长春段  ') // '伊通河 长春段'
 */
export function cleanText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  let s: string;
  if (typeof cell === 'number') s = Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  else if (cell instanceof Date) s = dateCellToIso(cell) ?? '';
  // A leading apostrophe before = + - @ is the CSV-injection guard our own exports (and many other
  // tools) add so that spreadsheets show the text instead of running it; it is not part of the value.
  else s = String(cell).replace(/^'(?=[=+\-@\t\r＝＋－＠])/, '');
  return halfWidthAlnum(s.replace(/[\u200b-\u200d\u2060\ufeff]/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Control characters left after cleanText (C0 and C1 controls other than whitespace, DEL) and the
 * Unicode bidi overrides. They are never part of a published text: NUL or BEL make the signboard SVG
 * invalid XML, and a bidi override can make a name read differently from what it is.
 *
 * @example hasControlCharacters('伊通河\u0007排污口') // true
 */
export function hasControlCharacters(s: string): boolean {
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u.test(s);
}

/** What people type in an optional cell to mean "nothing here". */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(['-', '--', '—', '——', '–', '/', '\\', '无', '暂无', '空', 'N/A', 'NA', 'NULL', '#N/A']);

/** True for an empty cell or a placeholder such as `—`, `/` or `无`. */
export function isBlank(cell: Cell): boolean {
  const s = cleanText(cell);
  return s === '' || PLACEHOLDERS.has(toHalfWidth(s).toUpperCase());
}

// ─── Coordinates ──────────────────────────────────────────────────────────────────────────────

export type Axis = 'lng' | 'lat';

const HEMISPHERE: Record<string, Axis | 'wrong'> = {
  E: 'lng',
  东经: 'lng',
  东: 'lng',
  N: 'lat',
  北纬: 'lat',
  北: 'lat',
  W: 'wrong',
  西经: 'wrong',
  S: 'wrong',
  南纬: 'wrong',
};
const HEMI_RE = /^(东经|北纬|西经|南纬|[ENWS东北])?\s*(.*?)\s*(东经|北纬|西经|南纬|[ENWS])?$/u;
const DECIMAL_RE = /^\+?(\d{1,3}(?:\.\d+)?)\s*°?$/;
const DMS_RE = /^(\d{1,3}(?:\.\d+)?)\s*°\s*(?:(\d{1,2}(?:\.\d+)?)\s*′\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:″)?)?)?$/;

/**
 * A longitude or latitude in decimal degrees or degrees-minutes-seconds, with an optional
 * hemisphere (E/N, 东经/北纬) before or after. Only the eastern/northern hemisphere is accepted,
 * and the hemisphere must match the column (北纬 in the 经度 column is a mistake).
 *
 * @example parseCoordinate('东经125°19′30.5″', 'lng') // { ok: true, value: 125.325138… }
 */
export function parseCoordinate(cell: Cell, axis: Axis): Parsed<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell >= 0 ? ok(cell) : fail('coordinate_invalid');
  const s = toHalfWidth(cleanText(cell))
    .toUpperCase()
    .replace(/[º˚]/g, '°')
    .replace(/度/g, '°')
    .replace(/(″|''|′′|"|”|“|秒)/g, '″')
    .replace(/['’‘′分]/g, '′');
  const m = HEMI_RE.exec(s);
  if (!m) return fail('coordinate_invalid');
  const [, pre, body = '', post] = m;
  if (pre && post) return fail('coordinate_invalid');
  const hemi = pre ?? post;
  if (hemi && HEMISPHERE[hemi] !== axis) return fail('coordinate_invalid');

  const dec = DECIMAL_RE.exec(body);
  if (dec) return ok(Number(dec[1]));
  const dms = DMS_RE.exec(body);
  if (!dms) return fail('coordinate_invalid');
  const [, d = '', mStr, sStr] = dms;
  if (mStr !== undefined && d.includes('.')) return fail('coordinate_invalid');
  if (sStr !== undefined && mStr!.includes('.')) return fail('coordinate_invalid');
  const min = mStr === undefined ? 0 : Number(mStr);
  const sec = sStr === undefined ? 0 : Number(sStr);
  if (min >= 60 || sec >= 60) return fail('coordinate_invalid');
  return ok(Number(d) + min / 60 + sec / 3600);
}

/** Rounds degrees to 7 decimals (about 1 cm), so converted or DMS values hash stably. */
export const roundDegrees = (x: number) => Math.round(x * 1e7) / 1e7;

// ─── Dates ────────────────────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0');
const MIN_YEAR = 1949;
const MAX_YEAR = 2100;

/** ISO date from year/month/day when that calendar date exists and is plausible, else undefined. */
export function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Excel serial date (1900 date system) → ISO date. Excel counts 1900-02-29, which never existed,
 * as serial 60, so serials from 61 on are days since 1899-12-30. Time fractions are dropped.
 *
 * @example excelSerialToIso(45052) // '2023-05-06'
 */
export function excelSerialToIso(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1) return undefined;
  const days = Math.floor(serial);
  if (days === 60) return undefined; // the 1900-02-29 that Excel invents
  const epoch = days > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const dt = new Date(epoch + days * 86_400_000);
  return isoDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/**
 * A Date cell from exceljs → ISO date. exceljs turns a date serial into the UTC instant of that
 * wall-clock time, so the UTC calendar date is the cell's date (rounded to the second first, as
 * serial arithmetic can land a millisecond before midnight).
 */
export function dateCellToIso(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  const r = new Date(Math.round(d.getTime() / 1000) * 1000);
  return isoDate(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate());
}

const DATE_PATTERNS: RegExp[] = [
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/,
  /^(\d{4})()(\d{2})(\d{2})$/,
];

export interface DateOptions {
  /** Accept a period end for deadlines: `2025年底` → 2025-12-31, `2024年6月底`/`2024年6月` → 2024-06-30. */
  periodEnd?: boolean;
}

/**
 * A calendar date as people type it: 2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日, 20230506, an
 * Excel serial (number cell or 5-digit text) or a Date cell.
 *
 * @example parseDate('2023年5月6日') // { ok: true, value: '2023-05-06' }
 */
export function parseDate(cell: Cell, options: DateOptions = {}): Parsed<string> {
  let iso: string | undefined;
  if (cell instanceof Date) iso = dateCellToIso(cell);
  else if (typeof cell === 'number') iso = excelSerialToIso(cell);
  else {
    const s = toHalfWidth(cleanText(cell)).replace(/\s+/g, ' ');
    if (/^\d{5}(?:\.\d+)?$/.test(s)) iso = excelSerialToIso(Number(s));
    for (const re of DATE_PATTERNS) {
      const m = re.exec(s);
      if (m) {
        const parts = m.filter((_, i) => i > 0 && !/^[-/.]?$/.test(m[i] ?? ''));
        iso = isoDate(Number(parts[0]), Number(parts[1]), Number(parts[2]));
        break;
      }
    }
    if (!iso && options.periodEnd) {
      const year = /^(\d{4})\s*年\s*(?:底|末)$/.exec(s);
      const month = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末)?$/.exec(s);
      if (year) iso = isoDate(Number(year[1]), 12, 31);
      else if (month) {
        const y = Number(month[1]),
          mo = Number(month[2]);
        iso = mo >= 1 && mo <= 12 ? isoDate(y, mo, lastDayOfMonth(y, mo)) : undefined;
      }
    }
  }
  return iso ? ok(iso) : fail('date_invalid');
}

// ─── Booleans and enumerations ────────────────────────────────────────────────────────────────

/** Words meaning yes/no in the 是否保留 and 标识牌 columns, compared after upper-casing. */
export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  是: true,
  否: false,
  保留: true,
  不保留: false,
  已设置: true,
  未设置: false,
  已安装: true,
  未安装: false,
  已设立: true,
  未设立: false,
  有: true,
  无: false,
  Y: true,
  N: false,
  YES: true,
  NO: false,
  TRUE: true,
  FALSE: false,
  '1': true,
  '0': false,
  '√': true,
  '×': false,
  '✓': true,
  '✗': false,
};

/**
 * The words the exports write for yes and no (src/site/exports/csv.ts), each one of BOOLEAN_WORDS, so
 * a downloaded CSV re-imports to the same records: they are the file format, not page text.
 */
export const WRITTEN_BOOLEANS = {
  retained: { yes: '是', no: '否' },
  signboard: { yes: '已设置', no: '未设置' },
} as const;

/**
 * Yes/no as people write it.
 *
 * @example parseBoolean('不保留') // { ok: true, value: false }
 */
export function parseBoolean(cell: Cell): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number') return cell === 1 ? ok(true) : cell === 0 ? ok(false) : fail('boolean_invalid');
  const s = toHalfWidth(cleanText(cell)).replace(/\s+/g, '').toUpperCase();
  const v = BOOLEAN_WORDS[s];
  return v === undefined ? fail('boolean_invalid') : ok(v);
}

/**
 * Synonyms people use for the enumerations of schema.ts. A synonym mapping to `null` means "no value"
 * (无需整治: no remediation route is needed).
 */
export const ENUM_SYNONYMS = {
  remediationStatus: {
    未整治: '待整治',
    待整改: '待整治',
    未开始: '待整治',
    未启动: '待整治',
    正在整治: '整治中',
    整改中: '整治中',
    整治进行中: '整治中',
    进行中: '整治中',
    整治完成: '已完成',
    完成整治: '已完成',
    已整治: '已完成',
    已整改: '已完成',
    整改完成: '已完成',
    完成: '已完成',
    销号: '已销号',
    完成销号: '已销号',
  },
  remediationRoute: {
    取缔: '依法取缔',
    封堵: '依法取缔',
    取缔封堵: '依法取缔',
    依法取缔封堵: '依法取缔',
    合并: '清理合并',
    清理: '清理合并',
    归并: '清理合并',
    合并整治: '清理合并',
    清理归并: '清理合并',
    规范: '规范整治',
    规范化整治: '规范整治',
    规范化: '规范整治',
    规范化建设: '规范整治',
    无需整治: null,
    不需整治: null,
    不需要整治: null,
    无需: null,
  },
  dischargeMode: {
    连续排放: '连续',
    持续: '连续',
    持续排放: '连续',
    间歇排放: '间歇',
    间断: '间歇',
    间断排放: '间歇',
    间歇性: '间歇',
    季节性排放: '季节性',
    季节: '季节性',
    季节排放: '季节性',
  },
  dischargeChannel: {
    管道排放: '管道',
    管网: '管道',
    管: '管道',
    排水管: '管道',
    明渠排放: '明渠',
    明沟: '明渠',
    沟渠: '明渠',
    暗渠排放: '暗渠',
    暗沟: '暗渠',
    暗管: '暗渠',
    泵站排放: '泵站',
    泵: '泵站',
    提升泵站: '泵站',
    涵洞: '涵闸',
    闸门: '涵闸',
    闸: '涵闸',
    涵: '涵闸',
    其它: '其他',
  },
  waterSystem: {
    松花江水系: '松花江',
    图们江水系: '图们江',
    绥芬河水系: '绥芬河',
    辽河水系: '辽河',
    鸭绿江水系: '鸭绿江',
  },
} as const satisfies Record<string, Record<string, string | null>>;

export const ENUM_VALUES = {
  remediationStatus: REMEDIATION_STATUSES,
  remediationRoute: REMEDIATION_ROUTES,
  dischargeMode: DISCHARGE_MODES,
  dischargeChannel: DISCHARGE_CHANNELS,
  waterSystem: WATER_SYSTEMS,
} as const;

export type EnumName = keyof typeof ENUM_VALUES;
export type EnumValue<N extends EnumName> = (typeof ENUM_VALUES)[N][number];

/**
 * One of schema.ts's enumerations, by its value or a synonym from ENUM_SYNONYMS. `undefined` means
 * the synonym says "none" (无需整治).
 *
 * @example parseEnum('remediationStatus', '整治完成') // { ok: true, value: '已完成' }
 */
export function parseEnum<N extends EnumName>(name: N, cell: Cell): Parsed<EnumValue<N> | undefined> {
  const s = cleanText(cell).replace(/\s+/g, '');
  const values = ENUM_VALUES[name] as readonly string[];
  if (values.includes(s)) return ok(s as EnumValue<N>);
  const synonyms = ENUM_SYNONYMS[name] as Record<string, string | null>;
  if (Object.hasOwn(synonyms, s)) {
    const v = synonyms[s];
    return ok((v ?? undefined) as EnumValue<N> | undefined);
  }
  return fail('enum_unknown', { expected: values.join('、') });
}

// ─── Identifiers ──────────────────────────────────────────────────────────────────────────────

/** An identifier cell as ASCII text: full-width → half-width, dash variants → `-`, spaces removed. */
function asciiId(cell: Cell): string {
  return toHalfWidth(cleanText(cell))
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * An HJ 1235 outfall code, normalised to upper-case ASCII and checked against OUTFALL_CODE.
 *
 * @example parseOutfallCode(' ｙｔｈ２２０１０２ｃｗ０００１ ') // { ok: true, value: 'YTH220102CW0001' }
 */
export function parseOutfallCode(cell: Cell): Parsed<string> {
  if (lostPrecision(cell)) return fail('number_precision_lost');
  const s = asciiId(cell);
  return OUTFALL_CODE.test(s) ? ok(s) : fail('code_invalid');
}

/**
 * 6-digit county codes embedded in an outfall code: every `22dddd` substring that is a known Jilin
 * county-level adcode, in order of appearance.
 *
 * @example embeddedCountyCodes('YTH220102CW0001') // ['220102']
 */
export function embeddedCountyCodes(code: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 6 <= code.length; i++) {
    const sub = code.slice(i, i + 6);
    if (/^22\d{4}$/.test(sub) && countyByAdcode(sub) && !found.includes(sub)) found.push(sub);
  }
  return found;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The GB 32100-2015 check character for the first 17 characters of a unified social credit code.
 *
 * @example creditCodeCheckChar('91440300708461136') // 'T'
 */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

/**
 * A unified social credit code: 18 characters of CREDIT_CODE with a valid GB 32100 check digit.
 *
 * @example parseCreditCode('91440300708461136t') // { ok: true, value: '91440300708461136T' }
 */
export function parseCreditCode(cell: Cell): Parsed<string> {
  if (lostPrecision(cell)) return fail('number_precision_lost');
  const s = asciiId(cell);
  if (!CREDIT_CODE.test(s)) return fail('credit_code_invalid', { reason: t('import.reason.creditFormat') });
  if (creditCodeCheckChar(s) !== s[17]) return fail('credit_code_invalid', { reason: t('import.reason.creditCheckDigit') });
  return ok(s);
}

/**
 * A public phone number as published: digits, `-`, `+`, brackets, spaces (schema.ts's pattern).
 *
 * @example parsePhone('０４３１－８８８８８８８８') // { ok: true, value: '0431-88888888' }
 */
export function parsePhone(cell: Cell): Parsed<string> {
  if (lostPrecision(cell)) return fail('number_precision_lost');
  const s = toHalfWidth(cleanText(cell))
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s+/g, ' ');
  return /^[0-9+\-() ]{5,30}$/.test(s) ? ok(s) : fail('phone_invalid');
}

// ─── Coordinate reference system ──────────────────────────────────────────────────────────────

export const CRS_VALUES = ['WGS84', 'CGCS2000', 'GCJ-02'] as const;
export type Crs = (typeof CRS_VALUES)[number];

/** Spellings of the three accepted systems, compared upper-case without spaces, `-` and `_`. */
export const CRS_SYNONYMS: Readonly<Record<string, Crs>> = {
  WGS84: 'WGS84',
  WGS1984: 'WGS84',
  EPSG4326: 'WGS84',
  GPS: 'WGS84',
  CGCS2000: 'CGCS2000',
  CGCS: 'CGCS2000',
  EPSG4490: 'CGCS2000',
  国家2000: 'CGCS2000',
  '2000国家大地坐标系': 'CGCS2000',
  天地图: 'CGCS2000',
  GCJ02: 'GCJ-02',
  火星坐标: 'GCJ-02',
  火星坐标系: 'GCJ-02',
  国测局坐标: 'GCJ-02',
  国测局坐标系: 'GCJ-02',
  高德: 'GCJ-02',
  腾讯: 'GCJ-02',
  高德坐标: 'GCJ-02',
  腾讯坐标: 'GCJ-02',
};

/**
 * The file's coordinate reference system. WGS84 and CGCS2000 differ by centimetres and are taken as
 * is; GCJ-02 (高德/腾讯) is converted to WGS84 by the importer.
 *
 * @example parseCrs('gcj02') // { ok: true, value: 'GCJ-02' }
 */
export function parseCrs(cell: Cell): Parsed<Crs> {
  const s = toHalfWidth(cleanText(cell))
    .toUpperCase()
    .replace(/[\s\-_:]/g, '');
  const v = CRS_SYNONYMS[s];
  return v ? ok(v) : fail('crs_unknown');
}

// ─── Classification and administrative units ──────────────────────────────────────────────────

function resolveLoose(name: string): ResolvedType | undefined {
  const n = name.replace(/其它/g, '其他');
  return resolveTypeName(n) ?? resolveTypeName(n.replace(/排污口$/, '排口')) ?? resolveTypeName(n.replace(/排口$/, '排污口'));
}

/**
 * An HJ 1312 type by its level-1, level-2 or level-3 name. A path such as `工业排污口/工矿企业排污口`
 * is accepted when its parts lie on one branch of the tree; the deepest part wins.
 *
 * @example parseType('矿山排污口') // level1 工业排污口, level2 工矿企业排污口, level3 矿山排污口
 */
export function parseType(cell: Cell): Parsed<OutfallType> {
  const s = cleanText(cell).replace(/\s+/g, '');
  let resolved = resolveLoose(s);
  if (!resolved) {
    const parts = s.split(/[/／\\|｜>＞→\-－—、]+/).filter(Boolean);
    if (parts.length > 1) {
      const deepest = resolveLoose(parts.at(-1)!);
      const names = deepest ? [deepest.level1.name, deepest.level2?.name, deepest.level3?.name] : [];
      const onBranch = parts.every((p) => {
        const r = resolveLoose(p);
        return r !== undefined && names.includes((r.level3 ?? r.level2 ?? r.level1).name);
      });
      if (deepest && onBranch) resolved = deepest;
    }
  }
  if (!resolved) return fail('type_unknown');
  return ok({
    level1Key: resolved.level1.key as Level1Key,
    level1: resolved.level1.name,
    ...(resolved.level2 && { level2: resolved.level2.name }),
    ...(resolved.level3 && { level3: resolved.level3.name }),
  });
}

const stripProvince = (s: string) => s.replace(/^吉林省/, '');

/**
 * A prefecture-level unit by name (长春市, 长春, 延边州) or 6-digit code.
 *
 * @example parseCity('延边州') // { ok: true, value: { adcode: '222400', name: '延边朝鲜族自治州' } }
 */
export function parseCity(cell: Cell): Parsed<City> {
  const s = stripProvince(toHalfWidth(cleanText(cell)).replace(/\s+/g, ''));
  // One character (长) is a prefix of too much to be a name.
  const city = /^\d{6}$/.test(s) ? cityByAdcode(s) : s.length >= 2 ? cityByName(s) : undefined;
  return city ? ok(city) : fail('city_unknown');
}

/**
 * Codes that changed: 公主岭市 moved from 四平市 (220381) to 长春市 (220184) in 2020. Files written
 * before then still use the old code or the old city; they are imported with a warning.
 */
export const SUPERSEDED_COUNTIES: readonly { oldAdcode: string; oldCityAdcode: string; adcode: string }[] = [
  { oldAdcode: '220381', oldCityAdcode: '220300', adcode: '220184' },
];

export interface CountyParse {
  county: County;
  /** Set when the county was found through an old code or old city (SUPERSEDED_COUNTIES). */
  superseded?: boolean;
}

/**
 * A county-level unit by name (`公主岭市`, `公主岭`, `前郭`, `长春市南关区`) or 6-digit code, scoped to
 * the stated city when one is given.
 *
 * @example parseCounty('前郭') // 前郭尔罗斯蒙古族自治县 (220721)
 */
export function parseCounty(cell: Cell, city?: City): Parsed<CountyParse> {
  const s = stripProvince(toHalfWidth(cleanText(cell)).replace(/\s+/g, ''));
  const inCity = (c: County) => !city || c.cityAdcode === city.adcode;
  const notInCity = (c: County) => fail('county_not_in_city', { county: c.name, city: city!.name });
  const superseded = (c: County) => SUPERSEDED_COUNTIES.some((x) => x.adcode === c.adcode && city && x.oldCityAdcode === city.adcode);

  if (/^\d{6}$/.test(s)) {
    const old = SUPERSEDED_COUNTIES.find((x) => x.oldAdcode === s);
    const county = countyByAdcode(old ? old.adcode : s);
    if (!county) return fail('county_unknown');
    if (old) return !city || city.adcode === old.oldCityAdcode || inCity(county) ? ok({ county, superseded: true }) : notInCity(county);
    if (inCity(county)) return ok({ county });
    return superseded(county) ? ok({ county, superseded: true }) : notInCity(county);
  }

  const pick = (found: County[]): Parsed<CountyParse> | undefined => {
    if (found.length === 1) return ok({ county: found[0]! });
    if (found.length > 1) return fail('county_ambiguous', { candidates: found.map((c) => `${c.cityName}${c.name}`).join('、') });
    return undefined;
  };
  const scoped = pick(countiesByName(s, city?.adcode));
  if (scoped) return scoped;

  // "长春市南关区": a city prefix in the county cell.
  for (const c of allCities()) {
    for (const prefix of new Set([c.name, c.name.replace(/朝鲜族自治州$/, '州')])) {
      if (s.startsWith(prefix) && s.length > prefix.length) {
        const r = pick(countiesByName(s.slice(prefix.length), c.adcode));
        if (r?.ok && !inCity(r.value.county) && !superseded(r.value.county)) return notInCity(r.value.county);
        if (r) return r.ok && superseded(r.value.county) ? ok({ ...r.value, superseded: true }) : r;
      }
    }
  }
  if (city) {
    const elsewhere = countiesByName(s);
    if (elsewhere.length === 1) {
      return superseded(elsewhere[0]!) ? ok({ county: elsewhere[0]!, superseded: true }) : notInCity(elsewhere[0]!);
    }
  }
  return fail('county_unknown');
}
