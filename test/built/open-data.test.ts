import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';
import { canonicalJson } from '../../src/kernel/util/canonical-json.ts';
import { importTable } from '../../src/records/import/importer.ts';
import { readCsv } from '../../src/records/import/read.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { changeLog, currentDataset, publishedRecords } from '../../src/records/store.ts';
import { CSV_DEMO_TITLE, CSV_HEADERS } from '../../src/site/exports/csv.ts';
import { dictionaryFields } from '../../src/site/exports/dictionary.ts';

/**
 * The built open-data files against the records store: the CSV re-imports through the real importer
 * to exactly the published records, JSON and GeoJSON hold every record, the metadata tells the
 * dataset's date and demo flag, and the page shows the dictionary, change log and sources.
 */

const portal = inject('portal');
const client = join(portal.siteDir, 'client');
let db: Db;
let records: OutfallRecord[];
let dataset: NonNullable<ReturnType<typeof currentDataset>>;

beforeAll(() => {
  db = buildDb(portal.dbPath, { readonly: true });
  records = publishedRecords(db);
  dataset = currentDataset(db)!;
});
afterAll(() => db.$client.close());

const file = (name: string) => readFileSync(join(client, 'data', name));

describe('outfalls.csv', () => {
  it('re-imports through the importer to exactly the published records', () => {
    const result = importTable(readCsv(new Uint8Array(file('outfalls.csv'))));
    expect(result.problems.filter((p) => p.severity !== 'notice')).toEqual([]);
    expect(result.records).toHaveLength(records.length);
    const byCode = new Map(result.records.map((r) => [r.code, r]));
    for (const r of records) expect(canonicalJson(byCode.get(r.code)), r.code).toBe(canonicalJson(r));
  });

  it('starts with the UTF-8 BOM, marks demo data in a title line, and has the importer’s header', () => {
    const bytes = file('outfalls.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { bom: true, relax_column_count: true }) as string[][];
    const header = dataset.demo ? rows[1] : rows[0];
    expect(rows[0]![0] === CSV_DEMO_TITLE).toBe(dataset.demo);
    expect(header).toEqual([...CSV_HEADERS]);
    expect(rows.length - (dataset.demo ? 2 : 1)).toBe(records.length);
  });

  it('is served as text/csv', async () => {
    const res = await fetch(`${portal.url}/data/outfalls.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  });
});

describe('outfalls.json and outfalls.geojson', () => {
  it('JSON holds every record as published, with the dataset’s metadata', () => {
    const json = JSON.parse(file('outfalls.json').toString('utf8'));
    expect(json.records).toHaveLength(records.length);
    expect(json.records.map(canonicalJson)).toEqual(records.map(canonicalJson));
    expect(json.metadata).toMatchObject({ demo: dataset.demo, asOf: dataset.asOf, source: dataset.source, recordCount: records.length });
    expect(json.metadata.schema).toBe(`${portal.publicBaseUrl}/data/outfall.schema.json`);
  });

  it('GeoJSON has one point per record at the record’s coordinates', () => {
    const gj = JSON.parse(file('outfalls.geojson').toString('utf8'));
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.metadata).toMatchObject({ demo: dataset.demo, recordCount: records.length });
    expect(gj.features).toHaveLength(records.length);
    const byId = new Map<string, { geometry: { coordinates: number[] } }>(gj.features.map((f: { id: string }) => [f.id, f]));
    for (const r of records) expect(byId.get(r.code)?.geometry.coordinates, r.code).toEqual([r.lng, r.lat]);
  });

  it('the JSON Schema validates the shape the records have', () => {
    const schema = JSON.parse(file('outfall.schema.json').toString('utf8'));
    const keys = new Set(records.flatMap((r) => Object.keys(r)));
    for (const k of keys) expect(Object.keys(schema.properties), k).toContain(k);
  });
});

describe('change log', () => {
  it('changes.csv has one line per logged change', () => {
    const rows = parse(file('changes.csv').toString('utf8'), { bom: true, relax_column_count: true }) as string[][];
    const entries = changeLog(db);
    expect(rows.length - (dataset.demo ? 2 : 1)).toBe(entries.length);
    const codes = rows.slice(dataset.demo ? 2 : 1).map((r) => r[3]);
    expect(codes.sort()).toEqual(entries.map((e) => e.code).sort());
  });
});

describe('the /data/ page', () => {
  const html = () => readFileSync(join(client, 'data', 'index.html'), 'utf8');

  it('shows the dataset date and record count', () => {
    expect(html()).toContain(`datetime="${dataset.asOf}"`);
    expect(html()).toMatch(new RegExp(`data-fact="count"[^>]*>${records.length.toLocaleString('zh-CN')}<`));
  });

  it('links every download and marks demo data', () => {
    for (const path of ['/data/outfalls.csv', '/data/outfalls.geojson', '/data/outfalls.json', '/data/changes.csv', '/data/outfall.schema.json']) {
      expect(html()).toContain(`href="${path}"`);
    }
    expect(html().includes('download="outfalls-demo.csv"')).toBe(dataset.demo);
  });

  it('has the data dictionary with every schema field, the change log and the #sources section', () => {
    const page = html();
    for (const f of dictionaryFields()) expect(page, f.path).toContain(`data-field="${f.path}"`);
    expect(page).toContain('id="changes"');
    expect(page).toMatch(/id="sources"/);
    expect(page).toContain('Copyright (c) 2017 jaska');
    expect(page).toContain('LGPL');
  });
});
