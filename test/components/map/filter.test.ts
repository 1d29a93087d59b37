import { describe, expect, it } from 'vitest';
import { compileFilters, formatDistance, isFiltered, type MapFilters, NO_FILTERS, parseFilters, writeFilters } from '../../../src/components/map/filter.ts';
import { encodeMapData, type MapRecord } from '../../../src/site/map-data.ts';
import { decodeMapData } from '../../../src/site/map-format.ts';

const rec = (
  code: string,
  type: MapRecord['type']['level1Key'],
  status: MapRecord['remediation']['status'],
  county: [string, string, string, string],
  water: string,
): MapRecord => ({
  code,
  name: code,
  type: { level1Key: type, level1: type },
  countyAdcode: county[0],
  countyName: county[1],
  cityAdcode: county[2],
  cityName: county[3],
  lng: 125,
  lat: 43,
  receivingWater: { name: water },
  remediation: { status },
});
const NANGUAN: [string, string, string, string] = ['220102', '南关区', '220100', '长春市'];
const GONGZHULING: [string, string, string, string] = ['220184', '公主岭市', '220100', '长春市'];
const TONGYU: [string, string, string, string] = ['220822', '通榆县', '220800', '白城市'];
const data = decodeMapData(
  encodeMapData([
    rec('A1', 'industrial', '待整治', NANGUAN, '伊通河'),
    rec('A2', 'municipal', '已完成', NANGUAN, '伊通河'),
    rec('B1', 'industrial', '整治中', GONGZHULING, '东辽河'),
    rec('C1', 'other', '待整治', TONGYU, '查干湖'),
  ]),
);
const codes = (f: MapFilters) =>
  data.points
    .filter(compileFilters(data, f))
    .map((p) => p.code)
    .sort();

describe('filters', () => {
  it.each<[string, string, string[]]>([
    ['', 'nothing', ['A1', 'A2', 'B1', 'C1']],
    ['type=industrial', 'one type', ['A1', 'B1']],
    ['type=industrial&type=other', 'two types (repeated)', ['A1', 'B1', 'C1']],
    ['type=industrial,other', 'two types (comma)', ['A1', 'B1', 'C1']],
    ['type=none', 'no type', []],
    ['type=industrial&type=municipal&type=agricultural&type=other', 'every type', ['A1', 'A2', 'B1', 'C1']],
    ['status=pending', 'status', ['A1', 'C1']],
    ['area=220100', 'a city: all its counties', ['A1', 'A2', 'B1']],
    ['area=220184', 'a county', ['B1']],
    ['water=伊通河', 'a water', ['A1', 'A2']],
    ['water=%E4%BC%8A%E9%80%9A%E6%B2%B3&status=done', 'combined, percent-encoded', ['A2']],
    ['status=gone', 'an unknown status matches nothing', []],
    ['water=不存在的河', 'an unknown water matches nothing', []],
    ['area=229999', 'an unknown area matches nothing', []],
  ])('?%s (%s)', (qs, _, expected) => {
    expect(codes(parseFilters(new URLSearchParams(qs)))).toEqual(expected);
  });

  it.each<[MapFilters, string]>([
    [NO_FILTERS, ''],
    [
      { types: ['industrial', 'other'], status: 'pending', area: '220102', water: '伊通河' },
      'type=industrial&type=other&status=pending&area=220102&water=%E4%BC%8A%E9%80%9A%E6%B2%B3',
    ],
    [{ ...NO_FILTERS, types: [] }, 'type=none'],
  ])('writes %j as ?%s and reads it back', (f, qs) => {
    const params = writeFilters(new URLSearchParams('keep=1&status=old'), f);
    expect(params.toString()).toBe(qs ? `keep=1&${qs}` : 'keep=1');
    expect(parseFilters(params)).toEqual(f);
    expect(isFiltered(f)).toBe(qs !== '');
  });
});

// The distance itself: test/kernel/geo/distance.test.ts.
describe('distances', () => {
  it.each([
    [3, '10 米'],
    [123, '120 米'],
    [994, '990 米'],
    [996, '1.0 公里'],
    [1234, '1.2 公里'],
    [9_949, '9.9 公里'],
    [9_951, '10 公里'],
    [123_456, '123 公里'],
  ])('%i m reads "%s"', (m, text) => {
    expect(formatDistance(m, { m: '{n} 米', km: '{n} 公里' })).toBe(text);
  });
});
