import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/kernel/util/canonical-json.ts';
import { COLUMNS } from '../../../src/records/import/columns.ts';
import { importTable } from '../../../src/records/import/importer.ts';
import { readCsv } from '../../../src/records/import/read.ts';
import { type OutfallRecord, outfallRecordSchema } from '../../../src/records/schema.ts';
import { CSV_DEMO_TITLE, CSV_HEADERS, toCsv } from '../../../src/site/exports/csv.ts';
import { parseCsv, records } from './fixtures.ts';

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
