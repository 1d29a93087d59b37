/**
 * Staff inbox benchmark: GET /api/staff/reports for a county with many reports, over 20,000
 * published (demonstration) outfalls, through the real app (`app.request`, in-memory SQLite with the
 * real migrations). Baseline measured in the same run: the plain `SELECT` of the same county's rows
 * serialised to JSON — the floor any inbox endpoint pays. The difference is what the inbox adds:
 * session check, deadlines, transfer times and photo counts (subqueries), the nearest-outfall place
 * names (a Flatbush index built once per dataset) and category names.
 *
 * Also login latency with the default scrypt parameters (N = 2^17, r = 8, p = 1) against an
 * authenticated GET /api/staff/me, to show what the password hash costs per login.
 *
 *   node --experimental-strip-types bench/staff-inbox.ts [reports=2000] [runs=15]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { createLogger } from '../api/logger.ts';
import { addStaff } from '../api/staff/accounts.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { buildDb } from '../src/kernel/db/client.ts';
import { generateDemoRecords } from '../src/records/demo/generate.ts';
import { publishDataset } from '../src/records/store.ts';

const REPORTS = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 15);
const COUNTY = '220102';
const OUTFALLS = 20_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timeIt(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-staff-'));
try {
  const db = buildDb(':memory:');
  const records = generateDemoRecords({ seed: 2025, count: OUTFALLS });
  publishDataset(db, records, { source: `demo:2025:${OUTFALLS}`, sourceSha256: 'bench', demo: true });
  const local = records.filter((r) => r.countyAdcode === COUNTY);

  // Reports as the report service writes them (received event; a third accepted, a tenth transferred in).
  const start = Date.parse('2026-01-01T00:00:00Z');
  const insert = db.$client.prepare(
    `INSERT INTO reports (tracking_number, year, seq, query_code_hash, status, county_adcode, category, description, lng, lat, outfall_code,
       routing_rule, routed_county_adcode, point_county_adcode, near_border, boundary_version, received_at, updated_at)
     VALUES (?, 2026, ?, 'x', ?, ?, 'illegal_discharge', '河边排口在排黑色污水，气味刺鼻。', ?, ?, NULL, 'point_in_polygon', ?, ?, '[]', 'bench', ?, ?)`,
  );
  const event = db.$client.prepare(`INSERT INTO report_events (report_id, type, actor, public, status, data, at) VALUES (?, ?, ?, 1, ?, '{}', ?)`);
  db.$client.transaction(() => {
    for (let i = 0; i < REPORTS; i++) {
      const near = local[i % local.length]!;
      const at = new Date(start + i * 600_000).toISOString();
      const status = i % 3 === 0 ? 'accepted' : 'received';
      const id = Number(
        insert.run(`JL2026-${String(i + 1).padStart(6, '0')}`, i + 1, status, COUNTY, near.lng + 0.001, near.lat + 0.001, COUNTY, COUNTY, at, at)
          .lastInsertRowid,
      );
      event.run(id, 'received', 'citizen', 'received', at);
      if (i % 10 === 0) event.run(id, 'transferred', 'staff:1', 'received', at);
      if (status === 'accepted') event.run(id, 'status_changed', 'staff:1', 'accepted', at);
    }
  })();

  const config = loadConfig({ UPLOAD_DIR: join(dir, 'uploads'), CONTACT_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' });
  const app = createApp({ db, config, logger: createLogger({ level: 'error' }), clock: () => new Date('2026-03-01T00:00:00Z') });
  await addStaff(db, { login: 'bench.staff', password: 'bench password 1', role: 'county', countyAdcode: COUNTY }, new Date());
  const headers = { Origin: 'http://localhost', 'Content-Type': 'application/json' };
  const login = () =>
    app.request('/api/staff/login', { method: 'POST', headers, body: JSON.stringify({ login: 'bench.staff', password: 'bench password 1' }) });
  const first = await login();
  const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!;

  const inbox = async () => {
    const res = await app.request('/api/staff/reports', { headers: { Cookie: cookie } });
    const body = (await res.json()) as { reports: unknown[] };
    if (body.reports.length !== REPORTS) throw new Error(`expected ${REPORTS} reports, got ${body.reports.length}`);
  };
  const baseline = () => JSON.parse(JSON.stringify(db.$client.prepare('SELECT * FROM reports WHERE county_adcode = ? ORDER BY received_at, id').all(COUNTY)));

  await inbox(); // first call builds the outfall index
  await baseline();
  const inboxMs = await timeIt(RUNS, inbox);
  const baselineMs = await timeIt(RUNS, baseline);
  const meMs = await timeIt(RUNS, () => app.request('/api/staff/me', { headers: { Cookie: cookie } }));
  const loginMs = await timeIt(5, login);

  console.log(`staff inbox: ${REPORTS} reports in ${COUNTY}, ${OUTFALLS} published outfalls, median of ${RUNS}`);
  console.log(`  GET /api/staff/reports        ${inboxMs.toFixed(1)} ms`);
  console.log(`  baseline SELECT + JSON        ${baselineMs.toFixed(1)} ms   (inbox / baseline = ${(inboxMs / baselineMs).toFixed(1)}×)`);
  console.log(`login with scrypt N=2^17, r=8, p=1, median of 5`);
  console.log(`  POST /api/staff/login         ${loginMs.toFixed(0)} ms`);
  console.log(`  GET /api/staff/me (session)   ${meMs.toFixed(2)} ms   (login / session check = ${(loginMs / meMs).toFixed(0)}×)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
