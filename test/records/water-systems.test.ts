import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../src/records/demo/generate.ts';
import { BUNDLED_WATERS, COUNTY_PROFILES } from '../../src/records/demo/places.ts';
import { BASIN_OF_SYSTEM, WATER_SYSTEM_BY_COUNTY, waterSystemOf } from '../../src/records/water-systems.ts';

const layerNames = (file: string): string[] => {
  const fc = JSON.parse(readFileSync(new URL(`../../data/geo/${file}`, import.meta.url), 'utf8')) as {
    features: { properties: { name?: string } }[];
  };
  return [...new Set(fc.features.map((f) => f.properties.name).filter((n): n is string => !!n))];
};

describe('water → 水系 → 流域', () => {
  it('groups the systems into the plan’s two basins', () => {
    expect(BASIN_OF_SYSTEM).toEqual({ 松花江: '松花江流域', 图们江: '松花江流域', 绥芬河: '松花江流域', 辽河: '辽河流域', 鸭绿江: '辽河流域' });
  });

  it('names the 水系 of every river and lake in the bundled layers and the demo’s named waters', () => {
    const names = [...layerNames('jilin-rivers.geojson'), ...layerNames('jilin-lakes.geojson'), ...Object.keys(BUNDLED_WATERS)];
    expect(names.length).toBeGreaterThan(15);
    for (const n of names) expect(waterSystemOf(n)?.via, n).toBe('name');
  });

  it('has a fallback 水系 for every county of the demo, so every local water gets one', () => {
    const counties = Object.keys(COUNTY_PROFILES);
    expect(counties.length).toBeGreaterThan(50);
    for (const c of counties) expect(WATER_SYSTEM_BY_COUNTY[c], c).toBeDefined();
    expect(Object.keys(WATER_SYSTEM_BY_COUNTY).sort()).toEqual(counties.sort());
  });

  it.each([
    ['饮马河', undefined, '松花江', '松花江流域', 'name'],
    ['东辽河', undefined, '辽河', '辽河流域', 'name'],
    ['布尔哈通河', undefined, '图们江', '松花江流域', 'name'],
    ['浑江', undefined, '鸭绿江', '辽河流域', 'name'],
    [' 查干湖 ', undefined, '松花江', '松花江流域', 'name'],
    ['永春河', '220102', '松花江', '松花江流域', 'county'],
    ['某小河', '220582', '鸭绿江', '辽河流域', 'county'],
  ])('%s (county %s) → %s, %s via %s', (name, county, system, basin, via) => {
    expect(waterSystemOf(name, county)).toEqual({ system, basin, via });
  });

  it('returns undefined for an unnamed water without a known county', () => {
    expect(waterSystemOf('某小河')).toBeUndefined();
    expect(waterSystemOf('某小河', '210102')).toBeUndefined();
  });
});

describe('demo records carry 水系 and 流域', () => {
  it('every generated record names the system and basin of its water', () => {
    const records = generateDemoRecords({ count: 300, seed: 'water-systems' });
    for (const r of records) {
      expect(r.receivingWater.system, r.code).toBeDefined();
      expect(r.receivingWater.basin).toBe(BASIN_OF_SYSTEM[r.receivingWater.system!]);
    }
    expect(new Set(records.map((r) => r.receivingWater.basin))).toEqual(new Set(['松花江流域', '辽河流域']));
  });
});
