import type { OutfallRecord } from '../records/schema.ts';

/**
 * Search on a static site: a compact index built once at build time (served as
 * `/search/index.json`, fetched only when someone starts to search) and a matcher that runs in the
 * browser. Both halves live here so the build and the page agree on the format and on
 * normalisation. Nothing in this module touches Node APIs: the search page's script imports it.
 *
 * Index format (version 1), arrays of arrays to keep the JSON small:
 *   { v: 1, demo, asOf, counties: [name…], waters: [name…], statuses: [name…],
 *     rows: [[code, name, waterIdx, entity, countyIdx, statusIdx], …] }
 * Receiving waters and counties repeat across thousands of rows, so they are tables; names and
 * entities are mostly unique and left to brotli.
 */

export const SEARCH_INDEX_VERSION = 1;

/** One outfall in the index: [code, name, water index, responsible entity, county index, status index]. */
export type SearchRow = [code: string, name: string, water: number, entity: string, county: number, status: number];

export interface SearchIndex {
  v: typeof SEARCH_INDEX_VERSION;
  /** Whether the index was built from demonstration data (a downloadable file says so itself). */
  demo: boolean;
  /** Date of the dataset (YYYY-MM-DD). */
  asOf: string;
  counties: string[];
  waters: string[];
  statuses: string[];
  rows: SearchRow[];
}

/**
 * Builds the index from the published records, in code order (deterministic output).
 *
 * @example buildSearchIndex(records, { demo: true, asOf: '2025-06-30' }).rows[0] // ['JL…', '伊通河…', 0, '…', 3, 1]
 */
export function buildSearchIndex(records: readonly OutfallRecord[], meta: { demo: boolean; asOf: string }): SearchIndex {
  const tables = { counties: new Map<string, number>(), waters: new Map<string, number>(), statuses: new Map<string, number>() };
  const idx = (table: Map<string, number>, value: string) => {
    let i = table.get(value);
    if (i === undefined) table.set(value, (i = table.size));
    return i;
  };
  const rows = [...records]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((r): SearchRow => [r.code, r.name, idx(tables.waters, r.receivingWater.name), r.responsibleEntity.name, idx(tables.counties, r.countyName), idx(tables.statuses, r.remediation.status)]);
  return {
    v: SEARCH_INDEX_VERSION,
    demo: meta.demo,
    asOf: meta.asOf,
    counties: [...tables.counties.keys()],
    waters: [...tables.waters.keys()],
    statuses: [...tables.statuses.keys()],
    rows,
  };
}

/**
 * Normalises text for matching: NFKC (full-width letters, digits and punctuation become half-width),
 * lower case, no whitespace (including the ideographic space).
 *
 * @example normaliseText(' 伊通河　ＡＢ１ ') // '伊通河ab1'
 */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * Normalises an outfall code or a query for code matching: like `normaliseText`, and separators
 * (hyphens, dashes, underscores, dots) are ignored, because people copy codes from signboards and
 * spreadsheets with or without them.
 *
 * @example normaliseCode('jl-220102 gy０１') // 'jl220102gy01'
 */
export function normaliseCode(s: string): string {
  return normaliseText(s).replace(/[-‐‑‒–—―_.·]/gu, '');
}

/** One row with its normalised fields, prepared once after the index is loaded. */
export interface PreparedRow {
  row: SearchRow;
  code: string;
  name: string;
  water: string;
  entity: string;
  county: string;
}

export function prepareIndex(index: SearchIndex): PreparedRow[] {
  const waters = index.waters.map(normaliseText);
  const counties = index.counties.map(normaliseText);
  return index.rows.map((row) => ({
    row,
    code: normaliseCode(row[0]),
    name: normaliseText(row[1]),
    water: waters[row[2]] ?? '',
    entity: normaliseText(row[3]),
    county: counties[row[4]] ?? '',
  }));
}

/** Why a row matched; lower ranks first. */
export const MATCH_RANK = {
  codeExact: 0,
  codePrefix: 1,
  nameExact: 2,
  codeContains: 3,
  namePrefix: 4,
  nameContains: 5,
  waterExact: 6,
  waterContains: 7,
  entityContains: 8,
  countyContains: 9,
  allTerms: 10,
} as const;

export interface SearchHit {
  row: SearchRow;
  rank: number;
}

function rankOf(p: PreparedRow, text: string, code: string): number | undefined {
  if (code) {
    if (p.code === code) return MATCH_RANK.codeExact;
    if (p.code.startsWith(code)) return MATCH_RANK.codePrefix;
  }
  if (text) {
    if (p.name === text) return MATCH_RANK.nameExact;
  }
  if (code && code.length >= 2 && p.code.includes(code)) return MATCH_RANK.codeContains;
  if (!text) return undefined;
  if (p.name.startsWith(text)) return MATCH_RANK.namePrefix;
  if (p.name.includes(text)) return MATCH_RANK.nameContains;
  if (p.water === text) return MATCH_RANK.waterExact;
  if (p.water.includes(text)) return MATCH_RANK.waterContains;
  if (p.entity.includes(text)) return MATCH_RANK.entityContains;
  if (p.county.includes(text)) return MATCH_RANK.countyContains;
  return undefined;
}

/**
 * Finds outfalls by code, name, receiving water or responsible entity (and county), tolerant of
 * partial input: substring match on normalised text, so `220102gy` finds `JL-220102-GY-0001` and
 * `伊通` finds every outfall on 伊通河. Several words separated by spaces must each match some field
 * (`伊通河 化工`). Ranked: exact code, code prefix, exact name, … (see MATCH_RANK), then by code.
 *
 * @example searchRows(prepareIndex(index), 'jl220102', 20).hits[0].row[0] // 'JL220102…'
 */
export function searchRows(rows: readonly PreparedRow[], query: string, limit = 50): { total: number; hits: SearchHit[] } {
  const text = normaliseText(query);
  const code = normaliseCode(query);
  if (!text) return { total: 0, hits: [] };
  const terms = query.normalize('NFKC').split(/\s+/u).map(normaliseText).filter(Boolean).map((term) => [term, normaliseCode(term)] as const);
  const hits: SearchHit[] = [];
  for (const p of rows) {
    let rank = rankOf(p, text, code);
    if (rank === undefined && terms.length > 1 && terms.every(([t, c]) => rankOf(p, t, c) !== undefined)) rank = MATCH_RANK.allTerms;
    if (rank !== undefined) hits.push({ row: p.row, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || (a.row[0] < b.row[0] ? -1 : a.row[0] > b.row[0] ? 1 : 0));
  return { total: hits.length, hits: hits.slice(0, limit) };
}
