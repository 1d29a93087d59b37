import { describe, expect, it } from 'vitest';
import { matchHeader } from '../../../src/records/import/columns.ts';
import { importTable } from '../../../src/records/import/importer.ts';
import type { Table } from '../../../src/records/import/read.ts';
import { toCsv } from '../../../src/site/exports/csv.ts';

/** The optional 水系 column: read on import (with its 流域 derived), written by the CSV export. */
describe('水系 column', () => {
  const HEADERS = [
    '排污口编码',
    '排污口名称',
    '排污口类型',
    '所在县（市、区）',
    '经度',
    '纬度',
    '受纳水体',
    '责任主体',
    '监管部门',
    '整治状态',
    '是否保留',
    '标识牌',
    '更新日期',
  ];
  const base = [
    'YTH220102CW0001',
    '伊通河排污口',
    '城镇雨洪排口',
    '南关区',
    125.331245,
    43.801167,
    '伊通河',
    '长春市南关区人民政府',
    '长春市生态环境局南关区分局',
    '待整治',
    '是',
    '否',
    '2025-04-01',
  ];
  const table = (header: string[], ...rows: unknown[][]): Table => ({
    format: 'csv',
    rows: [header, ...rows].map((cells, i) => ({ number: i + 1, cells: cells as never })),
  });

  it.each(['水系', '所属水系', '受纳水体所属水系'])('header %s names the column', (h) => expect(matchHeader(h)?.key).toBe('waterSystem'));

  it.each([
    ['松花江', '松花江', '松花江流域'],
    ['图们江水系', '图们江', '松花江流域'],
    ['鸭绿江', '鸭绿江', '辽河流域'],
  ])('%s → system %s, basin %s', (cell, system, basin) => {
    const r = importTable(table([...HEADERS, '水系'], [...base, cell]));
    expect(r.problems.filter((p) => p.severity !== 'notice')).toEqual([]);
    expect(r.records[0]!.receivingWater).toEqual({ name: '伊通河', system, basin });
  });

  it('an unknown system is an error naming the column and the value', () => {
    const r = importTable(table([...HEADERS, '水系'], [...base, '黄河']));
    const found = r.problems.filter((p) => p.severity !== 'notice');
    expect(found[0]!.message).toContain('鸭绿江');
    expect(found.map((p) => [p.row, p.column, p.code, p.severity, p.value])).toEqual([[2, '水系', 'enum_unknown', 'error', '黄河']]);
  });

  it('files without the column (today’s column set) import as before, without a system', () => {
    const r = importTable(table(HEADERS, base));
    expect(r.problems.filter((p) => p.severity !== 'notice')).toEqual([]);
    expect(r.records[0]!.receivingWater).toEqual({ name: '伊通河' });
  });

  it('the CSV export writes the system and re-imports to the same record', () => {
    const r = importTable(table([...HEADERS, '水系'], [...base, '松花江']));
    const csv = toCsv(r.records, { demo: false }).replace(/^\ufeff/, '');
    const rows = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const again = importTable(table(rows[0]!, rows[1]!));
    expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(again.records[0]!.receivingWater).toEqual(r.records[0]!.receivingWater);
  });
});
