/**
 * Demonstration data generator benchmark: time to generate 2,500 / 20,000 / 100,000 records
 * (src/records/demo/generate.ts) against a baseline measured in the same run — building the same
 * number of plain record-shaped objects in a loop, with no randomness, placement or naming. The
 * ratio says what the realism costs per record.
 *
 *   node --experimental-strip-types bench/demo-generate.ts [repeats=5]
 *
 * The placement index (bundled rivers and lakes per county, synthetic local rivers) is built once
 * per process; its one-off cost is printed separately and is not part of the per-size figures.
 */
import { generateDemoRecords } from '../src/records/demo/generate.ts';
import { demoWaters } from '../src/records/demo/waters.ts';
import type { OutfallRecord } from '../src/records/schema.ts';

const REPEATS = Math.max(1, Number(process.argv[2] ?? 5));
const SIZES = [2_500, 20_000, 100_000];

/** The baseline: the same number of complete records, every field filled from the loop index. */
function plainRecords(n: number): OutfallRecord[] {
  const out: OutfallRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      code: `YTH220102CY${String(i % 10000).padStart(4, '0')}`,
      name: `伊通河南关区人民大街${i}号雨洪排口`,
      type: { level1Key: 'other', level1: '其他排口', level2: '城镇雨洪排口' },
      cityAdcode: '220100',
      cityName: '长春市',
      countyAdcode: '220102',
      countyName: '南关区',
      lng: 125.3 + i * 1e-6,
      lat: 43.88 + i * 1e-6,
      receivingWater: { name: '伊通河', qualityTarget: 'Ⅳ类' },
      dischargeMode: '间歇',
      dischargeChannel: '管道',
      responsibleEntity: { name: '长春市南关区住房和城乡建设局' },
      supervisor: { name: '长春市生态环境局南关区分局', phone: '0431-88888888' },
      remediation: { route: '规范整治', status: '已完成', deadline: '2024-12-31' },
      retained: true,
      signboard: i % 2 === 0,
      updatedAt: '2025-06-30',
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const v = fn();
  return [performance.now() - t, v];
}

const [indexMs] = time(() => demoWaters());
console.log(`placement index (once per process): ${indexMs.toFixed(0)} ms`);
// Warm both paths up so the first measured size does not pay for JIT compilation alone.
generateDemoRecords({ count: 500, seed: 'warm-up' });
plainRecords(500);

console.log(`median of ${REPEATS} runs (Node ${process.version})`);
console.log('records   generator     per record   baseline   ratio   heap after');
for (const n of SIZES) {
  const gen: number[] = [];
  const base: number[] = [];
  let heapMb = 0;
  for (let r = 0; r < REPEATS; r++) {
    const [b, plain] = time(() => plainRecords(n));
    base.push(b);
    if (plain.length !== n) throw new Error('baseline built the wrong number of records');
    const [g, records] = time(() => generateDemoRecords({ count: n, seed: `bench-${r}` }));
    gen.push(g);
    if (records.length !== n) throw new Error('generator made the wrong number of records');
    heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  }
  const g = median(gen),
    b = median(base);
  console.log(
    `${String(n).padStart(7)}   ${`${g.toFixed(0)} ms`.padStart(9)}   ${`${((g * 1000) / n).toFixed(1)} µs`.padStart(10)}   ${`${b.toFixed(1)} ms`.padStart(8)}   ${`${(g / b).toFixed(0)}×`.padStart(5)}   ${heapMb.toFixed(0)} MB`,
  );
}
