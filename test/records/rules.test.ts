import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../src/records/demo/generate.ts';
import { importTable } from '../../src/records/import/importer.ts';
import { PROBLEM_SEVERITY } from '../../src/records/import/problems.ts';
import type { Table } from '../../src/records/import/read.ts';
import { brokenRules, PLAN_RULES } from '../../src/records/rules.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { HEADERS } from '../fixtures/import/make-fixtures.ts';

const plan = readFileSync(new URL('../../data/plan/jilin-outfall-work-plan.zh.txt', import.meta.url), 'utf8');

const record = (over: Partial<OutfallRecord> = {}): OutfallRecord => ({
  code: 'YTH220102CY0001',
  name: '伊通河雨洪排口',
  type: { level1Key: 'other', level1: '其他排口', level2: '城镇雨洪排口' },
  cityAdcode: '220100',
  cityName: '长春市',
  countyAdcode: '220102',
  countyName: '南关区',
  lng: 125.331245,
  lat: 43.801167,
  receivingWater: { name: '伊通河' },
  responsibleEntity: { name: '长春市南关区人民政府' },
  supervisor: { name: '长春市生态环境局南关区分局' },
  remediation: { route: '规范整治', status: '整治中' },
  retained: true,
  signboard: true,
  updatedAt: '2025-04-01',
  ...over,
});

describe('the plan’s rules', () => {
  it('quote the plan verbatim and carry the severity the importer reports', () => {
    for (const rule of PLAN_RULES) {
      expect(plan.replace(/\s+/g, ''), rule.id).toContain(rule.source);
      expect(PROBLEM_SEVERITY[rule.id]).toBe(rule.severity);
    }
  });

  it.each([
    ['清理合并', ['rule_stormwater_merged_or_closed']],
    ['依法取缔', ['rule_stormwater_merged_or_closed']],
    ['规范整治', []],
  ] as const)('城镇雨洪排口 routed %s breaks %j', (route, ids) => {
    const r = record({ remediation: { route, status: '整治中' }, retained: false });
    expect(brokenRules(r).map((b) => b.rule.id)).toEqual(ids);
    // The same route for a sewage outfall is allowed.
    expect(brokenRules({ ...r, type: { level1Key: 'other', level1: '其他排口', level2: '城镇生活污水散排口' } })).toEqual([]);
  });

  it('an outfall merged or closed cannot be on the retained list', () => {
    const merged = record({
      type: { level1Key: 'other', level1: '其他排口', level2: '城镇生活污水散排口' },
      remediation: { route: '清理合并', status: '整治中' },
    });
    expect(brokenRules(merged).map((b) => [b.rule.id, b.value])).toEqual([['rule_removed_but_retained', '是']]);
    expect(brokenRules({ ...merged, retained: false })).toEqual([]);
  });
});

describe('the importer', () => {
  const BASE: Record<string, unknown> = {
    排污口编码: 'YTH220102CY0001',
    排污口名称: '伊通河雨洪排口',
    排污口类型: '城镇雨洪排口',
    '所在县（市、区）': '南关区',
    经度: 125.331245,
    纬度: 43.801167,
    受纳水体: '伊通河',
    责任主体: '长春市南关区人民政府',
    监管部门: '长春市生态环境局南关区分局',
    整治状态: '整治中',
    是否保留: false,
    标识牌: false,
    更新日期: new Date(Date.UTC(2025, 3, 1)),
    坐标系: 'WGS84',
  };
  const row = (over: Record<string, unknown>) => HEADERS.map((h) => (h in over ? over[h] : (BASE[h] ?? null)));
  const table = (...rows: unknown[][]): Table => ({
    format: 'xlsx',
    rows: [HEADERS as unknown as unknown[], ...rows].map((cells, i) => ({ number: i + 1, cells: cells as never })),
  });

  it('refuses a 城镇雨洪排口 to be merged, naming row, column, value and the plan’s sentence', () => {
    const r = importTable(table(row({ 整治类型: '规范整治' }), row({ 排污口编码: 'YTH220102CY0002', 整治类型: '清理合并' })));
    expect(r.problems.map((p) => [p.row, p.column, p.value, p.code, p.severity])).toEqual([
      [3, '整治类型', '清理合并', 'rule_stormwater_merged_or_closed', 'error'],
    ]);
    expect(r.problems[0]!.message).toContain('严禁合并、封堵城镇雨洪排口');
    expect(r.records.map((x) => x.code)).toEqual(['YTH220102CY0001']);
  });
});

describe('the demonstration data', () => {
  it('obeys every rule of the plan', () => {
    const records = generateDemoRecords({ count: 5000, seed: 7 });
    expect(records.filter((r) => r.type.level2 === '城镇雨洪排口').length).toBeGreaterThan(50);
    expect(records.flatMap((r) => brokenRules(r).map((b) => `${r.code} ${b.rule.id}`))).toEqual([]);
  });
});
