import { describe, expect, it } from 'vitest';
import { allCities, allCounties, cityByName, countiesByName, loadCountyFeatures } from '../../../src/kernel/geo/admin.ts';
import { createCountyLookup } from '../../../src/kernel/geo/county-lookup.ts';

const lookup = createCountyLookup();

describe('administrative units', () => {
  it('has the 9 prefecture-level and 60 county-level units of Jilin', () => {
    expect(allCities()).toHaveLength(9);
    expect(allCounties()).toHaveLength(60);
    expect(new Set(allCounties().map((c) => c.cityAdcode)).size).toBe(9);
  });

  it('uses the current code of 公主岭市 (220184 under 长春, since 2020)', () => {
    const [gzl] = countiesByName('公主岭市');
    expect(gzl).toMatchObject({ adcode: '220184', cityAdcode: '220100', cityName: '长春市' });
    expect(allCounties().some((c) => c.adcode === '220381')).toBe(false);
  });

  it.each([
    ['公主岭', '220184'],
    ['伊通', '220323'],
    ['前郭尔罗斯蒙古族自治县', '220721'],
    ['长白', '220623'],
    ['延吉市', '222401'],
    ['伊通县', '220323'],
  ])('finds county %s by the name people type', (name, adcode) => {
    expect(countiesByName(name).map((c) => c.adcode)).toEqual([adcode]);
  });

  it.each(['朝阳县', '长春县', '南关', '长'])('does not guess county %s', (name) => {
    expect(countiesByName(name).filter((c) => c.name !== '南关区')).toEqual([]);
  });

  it('does not match a city from a single character', () => {
    expect(cityByName('长')).toBeUndefined();
  });

  it.each([
    ['长春', '220100'],
    ['延边州', '222400'],
    ['延边朝鲜族自治州', '222400'],
  ])('finds city %s', (name, adcode) => {
    expect(cityByName(name)?.adcode).toBe(adcode);
  });
});

describe('county lookup', () => {
  // Known places (WGS84, from published coordinates of town centres), each well inside its county.
  it.each([
    ['长春 人民广场', 125.3245, 43.8868, '220102'],
    ['吉林市 世纪广场', 126.5496, 43.8378, '220204'],
    ['延吉市', 129.5089, 42.8913, '222401'],
    ['白城 洮北区', 122.839, 45.6196, '220802'],
    ['集安市', 126.1944, 41.1264, '220582'],
    ['珲春市', 130.3659, 42.8627, '222404'],
  ])('%s is in %s', (_name, lng, lat, adcode) => {
    expect(lookup.countyAt(lng, lat)?.adcode).toBe(adcode);
  });

  it.each([
    ['沈阳 (Liaoning)', 123.4315, 41.8057],
    ['哈尔滨 (Heilongjiang)', 126.6424, 45.7567],
    ['乌兰浩特 (Inner Mongolia)', 122.0934, 46.0726],
    ['Sea of Japan', 131.5, 42.0],
    ['NaN', Number.NaN, 43],
    ['Infinity', Number.POSITIVE_INFINITY, 43],
  ])('%s is outside the province', (_name, lng, lat) => {
    expect(lookup.countyAt(lng, lat)).toBeUndefined();
    expect(lookup.inProvince(lng, lat)).toBe(false);
    expect(lookup.locate(lng, lat)).toBeUndefined();
  });

  it('finds every county from a point inside its own polygon', () => {
    // An interior point per county: the centre of the widest inside run along the middle latitude of
    // the county's largest polygon (shell and holes: 东辽县 surrounds 辽源's districts), computed
    // independently of the lookup under test.
    for (const f of loadCountyFeatures()) {
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const polygon = polygons.reduce((a, b) => (b[0]!.length > a[0]!.length ? b : a));
      const ys = polygon[0]!.map((p) => p[1]);
      const y = (Math.min(...ys) + Math.max(...ys)) / 2 + 1e-7;
      const xs: number[] = [];
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [x1, y1] = ring[i]!,
            [x2, y2] = ring[i + 1]!;
          if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
        }
      }
      xs.sort((a, b) => a - b);
      let best = [0, 0];
      for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1]! - xs[i]! > best[1]! - best[0]!) best = [xs[i]!, xs[i + 1]!];
      const x = (best[0]! + best[1]!) / 2;
      expect(lookup.countyAt(x, y)?.adcode, f.properties.name).toBe(f.properties.adcode);
    }
  });

  it('flags points near a county border and names the neighbour with its distance', () => {
    // Walk across the shared border of 南关区 and 朝阳区 (长春) along a parallel and take the last
    // point still in 南关区: it must report 朝阳区 within a few hundred metres.
    const lat = 43.83;
    let prev: { lng: number; adcode?: string } | undefined;
    let hit: ReturnType<typeof lookup.locate>;
    for (let lng = 125.2; lng < 125.45; lng += 0.0005) {
      const adcode = lookup.countyAt(lng, lat)?.adcode;
      if (prev && prev.adcode !== adcode && prev.adcode && adcode) {
        hit = lookup.locate(prev.lng, lat, 500);
        break;
      }
      prev = { lng, adcode };
    }
    expect(hit).toBeDefined();
    expect(hit!.nearBorder.length).toBeGreaterThan(0);
    expect(hit!.nearBorder[0]!.distanceM).toBeLessThan(100);
    expect(hit!.nearBorder[0]!.county.adcode).not.toBe(hit!.county.adcode);
  });

  it('does not flag a point far from any border', () => {
    const hit = lookup.locate(125.3245, 43.8868, 300);
    expect(hit?.county.adcode).toBe('220102');
    // 人民广场 is more than 300 m from the district boundary.
    expect(hit?.nearBorder).toEqual([]);
  });
});
