import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type MessageKey, t } from '../../src/kernel/i18n/index.ts';
import { canonicalJson } from '../../src/kernel/util/canonical-json.ts';
import { generateDemoRecords } from '../../src/records/demo/generate.ts';
import { COLUMNS } from '../../src/records/import/columns.ts';
import { importTable } from '../../src/records/import/importer.ts';
import { readCsv } from '../../src/records/import/read.ts';
import { type OutfallRecord, outfallRecordSchema } from '../../src/records/schema.ts';
import {
  CSV_DEMO_TITLE,
  CSV_HEADERS,
  changedFieldsLabel,
  dictionaryFields,
  type ExportMeta,
  flattenRecord,
  recordJsonSchema,
  schemaDocComments,
  toChangesCsv,
  toCsv,
  toGeoJson,
  toJsonExport,
} from '../../src/site/exports.ts';

const BASE = 'https://hbpwk.example.gov.cn';
const META: ExportMeta = { asOf: '2025-06-30', importedAt: '2025-07-01T08:00:00.000Z', source: 'demo:exports:40', demo: true };
const records = generateDemoRecords({ seed: 'exports-test', count: 40 });

/** Parses CSV with a real RFC 4180 parser (the one the importer uses), BOM removed. */
const parseCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true }) as string[][];

describe('toCsv', () => {
  it('is UTF-8 with BOM, CRLF line ends, and the importer’s column names as header', () => {
    const csv = toCsv(records, { demo: false });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(false); // no bare LF outside quoted fields here
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(records.length + 1);
    expect(rows.every((r) => r.length === CSV_HEADERS.length)).toBe(true);
  });

  it('marks demonstration data with a title line above the header', () => {
    const rows = parseCsv(toCsv(records, { demo: true }));
    expect(rows[0]).toEqual([CSV_DEMO_TITLE]);
    expect(rows[1]).toEqual([...CSV_HEADERS]);
    expect(parseCsv(toCsv(records, { demo: false }))[0]).toEqual([...CSV_HEADERS]);
  });

  it('writes each field where the importer reads it', () => {
    const r = records.find((x) => x.type.level2 && x.approval && x.monitoring) ?? records[0]!;
    const [header, row] = parseCsv(toCsv([r], { demo: false }));
    const cell = (h: string) => row![header!.indexOf(h)];
    expect(cell('排污口编码')).toBe(r.code);
    expect(cell('排污口类型')).toBe([r.type.level1, r.type.level2, r.type.level3].filter(Boolean).join('/'));
    expect(cell('所在市州')).toBe(r.cityName);
    expect(Number(cell('经度'))).toBe(r.lng);
    expect(Number(cell('纬度'))).toBe(r.lat);
    expect(cell('坐标系')).toBe('WGS84');
    expect(cell('是否保留')).toBe(r.retained ? '是' : '否');
    expect(cell('更新日期')).toBe(r.updatedAt);
  });

  it('re-imports through the real importer to the same records (title line, quotes and commas included)', () => {
    const tricky: OutfallRecord[] = [
      { ...records[0]!, name: `${records[0]!.name}（"一号",东侧）` },
      { ...records[1]!, monitoring: { date: '2025-05-01', result: '超标（化学需氧量 62 mg/L, 氨氮 "8.1" mg/L）' } },
    ];
    const all = [...tricky, ...records.slice(2)].map((r) => outfallRecordSchema.parse(r));
    for (const demo of [true, false]) {
      const csv = toCsv(all, { demo });
      const result = importTable(readCsv(new TextEncoder().encode(csv)));
      expect(result.problems.filter((p) => p.severity !== 'notice')).toEqual([]);
      expect(result.records.map(canonicalJson)).toEqual(all.map(canonicalJson));
    }
  });
});

describe('toGeoJson (RFC 7946)', () => {
  const gj = JSON.parse(JSON.stringify(toGeoJson(records, META, BASE))) as {
    type: string;
    crs?: unknown;
    metadata: { demo: boolean; recordCount: number; asOf: string };
    features: { type: string; id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
  };

  it('is a FeatureCollection of WGS84 points, longitude first, without the removed crs member', () => {
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.crs).toBeUndefined();
    expect(gj.features).toHaveLength(records.length);
    gj.features.forEach((f, i) => {
      const r = records[i]!;
      expect(f.type).toBe('Feature');
      expect(f.id).toBe(r.code);
      expect(f.geometry.type).toBe('Point');
      expect(f.geometry.coordinates).toEqual([r.lng, r.lat]);
      const [lng, lat] = f.geometry.coordinates as [number, number];
      expect(lng).toBeGreaterThanOrEqual(-180);
      expect(lng).toBeLessThanOrEqual(180);
      expect(lat).toBeGreaterThanOrEqual(-90);
      expect(lat).toBeLessThanOrEqual(90);
      expect(f.properties).not.toHaveProperty('lng');
      expect(Object.values(f.properties).every((v) => ['string', 'number', 'boolean'].includes(typeof v))).toBe(true);
    });
  });

  it('carries the metadata header as a foreign member', () => {
    expect(gj.metadata).toMatchObject({ demo: true, recordCount: records.length, asOf: '2025-06-30' });
  });

  it('flattens records to dotted paths that are the data dictionary’s fields', () => {
    const paths = new Set(dictionaryFields().map((f) => f.path));
    const flat = flattenRecord(records[0]!);
    expect(flat['receivingWater.name']).toBe(records[0]!.receivingWater.name);
    for (const key of Object.keys(flat)) expect(paths.has(key), key).toBe(true);
  });
});

