/**
 * Statistics benchmark: how long the public figures take for 2,500 / 20,000 / 100,000 reports
 * (each with 1–4 workflow events), split into reading the timelines (src/kernel/report/stats/service.ts
 * loadTimelines) and computing (src/kernel/report/stats/compute.ts), against a baseline measured in the same run
 * on the same database: one SQL `GROUP BY county_adcode, status` count, the least any "reports per
 * county" figure costs. Also GET /api/stats through the real app: with the 30 s cache (what
 * visitors get) and with the cache off (what the first visitor after expiry pays).
 *
 *   node --experimental-strip-types bench/stats.ts [sizes=2500,20000,100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { statsRoutes } from '../api/stats/routes.ts';
import { buildDb } from '../src/kernel/db/client.ts';
import { computeStats } from '../src/kernel/report/stats/compute.ts';
import { createStatsService, loadTimelines } from '../src/kernel/report/stats/service.ts';
import { NOW, seedReports } from './support/reports-seed.ts';

const SIZES = (process.argv[2] ?? '2500,20000,100000').split(',').map(Number);
const DEADLINES = { acceptDays: 7, concludeDays: 60 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
/** Median of `rounds` timings of fn, in ms (after one warm-up). */
function time(fn: () => unknown, rounds = 5): number {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function requestsPerSecond(app: Hono, path: string, ms = 1500): Promise<number> {
  await app.request(path);
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await app.request(path);
    n++;
  }
  return n / (ms / 1000);
}

const fmt = (x: number, d = 1) => x.toFixed(d).padStart(9);
console.log(`statistics over N reports (median of 5 runs, ms)   Node ${process.version}`);
console.log('        N   baseline SQL   read timelines   compute   total   total/baseline   GET /api/stats req/s (cached | uncached)');
for (const n of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
  const db = buildDb(join(dir, 'bench.db'));
  seedReports(db, n);
  const baseline = time(() => db.$client.prepare('SELECT county_adcode, status, count(*) FROM reports GROUP BY county_adcode, status').all());
  const read = time(() => loadTimelines(db));
  const timelines = loadTimelines(db);
  const compute = time(() => computeStats(timelines, { now: NOW, deadlines: DEADLINES }));
  const total = time(() => computeStats(loadTimelines(db), { now: NOW, deadlines: DEADLINES }));
  const config = { ACCEPT_DEADLINE_DAYS: 7, CONCLUDE_DEADLINE_DAYS: 60 };
  const cached = new Hono().route('/api', statsRoutes({ db, stats: createStatsService({ db, config, clock: () => NOW }), clock: () => NOW }));
  const uncached = new Hono().route('/api', statsRoutes({ db, stats: createStatsService({ db, config, clock: () => NOW, ttlMs: 0 }), clock: () => NOW }));
  const rpsCached = await requestsPerSecond(cached, '/api/stats');
  const rpsUncached = await requestsPerSecond(uncached, '/api/stats');
  console.log(
    `${String(n).padStart(9)}  ${fmt(baseline)}      ${fmt(read)}      ${fmt(compute)} ${fmt(total)}   ${fmt(total / baseline)}×        ${fmt(rpsCached, 0)} | ${fmt(rpsUncached, 0)}`,
  );
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
