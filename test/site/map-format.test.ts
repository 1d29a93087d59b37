import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REMEDIATION_STATUSES } from '../../src/records/schema.ts';
import { encodeMapData, type MapRecord, withTokens } from '../../src/site/map-data.ts';
import { decodeMapData, expandTokens, MapDataError } from '../../src/site/map-format.ts';

function record(over: Partial<MapRecord> & { code: string }): MapRecord {
  return {
    name: '伊通河南关区和平街雨洪排口',
    type: { level1Key: 'other', level1: '其他排口', level2: '城镇雨洪排口' },
    cityAdcode: '220100',
    cityName: '长春市',
    countyAdcode: '220102',
    countyName: '南关区',
    lng: 125.35,
    lat: 43.86,
    receivingWater: { name: '伊通河' },
    remediation: { status: '待整治' },
    ...over,
  };
}

describe('placeholders in names and codes', () => {
  it.each([
    ['伊通河南关区和平街雨洪排口', '^@和平街雨洪排口'],
    ['A^B@C\\D', 'A\\^B\\@C\\\\D'],
    ['南关区伊通河', '@^'],
    ['', ''],
  ])('%s ⇄ %s', (plain, tokens) => {
    expect(
      withTokens(plain, [
        ['伊通河', '^'],
        ['南关区', '@'],
      ]),
    ).toBe(tokens);
    expect(expandTokens(tokens, '伊通河', '南关区')).toBe(plain);
  });

  it('round-trips any string', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (s, w, c) => {
        expect(
          expandTokens(
            withTokens(s, [
              [w, '^'],
              [c, '@'],
            ]),
            w,
            c,
          ),
        ).toBe(s);
      }),
    );
  });
});

describe('encodeMapData → decodeMapData', () => {
  const records: MapRecord[] = [
    record({ code: 'YTH220102CY0001', lng: 125.351234567, lat: 43.861234567 }),
    record({
      code: 'YTH220102GK0002',
      type: { level1Key: 'industrial', level1: '工业排污口' },
      remediation: { status: '已销号' },
      name: '名称含^和@与\\的排口',
    }),
    record({
      code: 'SHJ220581NY0001',
      countyAdcode: '220581',
      countyName: '梅河口市',
      cityAdcode: '220500',
      cityName: '通化市',
      lng: 125.71,
      lat: 42.53,
      receivingWater: { name: '辉发河' },
      type: { level1Key: 'agricultural', level1: '农业排口' },
      remediation: { status: '整治中' },
    }),
    record({
      code: 'CGH220822CZ0001',
      countyAdcode: '220822',
      countyName: '通榆县',
      cityAdcode: '220800',
      cityName: '白城市',
      lng: 123.08,
      lat: 44.81,
      receivingWater: { name: '查干湖' },
      type: { level1Key: 'municipal', level1: '城镇污水处理厂排污口' },
      remediation: { status: '已完成' },
    }),
  ];

  it('gives back every record with its tables, coordinates to 1e-5', () => {
    const data = decodeMapData(JSON.parse(JSON.stringify(encodeMapData(records))));
    expect(data.points).toHaveLength(records.length);
    const byCode = new Map(data.points.map((p) => [p.code, p]));
    for (const r of records) {
      const p = byCode.get(r.code)!;
      expect(p, r.code).toBeDefined();
      expect(p.name).toBe(r.name);
      expect(Math.abs(p.lng - r.lng)).toBeLessThanOrEqual(0.5e-5 + 1e-12);
      expect(Math.abs(p.lat - r.lat)).toBeLessThanOrEqual(0.5e-5 + 1e-12);
      expect(data.types[p.type]!.key).toBe(r.type.level1Key);
      expect(data.statuses[p.status]!.name).toBe(r.remediation.status);
      expect(data.counties[p.county]!.adcode).toBe(r.countyAdcode);
      expect(data.cities[data.counties[p.county]!.city]!.adcode).toBe(r.cityAdcode);
      expect(data.waters[p.water]).toBe(r.receivingWater.name);
    }
    expect(data.statuses.map((s) => s.name)).toEqual([...REMEDIATION_STATUSES]);
    // Grouped by county (the list's default order).
    expect(data.points.map((p) => data.counties[p.county]!.adcode)).toEqual([...data.points.map((p) => data.counties[p.county]!.adcode)].sort());
  });

  it('stores names and codes with placeholders', () => {
    const doc = encodeMapData(records);
    expect(doc.code).toContain('YTH@CY0001');
    expect(doc.name).toContain('^@和平街雨洪排口');
  });

  it('rejects an unknown type or status naming the record and field', () => {
    expect(() => encodeMapData([record({ code: 'X0001', type: { level1Key: 'nope' as 'other', level1: '?' } })])).toThrow(/X0001: type.level1Key "nope"/);
    expect(() => encodeMapData([record({ code: 'X0002', remediation: { status: '不存在' as '待整治' } })])).toThrow(/X0002: remediation.status/);
  });

  it.each([
    ['a wrong version', (d: Record<string, unknown>) => ({ ...d, v: 2 }), /unsupported version 2/],
    ['a short column', (d: Record<string, unknown>) => ({ ...d, name: (d.name as string[]).slice(1) }), /column "name" must have 4 entries/],
    ['a missing table entry', (d: Record<string, unknown>) => ({ ...d, w: (d.w as number[]).map(() => 99) }), /refers to a missing table entry/],
  ])('refuses %s', (_, change, message) => {
    const doc = change(encodeMapData(records) as unknown as Record<string, unknown>);
    expect(() => decodeMapData(doc as never)).toThrow(MapDataError);
    expect(() => decodeMapData(doc as never)).toThrow(message);
  });

  it('encodes an empty dataset', () => {
    expect(decodeMapData(encodeMapData([])).points).toEqual([]);
  });
});