describe('toJsonExport', () => {
  it('holds the records exactly, with dataset metadata and licence', () => {
    const out = JSON.parse(JSON.stringify(toJsonExport(records, META, BASE)));
    expect(out.records).toEqual(records);
    expect(out.metadata).toMatchObject({ demo: true, recordCount: records.length, asOf: META.asOf, source: META.source, importedAt: META.importedAt });
    expect(out.metadata.licence.text).toBeTruthy();
    expect(out.metadata.schema).toBe(`${BASE}/data/outfall.schema.json`);
  });

  it('says demo: false for real data', () => {
    expect(toJsonExport(records, { ...META, demo: false }, BASE).metadata.demo).toBe(false);
  });
});

describe('data dictionary', () => {
  const fields = dictionaryFields();

  it('lists every leaf field of the schema with a Chinese description and a CSV column', () => {
    expect(fields.length).toBeGreaterThan(25);
    for (const f of fields) {
      const key = `publish.field.${f.path}` as MessageKey;
      expect(t(key), f.path).toEqual(expect.any(String));
      expect(f.csvColumn, f.path).toBeDefined();
    }
  });

  it('covers every CSV column except 坐标系 (always WGS84)', () => {
    const used = new Set(fields.map((f) => f.csvColumn));
    expect(CSV_HEADERS.filter((h) => !used.has(h))).toEqual(['坐标系']);
  });

  it('takes enumerations and required-ness from the zod schema', () => {
    const status = fields.find((f) => f.path === 'remediation.status')!;
    expect(status.values).toEqual(['待整治', '整治中', '已完成', '已销号']);
    expect(status.required).toBe(true);
    expect(fields.find((f) => f.path === 'approval.number')!.required).toBe(false); // parent optional
    expect(fields.find((f) => f.path === 'updatedAt')!.constraint).toContain('YYYY-MM-DD');
  });

  it('reads the English descriptions from the schema’s doc comments, nested objects included', async () => {
    const docs = await schemaDocComments(readFileSync(new URL('../../src/records/schema.ts', import.meta.url), 'utf8'));
    expect(docs.get('code')).toMatch(/HJ 1235-2021/);
    expect(docs.get('receivingWater.name')).toMatch(/river, lake or reservoir/);
    expect(docs.get('type.level1')).toMatch(/Level-1 type name/); // via the outfallTypeSchema variable
    for (const f of fields) expect(docs.has(f.path), f.path).toBe(true);
  });

  it('publishes a JSON Schema with its $id', () => {
    const s = recordJsonSchema(BASE) as { $id: string; properties: Record<string, unknown>; required: string[] };
    expect(s.$id).toBe(`${BASE}/data/outfall.schema.json`);
    expect(s.required).toContain('code');
    expect(Object.keys(s.properties)).toContain('remediation');
  });
});

describe('change log CSV', () => {
  it('lists each change with its fields in Chinese, BOM and demo title included', () => {
    const csv = toChangesCsv(
      [
        {
          datasetId: 2,
          code: 'A0001',
          change: 'changed',
          fields: ['cityAdcode', 'cityName', 'remediation'],
          name: '甲',
          importedAt: '2025-07-01T00:00:00Z',
          source: 'x.xlsx',
        },
        { datasetId: 2, code: 'A0002', change: 'removed', fields: null, name: '乙,丙', importedAt: '2025-07-01T00:00:00Z', source: 'x.xlsx' },
      ],
      { demo: true },
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([CSV_DEMO_TITLE]);
    expect(rows[2]).toEqual(['2', '2025-07-01T00:00:00Z', '变更', 'A0001', '甲', '所在市州、整治']);
    expect(rows[3]).toEqual(['2', '2025-07-01T00:00:00Z', '删除', 'A0002', '乙,丙', '']);
    expect(changedFieldsLabel(['lng', 'lat'])).toBe('经度、纬度');
  });
});
