import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { NEAR_BORDER_M, routeReport } from '../../api/routing/route.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { BOUNDARY_VERSION, type CountyFeature, loadCountyFeatures, type Position } from '../../src/kernel/geo/admin.ts';
import { publishDataset } from '../../src/records/store.ts';
import { count, form, makeTestApp, outfallRecord, postReport, validFields } from './helpers.ts';

/*
 * Table-driven routing tests. The expected answers are derived here from the boundary polygons
 * themselves (grid search for deep interior points, shared vertices for borders), not copied from
 * the lookup's own output.
 */

const M_PER_DEG = 111_320;
const features = loadCountyFeatures();
const byAdcode = new Map(features.map((f) => [f.properties.adcode, f]));

function rings(f: CountyFeature): Position[][] {
  return f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
}

/** Metres from (lng, lat) to the nearest boundary segment of `f`. */
function distanceToBoundary(f: CountyFeature, lng: number, lat: number): number {
  const kx = M_PER_DEG * Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const ring of rings(f)) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = ring[i]!,
        [bx, by] = ring[i + 1]!;
      const px = (lng - ax) * kx,
        py = (lat - ay) * M_PER_DEG;
      const dx = (bx - ax) * kx,
        dy = (by - ay) * M_PER_DEG;
      const len2 = dx * dx + dy * dy;
      const s = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      best = Math.min(best, Math.hypot(px - s * dx, py - s * dy));
    }
  }
  return best;
}

/** The grid point inside `f` farthest from its boundary. */
function deepInteriorPoint(f: CountyFeature, n = 28): { lng: number; lat: number; depthM: number } {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const ring of rings(f))
    for (const [x, y] of ring) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  let best = { lng: NaN, lat: NaN, depthM: -1 };
  for (let i = 1; i < n; i++)
    for (let j = 1; j < n; j++) {
      const lng = minX + ((maxX - minX) * i) / n,
        lat = minY + ((maxY - minY) * j) / n;
      if (!booleanPointInPolygon([lng, lat], f)) continue;
      const depthM = distanceToBoundary(f, lng, lat);
      if (depthM > best.depthM) best = { lng, lat, depthM };
    }
  return best;
}

const db = buildDb(':memory:');

describe('every one of the 60 counties: a deep interior point routes to it', () => {
  const points = features.map((f) => ({ county: f.properties, ...deepInteriorPoint(f) }));

  it('the boundary data has 60 county-level units and each yields an interior point', () => {
    expect(points).toHaveLength(60);
    for (const p of points) expect(p.depthM, p.county.name).toBeGreaterThan(NEAR_BORDER_M * 2);
  });

  for (const p of points) {
    it(`${p.county.adcode} ${p.county.cityName}${p.county.name}`, () => {
      const d = routeReport(db, { lng: p.lng, lat: p.lat });
      expect(d).toEqual({
        county: p.county,
        rule: 'point_in_polygon',
        pointCounty: p.county,
        nearBorder: [],
        outfallCountyMismatch: false,
        boundaryVersion: BOUNDARY_VERSION,
      });
    });
  }
});

/**
 * Points either side of a shared border, ~100–450 m from it: routed to the containing county and
 * flagged with the neighbour and the distance.
 */
