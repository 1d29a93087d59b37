import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';
import { allCities, allCounties } from '../../src/kernel/geo/admin.ts';
import { type OutfallRecord, REMEDIATION_STATUSES, type RemediationStatus } from '../../src/records/schema.ts';
import { currentDataset, publishedRecords } from '../../src/records/store.ts';
import { computeProgress, daysUntil, percent, priorityGroupOf, share } from '../../src/site/progress.ts';
import { buildRecord } from '../support/builders.ts';

/**
 * Progress: the pure computation (src/site/progress.ts) on hand-made records, then the built
 * /progress/ page against numbers recomputed here from the records store.
 */

const cities = [
  { adcode: '220100', name: '长春市' },
  { adcode: '220200', name: '吉林市' },
];
const counties = [
  { adcode: '220102', name: '南关区', cityAdcode: '220100' },
  { adcode: '220104', name: '朝阳区', cityAdcode: '220100' },
  { adcode: '220202', name: '昌邑区', cityAdcode: '220200' },
];

function rec(code: string, county: string, status: RemediationStatus, over: Partial<OutfallRecord> = {}): OutfallRecord {
  const c = counties.find((x) => x.adcode === county)!;
  return buildRecord({
    code,
    countyAdcode: c.adcode,
    countyName: c.name,
    cityAdcode: c.cityAdcode,
    cityName: cities.find((x) => x.adcode === c.cityAdcode)!.name,
    remediation: { status, deadline: '2025-01-31' },
    ...over,
  });
}

describe('computeProgress', () => {
  const records = [
    rec('A00001', '220102', '待整治', { retained: false, signboard: false }), // overdue (deadline passed)
    rec('A00002', '220102', '整治中', { remediation: { status: '整治中', deadline: '2025-12-31' } }), // not yet due
    rec('A00003', '220102', '已完成', { retained: true, signboard: true }),
    rec('A00004', '220202', '已销号', { retained: true, signboard: false, receivingWater: { name: '第二松花江（吉林市段）' } }),
    rec('A00005', '220202', '待整治', { remediation: { status: '待整治' }, receivingWater: { name: '查干湖' } }), // no deadline: not overdue
  ];
  const p = computeProgress(records, { asOf: '2025-06-30', cities, counties });

  it('tallies the province by status, remediated, overdue, retained and signboards', () => {
    expect(p.province.total).toBe(5);
    expect(p.province.byStatus).toEqual({ 待整治: 2, 整治中: 1, 已完成: 1, 已销号: 1 });
    expect(p.province.remediated).toBe(2);
    expect(p.province.overdue).toBe(1);
    expect(p.province.retained).toBe(records.filter((r) => r.retained).length);
    expect(p.province.signboards).toBe(records.filter((r) => r.signboard).length);
    expect(p.province.retainedWithSignboard).toBe(records.filter((r) => r.retained && r.signboard).length);
  });

  it('lists every unit, including one without outfalls, and sums cities to the province', () => {
    expect(p.cities.map((c) => c.adcode)).toEqual(['220100', '220200']);
    const changchun = p.cities[0]!;
    expect(changchun.counties.map((c) => [c.adcode, c.total])).toEqual([
      ['220102', 3],
      ['220104', 0],
    ]);
    expect(p.cities.reduce((s, c) => s + c.total, 0)).toBe(p.province.total);
    for (const s of REMEDIATION_STATUSES) expect(p.cities.reduce((n, c) => n + c.byStatus[s], 0)).toBe(p.province.byStatus[s]);
  });

  it('groups the 2023 priority waters by the name as published', () => {
    const byKey = Object.fromEntries(p.priority.map((g) => [g.key, g.total]));
    // buildRecord's water is 伊通河 (a key tributary): 3 records; plus 第二松花江 and 查干湖.
    expect(byKey).toEqual({ songhua: 1, liao: 0, tributaries: 3, lakes: 1 });
  });

  it.each([
    ['第二松花江', 'songhua'],
    ['第二松花江（吉林市段）', 'songhua'],
    ['松花江扶余段', 'songhua'],
    ['东辽河', 'liao'],
    ['饮马河(长春段)', 'tributaries'],
    ['松花湖', 'lakes'],
    ['二道松花江', undefined],
    ['辉发河', undefined],
    ['松花江路排水沟', undefined],
  ])('priorityGroupOf(%s) = %s', (name, key) => {
    expect(priorityGroupOf(name)).toBe(key);
  });

  it('shares and dates', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(3, 0)).toBe(0);
    expect(percent(1, 3)).toBe('33.3%');
    expect(percent(0, 0)).toBe('0.0%');
    expect(daysUntil('2025-06-30', '2025-12-31')).toBe(184);
    expect(daysUntil('2024-01-01', '2023-12-31')).toBe(-1);
  });
});

describe('built /progress/ page', () => {
  const portal = inject('portal');
  let db: Db;
  let html: string;
  let progress: ReturnType<typeof computeProgress>;

  beforeAll(() => {
    db = buildDb(portal.dbPath, { readonly: true });
    progress = computeProgress(publishedRecords(db), { asOf: currentDataset(db)!.asOf, cities: allCities(), counties: allCounties() });
    html = readFileSync(join(portal.siteDir, 'client', 'progress', 'index.html'), 'utf8');
  });
  afterAll(() => db.$client.close());

  /** The `data-count` of every cell in the row for `area` in table `tableId`. */
  function rowCounts(tableId: string, area: string): Record<string, number> {
    const table = new RegExp(`<table[^>]*id="${tableId}"[^>]*>(.*?)</table>`, 's').exec(html)?.[1] ?? '';
    const row = new RegExp(`<tr[^>]*data-area="${area}"[^>]*>(.*?)</tr>`, 's').exec(table)?.[1] ?? '';
    return Object.fromEntries([...row.matchAll(/<td[^>]*data-col="([^"]+)"[^>]*data-count="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
  }

  it('shows the province, each city and each county as the records store has them', () => {
    const expectRow = (tableId: string, area: string, c: (typeof progress)['province']) => {
      expect(rowCounts(tableId, area), `${tableId} ${area}`).toEqual({
        ...c.byStatus,
        remediated: c.remediated,
        overdue: c.overdue,
        retained: c.retained,
        signboards: c.signboards,
      });
    };
    expectRow('table-province', 'province', progress.province);
    for (const city of progress.cities) {
      expectRow('table-cities', city.adcode, city);
      for (const county of city.counties) expectRow(`table-city-${city.adcode}`, county.adcode, county);
    }
    for (const g of progress.priority) expectRow('table-priority', g.key, g);
  });

  it('lists all 60 counties', () => {
    const rows = [...html.matchAll(/<table[^>]*id="table-city-\d+"[^>]*>.*?<\/table>/gs)].map((m) => m[0]);
    const countyRows = rows.flatMap((t) =>
      [...t.matchAll(/<tbody[^>]*>.*?<\/tbody>/gs)].flatMap((b) => [...b[0].matchAll(/data-area="(\d{6})"/g)].map((m) => m[1])),
    );
    expect(countyRows.sort()).toEqual(
      allCounties()
        .map((c) => c.adcode)
        .sort(),
    );
  });

  it('states both targets with the achieved share', () => {
    expect(html).toContain('data-target="priority"');
    expect(html).toContain('data-target="all"');
    expect(html).toContain(percent(progress.province.remediated, progress.province.total));
  });
});
