import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allCounties, type Position } from '../../../src/kernel/geo/admin.ts';
import { countyLookup } from '../../../src/kernel/geo/county-lookup.ts';
import { dataPath } from '../../../src/kernel/geo/paths.ts';
import { level2Types, OUTFALL_TYPES, resolveTypeName } from '../../../src/records/classification.ts';
import { isValidCreditCode } from '../../../src/records/demo/credit-code.ts';
import { DEFAULT_DEMO_COUNT, DEMO_AS_OF, generateDemoRecords, MAX_DEMO_COUNT } from '../../../src/records/demo/generate.ts';
import { BUNDLED_WATERS, COUNTY_PROFILES, PROGRESS_ORDER } from '../../../src/records/demo/places.ts';
import { synthesizeStream } from '../../../src/records/demo/waters.ts';
import { OUTFALL_CODE, type OutfallRecord, outfallRecordSchema } from '../../../src/records/schema.ts';

// Distances are measured here from the bundled GeoJSON itself, not through the generator's index.
const M_PER_DEG = 111_320;
function distanceToLines(p: Position, lines: Position[][]): number {
  const kx = M_PER_DEG * Math.cos((p[1] * Math.PI) / 180);
  let best = Infinity;
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++) {
      const [ax, ay] = line[i]!,
        [bx, by] = line[i + 1]!;
      const x = (p[0] - ax) * kx,
        y = (p[1] - ay) * M_PER_DEG;
      const dx = (bx - ax) * kx,
        dy = (by - ay) * M_PER_DEG;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (x * dx + y * dy) / len2));
      best = Math.min(best, Math.hypot(x - t * dx, y - t * dy));
    }
  }
  return best;
}

type Geom = { type: string; coordinates: unknown };
const bundledLines = new Map<string, Position[][]>();
for (const file of ['jilin-rivers.geojson', 'jilin-lakes.geojson']) {
  const fc = JSON.parse(readFileSync(dataPath('geo', file), 'utf8')) as { features: { properties: { name: string }; geometry: Geom }[] };
  for (const f of fc.features) {
    if (!f.properties.name) continue;
    const g = f.geometry;
    const lines =
      g.type === 'LineString'
        ? [g.coordinates as Position[]]
        : g.type === 'Polygon'
          ? (g.coordinates as Position[][])
          : (g.coordinates as Position[][][]).flat();
    bundledLines.set(f.properties.name, [...(bundledLines.get(f.properties.name) ?? []), ...lines]);
  }
}

const doneShare = (records: OutfallRecord[], city: string) => {
  const mine = records.filter((r) => r.cityAdcode === city);
  return mine.filter((r) => r.remediation.status === '已完成' || r.remediation.status === '已销号').length / mine.length;
};