describe('near a shared county border', () => {
  const pairs: [string, string, string][] = [
    ['220102', '220104', '南关区 | 朝阳区 (长春 urban)'],
    ['220184', '220322', '公主岭市 | 梨树县 (across the 长春/四平 boundary)'],
    ['222401', '222405', '延吉市 | 龙井市'],
    ['220702', '220721', '宁江区 | 前郭尔罗斯蒙古族自治县'],
    ['220202', '220204', '昌邑区 | 船营区 (吉林市, split by the 松花江)'],
    ['220502', '220503', '东昌区 | 二道江区'],
  ];

  /** Points within 450 m of a vertex both counties share, inside exactly one of them. */
  function borderPoints(a: CountyFeature, b: CountyFeature) {
    const shared = rings(a)
      .flat()
      .filter(([x, y]) => distanceToBoundary(b, x, y) < 2);
    expect(shared.length, 'the two counties share a boundary').toBeGreaterThan(0);
    const [vx, vy] = shared[Math.floor(shared.length / 2)]!;
    const kx = M_PER_DEG * Math.cos((vy * Math.PI) / 180);
    const out: { lng: number; lat: number; inside: CountyFeature; other: CountyFeature; distanceM: number }[] = [];
    for (let k = 0; k < 24; k++) {
      const angle = (k / 24) * 2 * Math.PI;
      const lng = vx + (250 * Math.cos(angle)) / kx,
        lat = vy + (250 * Math.sin(angle)) / M_PER_DEG;
      const inA = booleanPointInPolygon([lng, lat], a),
        inB = booleanPointInPolygon([lng, lat], b);
      if (inA === inB) continue;
      const [inside, other] = inA ? [a, b] : [b, a];
      const distanceM = distanceToBoundary(other, lng, lat);
      if (distanceM > 60 && distanceM < 450) out.push({ lng, lat, inside, other, distanceM });
    }
    return out;
  }

  for (const [a, b, label] of pairs) {
    it(label, () => {
      const points = borderPoints(byAdcode.get(a)!, byAdcode.get(b)!);
      const sides = new Set(points.map((p) => p.inside.properties.adcode));
      expect(sides, 'points found on both sides').toEqual(new Set([a, b]));
      for (const p of points) {
        const d = routeReport(db, { lng: p.lng, lat: p.lat });
        expect(d.county.adcode).toBe(p.inside.properties.adcode);
        const flagged = d.nearBorder.find((n) => n.adcode === p.other.properties.adcode);
        expect(flagged, `${p.lng},${p.lat} names ${p.other.properties.name}`).toBeDefined();
        expect(flagged!.name).toBe(p.other.properties.name);
        expect(Math.abs(flagged!.distanceM - p.distanceM)).toBeLessThanOrEqual(3);
      }
    });
  }

  it('the decision stored with a near-border report names the neighbour and the boundary version', async () => {
    const t = makeTestApp();
    try {
      const [p] = borderPoints(byAdcode.get('220102')!, byAdcode.get('220104')!).filter((x) => x.inside.properties.adcode === '220102');
      const res = await postReport(t, form(validFields({ lat: p!.lat.toFixed(7), lng: p!.lng.toFixed(7) })));
      expect(res.status).toBe(201);
      const row = t.db.$client.prepare('SELECT county_adcode, routing_rule, near_border, boundary_version FROM reports').get() as Record<string, string>;
      expect(row.county_adcode).toBe('220102');
      expect(row.routing_rule).toBe('point_in_polygon');
      expect(row.boundary_version).toBe(BOUNDARY_VERSION);
      expect(JSON.parse(row.near_border!)).toContainEqual(expect.objectContaining({ adcode: '220104', name: '朝阳区' }));
    } finally {
      t.cleanup();
    }
  });
});

