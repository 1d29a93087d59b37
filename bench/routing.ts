/**
 * Routing benchmark: point → county lookups per second with the Flatbush-indexed lookup the API
 * uses (src/kernel/geo/county-lookup.ts), against two baselines measured in the same run over the same
 * points:
 *   - naive: turf point-in-polygon over all 60 counties in order until one contains the point;
 *   - bbox scan: a plain loop over the 60 bounding boxes, turf only where the box contains the point.
 * Also the full routing call with the 500 m near-border check (`locate`), which is what a report pays.
 * Subjects and baselines run in alternating rounds (median of 5), never in separate phases.
 *
 *   node --experimental-strip-types bench/routing.ts [points=100000]
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { NEAR_BORDER_M } from '../api/routing/route.ts';
import { type CountyFeature, loadCountyFeatures } from '../src/kernel/geo/admin.ts';
import { createCountyLookup } from '../src/kernel/geo/county-lookup.ts';

const N = Number(process.argv[2] ?? 100_000);
const features = loadCountyFeatures();

// Deterministic points over Jilin's bounding box (about 70% fall inside the province).
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const [minX, minY, maxX, maxY] = features.reduce(
  ([a, b, c, d], f) => {
    const coords = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2);
    for (const [x, y] of coords) [a, b, c, d] = [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)];
    return [a, b, c, d];
  },
  [Infinity, Infinity, -Infinity, -Infinity],
);
const points = Array.from({ length: N }, () => [minX + rand() * (maxX - minX), minY + rand() * (maxY - minY)] as [number, number]);

function naive(lng: number, lat: number): string | undefined {
  for (const f of features) if (booleanPointInPolygon([lng, lat], f)) return f.properties.adcode;
  return undefined;
}

const boxes = features.map((f: CountyFeature) => {
  let a = Infinity,
    b = Infinity,
    c = -Infinity,
    d = -Infinity;
  const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  for (const ring of rings) for (const [x, y] of ring) [a, b, c, d] = [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)];
  return [a, b, c, d] as const;
});
function bboxScan(lng: number, lat: number): string | undefined {
  for (let i = 0; i < features.length; i++) {
    const [a, b, c, d] = boxes[i]!;
    if (lng < a || lng > c || lat < b || lat > d) continue;
    if (booleanPointInPolygon([lng, lat], features[i]!)) return features[i]!.properties.adcode;
  }
  return undefined;
}

const t0 = performance.now();
const lookup = createCountyLookup(features);
const buildMs = performance.now() - t0;

interface Subject {
  name: string;
  fn: (lng: number, lat: number) => unknown;
  pts: [number, number][];
}

/**
 * Times every subject in alternating rounds (subject 1, 2, 3, 4, then 1, 2, 3, 4 again, …) rather
 * than one after the other, so a noisy neighbour on the machine or a JIT/GC phase hits all of them
 * alike; each figure is the median of its rounds.
 */
function measureInterleaved(subjects: Subject[], rounds = 5): { name: string; perSec: number; usPerOp: number; results: unknown[] }[] {
  for (const s of subjects) for (let i = 0; i < Math.min(2000, s.pts.length); i++) s.fn(s.pts[i]![0], s.pts[i]![1]); // warm up
  const results = subjects.map((s) => new Array<unknown>(s.pts.length));
  const times = subjects.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++)
    subjects.forEach((s, k) => {
      const out = results[k]!;
      const start = performance.now();
      for (let i = 0; i < s.pts.length; i++) out[i] = s.fn(s.pts[i]![0], s.pts[i]![1]);
      times[k]!.push(performance.now() - start);
    });
  return subjects.map((s, k) => {
    const ms = times[k]!.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
    return { name: s.name, perSec: (s.pts.length / ms) * 1000, usPerOp: (ms * 1000) / s.pts.length, results: results[k]! };
  });
}

function table(title: string, pts: [number, number][]) {
  // The naive scan is slow; a tenth of the points is enough for a stable figure.
  const few = pts.slice(0, Math.max(1000, Math.floor(pts.length / 10)));
  const runs = measureInterleaved([
    { name: 'naive turf over 60 counties', fn: naive, pts: few },
    { name: 'bounding-box scan + turf', fn: bboxScan, pts },
    { name: 'indexed countyAt', fn: (x, y) => lookup.countyAt(x, y)?.adcode, pts },
    { name: `indexed locate (+${NEAR_BORDER_M} m border check)`, fn: (x, y) => lookup.locate(x, y, NEAR_BORDER_M)?.county.adcode, pts },
  ]);
  // Same answers everywhere, or the speed means nothing.
  const indexed = runs[2]!.results;
  for (const r of runs)
    r.results.forEach((v, i) => {
      if (v !== indexed[i]) throw new Error(`${r.name} disagrees at point ${i}`);
    });
  const base = runs[0]!.perSec,
    bbox = runs[1]!.perSec;
  console.log(`\n${title}`);
  console.log('method                                     lookups/s    µs/lookup   × naive  × bbox scan');
  for (const r of runs) {
    console.log(
      `${r.name.padEnd(40)} ${Math.round(r.perSec).toLocaleString('en').padStart(11)} ${r.usPerOp.toFixed(2).padStart(12)} ${(r.perSec / base).toFixed(1).padStart(9)} ${(r.perSec / bbox).toFixed(2).padStart(12)}`,
    );
  }
}

const insidePts = points.filter(([x, y]) => lookup.countyAt(x, y));
console.log(`routing benchmark — index over ${features.length} counties built in ${buildMs.toFixed(0)} ms, node ${process.version}`);
table(`${N} random points over Jilin's bounding box (${((insidePts.length / N) * 100).toFixed(0)}% inside the province)`, points);
table(`the ${insidePts.length} of them inside Jilin (what reports look like)`, insidePts);