describe('demonstration data generator', () => {
  let records: OutfallRecord[];
  beforeAll(() => {
    records = generateDemoRecords();
  });

  it('makes the default number of records', () => {
    expect(records).toHaveLength(DEFAULT_DEMO_COUNT);
  });

  it('is deterministic: same seed and count give identical output, another seed differs', () => {
    expect(JSON.stringify(generateDemoRecords({ seed: '2025', count: DEFAULT_DEMO_COUNT }))).toBe(JSON.stringify(records));
    expect(JSON.stringify(generateDemoRecords({ seed: 7, count: 300 }))).toBe(JSON.stringify(generateDemoRecords({ seed: '7', count: 300 })));
    const other = generateDemoRecords({ seed: 'another', count: DEFAULT_DEMO_COUNT });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(records));
    // Not merely a permutation: positions differ.
    expect(new Set(other.map((r) => `${r.lng},${r.lat}`))).not.toEqual(new Set(records.map((r) => `${r.lng},${r.lat}`)));
  });

  it('rejects counts outside 1…MAX_DEMO_COUNT', () => {
    for (const count of [0, -1, 1.5, MAX_DEMO_COUNT + 1, Number.NaN]) {
      expect(() => generateDemoRecords({ count }), String(count)).toThrow(RangeError);
    }
  });

  it('every record passes the published record schema', () => {
    for (const r of records) {
      const parsed = outfallRecordSchema.safeParse(r);
      expect(parsed.success, `${r.code}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('every point lies in the county (and city) the record names', () => {
    const lookup = countyLookup();
    const bad = records.filter((r) => {
      const c = lookup.countyAt(r.lng, r.lat);
      return !c || c.adcode !== r.countyAdcode || c.name !== r.countyName || c.cityAdcode !== r.cityAdcode || c.cityName !== r.cityName;
    });
    expect(bad.map((r) => r.code)).toEqual([]);
  });

  it("every point is within 500 m of its bundled river or lake, or 300 m of its county's documented local river", () => {
    const streams = new Map<string, Position[][]>();
    const far: string[] = [];
    let onBundled = 0;
    for (const r of records) {
      const name = r.receivingWater.name;
      const bundled = bundledLines.get(name);
      if (bundled) {
        onBundled++;
        const d = distanceToLines([r.lng, r.lat], bundled);
        if (d > 500) far.push(`${r.code} ${name} ${Math.round(d)} m`);
        continue;
      }
      const local = COUNTY_PROFILES[r.countyAdcode]!.localWaters.map((w) => w.name);
      if (!local.includes(name)) {
        far.push(`${r.code} ${name}: neither bundled nor a documented local river of ${r.countyName}`);
        continue;
      }
      const key = `${r.countyAdcode}:${name}`;
      if (!streams.has(key)) streams.set(key, [synthesizeStream(r.countyAdcode, name)]);
      const d = distanceToLines([r.lng, r.lat], streams.get(key)!);
      if (d > 300) far.push(`${r.code} ${name} ${Math.round(d)} m`);
    }
    expect(far).toEqual([]);
    // Most outfalls sit on the real bundled rivers and lakes.
    expect(onBundled / records.length).toBeGreaterThan(0.5);
  });

  it('uses no unnamed bundled line and keeps local river names distinct from bundled ones', () => {
    for (const p of Object.values(COUNTY_PROFILES)) {
      for (const w of p.localWaters) expect(bundledLines.has(w.name), w.name).toBe(false);
    }
    expect(Object.keys(BUNDLED_WATERS).every((n) => bundledLines.has(n))).toBe(true);
  });

  it('covers all 60 counties and every level-2 type', () => {
    expect(new Set(records.map((r) => r.countyAdcode))).toEqual(new Set(allCounties().map((c) => c.adcode)));
    expect(allCounties()).toHaveLength(60);
    const level2 = new Set(records.map((r) => r.type.level2));
    expect([...level2].sort()).toEqual([...new Set(level2Types().map((t) => t.level2.name))].sort());
  });

  it('classifies consistently with the HJ 1312 tree', () => {
    for (const r of records) {
      const resolved = resolveTypeName(r.type.level3 ?? r.type.level2!);
      expect(resolved?.level1.key, r.code).toBe(r.type.level1Key);
      expect(resolved?.level1.name).toBe(r.type.level1);
      expect(resolved?.level2?.name).toBe(r.type.level2);
    }
  });

  it('has a plausible type mix: many storm, rural and industrial outfalls, one or two municipal plants per county, few ports', () => {
    const count = (name: string) => records.filter((r) => r.type.level2 === name).length;
    const wwtp = count('城镇污水处理厂排污口');
    for (const many of ['城镇雨洪排口', '农村生活污水散排口', '工矿企业排污口']) expect(count(many), many).toBeGreaterThan(2 * wwtp);
    const perCounty = new Map<string, number>();
    for (const r of records) if (r.type.level1Key === 'municipal') perCounty.set(r.countyAdcode, (perCounty.get(r.countyAdcode) ?? 0) + 1);
    expect(perCounty.size).toBe(60);
    expect([...perCounty.values()].every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(count('港口码头排口')).toBeGreaterThan(0);
    expect(count('港口码头排口')).toBeLessThan(records.length * 0.01);
    // Ports only on the big waters.
    for (const r of records.filter((x) => x.type.level2 === '港口码头排口')) expect(BUNDLED_WATERS[r.receivingWater.name]?.big, r.name).toBe(true);
  });

  it('follows population: 长春 and 吉林 have the most outfalls', () => {
    const byCity = new Map<string, number>();
    for (const r of records) byCity.set(r.cityAdcode, (byCity.get(r.cityAdcode) ?? 0) + 1);
    const ranked = [...byCity].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(ranked.slice(0, 2)).toEqual(['220100', '220200']);
  });

  it('names outfalls by receiving water + place + entity + type', () => {
    for (const r of records) {
      expect(r.name.startsWith(r.receivingWater.name), r.name).toBe(true);
      expect(r.name.includes(r.countyName), r.name).toBe(true);
      expect(r.name, r.name).toMatch(/(排污口|排口|排水口|退水口)$/u);
    }
    expect(new Set(records.map((r) => r.name)).size).toBe(records.length);
    const wwtp = records.find((r) => r.countyAdcode === '220102' && r.type.level1Key === 'municipal')!;
    expect(wwtp.name).toMatch(/^.+南关区长春市城市排水有限责任公司第.+污水处理厂排污口$/u);
  });

  it('codes are unique, follow the HJ 1235 layout and embed the county code and type code', () => {
    expect(new Set(records.map((r) => r.code)).size).toBe(records.length);
    const typeCodes = new Map(OUTFALL_TYPES.flatMap((l1) => (l1.children ?? []).map((l2) => [l2.name, l2.code] as const)));
    const waterCodes = new Map<string, string>();
    for (const r of records) {
      expect(r.code).toMatch(OUTFALL_CODE);
      const m = /^([A-Z]{2,4})(\d{6})([A-Z]{2})(\d{4})$/.exec(r.code);
      expect(m, r.code).not.toBeNull();
      const [, water, adcode, type] = m!;
      expect(adcode).toBe(r.countyAdcode);
      expect(type).toBe(typeCodes.get(r.type.level2!));
      // One receiving water has one code within a county.
      const key = `${r.countyAdcode}:${r.receivingWater.name}`;
      expect(waterCodes.get(key) ?? water, key).toBe(water);
      waterCodes.set(key, water!);
    }
  });

  it('gives companies valid, unique credit codes and governments none', () => {
    const codeByName = new Map<string, string | undefined>();
    for (const r of records) {
      const { name, creditCode } = r.responsibleEntity;
      if (creditCode) expect(isValidCreditCode(creditCode), `${name} ${creditCode}`).toBe(true);
      if (/(人民政府|村民委员会|办事处|住房和城乡建设局|管理委员会)$/u.test(name)) expect(creditCode, name).toBeUndefined();
      if (/(公司|合作社)$/u.test(name)) expect(creditCode, name).toBeDefined();
      // The same entity always carries the same code.
      if (codeByName.has(name)) expect(codeByName.get(name), name).toBe(creditCode);
      codeByName.set(name, creditCode);
    }
    const codes = [...codeByName.values()].filter(Boolean);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(300);
  });

  it("supervisor is the county bureau with the city's area code", () => {
    const areaCodes: Record<string, string> = {
      '220100': '0431',
      '220200': '0432',
      '220300': '0434',
      '220400': '0437',
      '220500': '0435',
      '220600': '0439',
      '220700': '0438',
      '220800': '0436',
      '222400': '0433',
    };
    for (const r of records) {
      expect(r.supervisor.name).toBe(`${r.cityName}生态环境局${r.countyName}分局`);
      expect(r.supervisor.phone).toMatch(new RegExp(`^${areaCodes[r.cityAdcode]}-\\d{7,8}$`));
    }
  });

  it('keeps remediation consistent: routes, statuses, retained list, signboards and dates', () => {
    for (const r of records) {
      const { route, status, deadline } = r.remediation;
      expect(r.retained, r.code).toBe(route === '规范整治');
      if (!route) {
        expect(status, r.code).toBe('待整治');
        expect(deadline).toBeUndefined();
      } else {
        expect(deadline! >= '2023-01-01' && deadline! <= '2025-12-31', `${r.code} ${deadline}`).toBe(true);
      }
      if (route === '依法取缔') expect(r.retained).toBe(false);
      expect(r.updatedAt <= DEMO_AS_OF).toBe(true);
      if (r.approval?.date) expect(r.approval.date <= r.updatedAt, r.code).toBe(true);
      if (r.monitoring) {
        expect(r.monitoring.date <= r.updatedAt, r.code).toBe(true);
        expect(r.monitoring.result).toMatch(/^(达标|超标（[^ ]+ \d+(\.\d+)?( [^ ，]+)?，标准.+）)$/u);
        // A closed or merged outfall that is done no longer discharges.
        expect(route !== '依法取缔' || !['已完成', '已销号'].includes(status), r.code).toBe(true);
      }
      if (r.approval) expect(r.approval.number).toMatch(/^.+环(审|排备)〔20\d\d〕\d+号$/u);
    }
    const signed = records.filter((r) => r.signboard);
    expect(signed.filter((r) => r.retained).length / signed.length).toBeGreaterThan(0.9);
    expect(records.some((r) => r.monitoring?.result.startsWith('超标'))).toBe(true);
    expect(records.some((r) => r.monitoring?.result === '达标')).toBe(true);
    expect(new Set(records.filter((r) => r.approval).map((r) => r.approval!.number)).size).toBe(records.filter((r) => r.approval).length);
  });

  it('progress differs by city in the designed order (长春 far along … 白城 behind), for any seed', () => {
    for (const set of [records, generateDemoRecords({ seed: 'order-check', count: DEFAULT_DEMO_COUNT })]) {
      const shares = PROGRESS_ORDER.map((c) => doneShare(set, c));
      const sorted = [...shares].sort((a, b) => b - a);
      expect(shares).toEqual(sorted);
      expect(shares[0]! - shares[shares.length - 1]!).toBeGreaterThan(0.4);
    }
  });

  it('generates 100,000 valid, unique records', () => {
    const big = generateDemoRecords({ count: MAX_DEMO_COUNT });
    expect(big).toHaveLength(MAX_DEMO_COUNT);
    expect(new Set(big.map((r) => r.code)).size).toBe(MAX_DEMO_COUNT);
    expect(new Set(big.map((r) => r.name)).size).toBe(MAX_DEMO_COUNT);
    const lookup = countyLookup();
    for (let i = 0; i < big.length; i += 97) {
      const r = big[i]!;
      expect(outfallRecordSchema.safeParse(r).success, r.code).toBe(true);
      expect(lookup.countyAt(r.lng, r.lat)?.adcode, r.code).toBe(r.countyAdcode);
    }
  }, 120_000);
});