describe('outside Jilin: refused with outside_province (422, naming 12369)', () => {
  const outside: [string, number, number][] = [
    ['沈阳 (Liaoning)', 123.43, 41.8],
    ['铁岭 (Liaoning)', 123.84, 42.29],
    ['通辽 (Inner Mongolia)', 122.26, 43.62],
    ['乌兰浩特 (Inner Mongolia)', 122.07, 46.08],
    ['哈尔滨 (Heilongjiang)', 126.63, 45.75],
    ['牡丹江 (Heilongjiang)', 129.6, 44.58],
    ['惠山 (across the 鸭绿江, DPRK)', 128.18, 41.4],
    ['Sea of Japan', 132, 41],
    ['Yellow Sea', 123, 38.5],
    ['0, 0', 0, 0],
    ['NaN', NaN, NaN],
    ['Infinity', Infinity, 43],
  ];
  for (const [name, lng, lat] of outside) {
    it(name, () => {
      let error: unknown;
      try {
        routeReport(db, { lng, lat });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('outside_province');
      expect((error as ApiError).status).toBe(422);
      expect((error as ApiError).message).toContain('12369');
    });
  }
});

describe('a report naming an outfall', () => {
  const outfallDb = buildDb(':memory:');
  beforeAll(() => {
    publishDataset(
      outfallDb,
      [
        outfallRecord({ code: 'TEST-220104-0001', countyAdcode: '220104', countyName: '朝阳区' }),
        outfallRecord({ code: 'TEST-220102-0002', countyAdcode: '220102', countyName: '南关区' }),
        outfallRecord({
          code: 'TEST-220623-0001',
          cityAdcode: '220600',
          cityName: '白山市',
          countyAdcode: '220623',
          countyName: '长白朝鲜族自治县',
          lng: 128.2,
          lat: 41.42,
        }),
      ],
      { source: 'test', sourceSha256: 'x', demo: true },
    );
  });
  const nanguan = { lng: 125.35, lat: 43.85 };

  it("goes to the outfall's county; a point in another county is recorded as a mismatch", () => {
    const d = routeReport(outfallDb, { ...nanguan, outfallCode: 'TEST-220104-0001' });
    expect([d.county.adcode, d.rule, d.pointCounty?.adcode, d.outfallCountyMismatch]).toEqual(['220104', 'outfall_county', '220102', true]);
  });

  it('agrees with the point when both are the same county', () => {
    const d = routeReport(outfallDb, { ...nanguan, outfallCode: 'TEST-220102-0002' });
    expect([d.county.adcode, d.rule, d.outfallCountyMismatch]).toEqual(['220102', 'outfall_county', false]);
  });

  it('is accepted for an outfall on a boundary river even when the reporter stands across it', () => {
    // On the DPRK bank of the 鸭绿江 opposite 长白县.
    const d = routeReport(outfallDb, { lng: 128.18, lat: 41.4, outfallCode: 'TEST-220623-0001' });
    expect([d.county.adcode, d.pointCounty, d.outfallCountyMismatch]).toEqual(['220623', undefined, true]);
  });

  it('an unknown code is refused as 400 on outfallCode', () => {
    expect(() => routeReport(outfallDb, { ...nanguan, outfallCode: 'TEST-999999-0001' })).toThrow(
      expect.objectContaining({ code: 'unknown_outfall', status: 400, field: 'outfallCode' }),
    );
  });

  it('a retry of a stored report is answered even after an import removed its outfall', async () => {
    const t = makeTestApp();
    try {
      publishDataset(t.db, [outfallRecord({ code: 'TEST-220104-0001', countyAdcode: '220104', countyName: '朝阳区' })], {
        source: 'a',
        sourceSha256: 'a',
        demo: true,
      });
      const key = '0b6c3b1e-3f0e-4a53-9d7e-0d4f0c4b9a11';
      const first = await postReport(t, form(validFields({ outfallCode: 'TEST-220104-0001' })), {}, key);
      expect(first.status).toBe(201);
      publishDataset(t.db, [], { source: 'b', sourceSha256: 'b', demo: true });
      const retry = await postReport(t, form(validFields({ outfallCode: 'TEST-220104-0001' })), {}, key);
      expect(retry.status).toBe(201);
      expect(await retry.json()).toEqual(await first.json());
    } finally {
      t.cleanup();
    }
  });

  it('nothing is routed by an outfall that an import removed', async () => {
    const t = makeTestApp();
    try {
      publishDataset(t.db, [outfallRecord({ code: 'TEST-220104-0001', countyAdcode: '220104', countyName: '朝阳区' })], {
        source: 'a',
        sourceSha256: 'a',
        demo: true,
      });
      publishDataset(t.db, [], { source: 'b', sourceSha256: 'b', demo: true });
      const res = await postReport(t, form(validFields({ outfallCode: 'TEST-220104-0001' })));
      expect(res.status).toBe(400);
      expect(count(t, 'reports')).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});
