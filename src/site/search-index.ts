import type { OutfallRecord } from '../records/schema.ts';

/**
 * Search on a static site: a compact index built once at build time (served as
 * `/search/index.json`, fetched only when someone starts to search) and a matcher that runs in the
 * browser. Both halves live here so the build and the page agree on the format and on
 * normalisation. Nothing in this module touches Node APIs: the search page's script imports it.
 *
 * Wire format (version 2) is columnar, one array per field in code order, because similar values
 * next to each other (codes sharing prefixes, names sharing waters and places) compress far better
 * under brotli than interleaved rows (measured: 18 % smaller at 20,000 records):
 *   { v: 2, demo, asOf, counties: [name…], waters: [name…], statuses: [name…],
 *     code: [..], name: [..], water: [idx..], county: [idx..], status: [idx..], entity: [..] }
 * Receiving waters, counties and statuses repeat across thousands of rows, so they are tables.
 * By the naming habit (water + place + entity + type) the entity is usually part of the name; it is
 * then sent as a number `start * 1000 + length` pointing into the name instead of the text.
 */

export const SEARCH_INDEX_VERSION = 2;

export interface SearchIndex {
  v: typeof SEARCH_INDEX_VERSION;
  /** Whether the index was built from demonstration data (a downloadable file says so itself). */
  demo: boolean;
  /** Date of the dataset (YYYY-MM-DD). */
  asOf: string;
  counties: string[];
  waters: string[];
  statuses: string[];
  code: string[];
  name: string[];
  /** Index into `waters`. */
  water: number[];
  /** Index into `counties`. */
  county: number[];
  /** Index into `statuses`. */
  status: number[];
  /** Responsible entity: its text, or `start * 1000 + length` of its place inside the name. */
  entity: (string | number)[];
}

/** One outfall as the search page shows it. */
export interface SearchEntry {
  code: string;
  name: string;
  water: string;
  entity: string;
  county: string;
  status: string;
}

const ENTITY_SPAN = 1000;

/**
 * Builds the index from the published records, in code order (deterministic output).
 *
 * @example buildSearchIndex(records, { demo: true, asOf: '2025-06-30' }).code[0] // 'AGH220882CW0001'
 */
export function buildSearchIndex(records: readonly OutfallRecord[], meta: { demo: boolean; asOf: string }): SearchIndex {
  const tables = { counties: new Map<string, number>(), waters: new Map<string, number>(), statuses: new Map<string, number>() };
  const idx = (table: Map<string, number>, value: string) => {
    let i = table.get(value);
    if (i === undefined) {
      i = table.size;
      table.set(value, i);
    }
    return i;
  };
  const sorted = [...records].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    v: SEARCH_INDEX_VERSION,
    demo: meta.demo,
    asOf: meta.asOf,
    code: sorted.map((r) => r.code),
    name: sorted.map((r) => r.name),
    water: sorted.map((r) => idx(tables.waters, r.receivingWater.name)),
    county: sorted.map((r) => idx(tables.counties, r.countyName)),
    status: sorted.map((r) => idx(tables.statuses, r.remediation.status)),
    entity: sorted.map((r) => {
      const at = r.name.indexOf(r.responsibleEntity.name);
      const len = r.responsibleEntity.name.length;
      return at >= 0 && len < ENTITY_SPAN ? at * ENTITY_SPAN + len : r.responsibleEntity.name;
    }),
    counties: [...tables.counties.keys()],
    waters: [...tables.waters.keys()],
    statuses: [...tables.statuses.keys()],
  };
}

/**
 * Unpacks the wire format into one entry per outfall.
 *
 * @example decodeSearchIndex(index)[0].entity // '大安市凯旋水务有限公司'
 */
export function decodeSearchIndex(index: SearchIndex): SearchEntry[] {
  if (index.v !== SEARCH_INDEX_VERSION) throw new Error(`search index version ${String(index.v)}, expected ${SEARCH_INDEX_VERSION}`);
  return index.code.map((code, i) => {
    const name = index.name[i] ?? '';
    const e = index.entity[i] ?? '';
    return {
      code,
      name,
      water: index.waters[index.water[i] ?? -1] ?? '',
      entity: typeof e === 'number' ? name.slice(Math.floor(e / ENTITY_SPAN), Math.floor(e / ENTITY_SPAN) + (e % ENTITY_SPAN)) : e,
      county: index.counties[index.county[i] ?? -1] ?? '',
      status: index.statuses[index.status[i] ?? -1] ?? '',
    };
  });
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

/** One entry with its normalised fields, prepared once after the index is loaded. */
export interface PreparedRow {
  entry: SearchEntry;
  code: string;
  name: string;
  water: string;
  entity: string;
  county: string;
}

export function prepareIndex(index: SearchIndex): PreparedRow[] {
  const cache = new Map<string, string>();
  // Waters and counties repeat: normalise each distinct value once.
  const norm = (s: string) => {
    let n = cache.get(s);
    if (n === undefined) {
      n = normaliseText(s);
      cache.set(s, n);
    }
    return n;
  };
  return decodeSearchIndex(index).map((entry) => ({
    entry,
    code: normaliseCode(entry.code),
    name: normaliseText(entry.name),
    water: norm(entry.water),
    entity: normaliseText(entry.entity),
    county: norm(entry.county),
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
  entry: SearchEntry;
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
 * @example searchRows(prepareIndex(index), 'agh220882', 20).hits[0].entry.code // 'AGH220882CW0001'
 */
export function searchRows(rows: readonly PreparedRow[], query: string, limit = 50): { total: number; hits: SearchHit[] } {
  const text = normaliseText(query);
  const code = normaliseCode(query);
  if (!text) return { total: 0, hits: [] };
  const terms = query
    .normalize('NFKC')
    .split(/\s+/u)
    .map(normaliseText)
    .filter(Boolean)
    .map((term) => [term, normaliseCode(term)] as const);
  const hits: SearchHit[] = [];
  for (const p of rows) {
    let rank = rankOf(p, text, code);
    if (rank === undefined && terms.length > 1 && terms.every(([t, c]) => rankOf(p, t, c) !== undefined)) rank = MATCH_RANK.allTerms;
    if (rank !== undefined) hits.push({ entry: p.entry, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || (a.entry.code < b.entry.code ? -1 : a.entry.code > b.entry.code ? 1 : 0));
  return { total: hits.length, hits: hits.slice(0, limit) };
}
