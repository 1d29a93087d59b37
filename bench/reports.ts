/**
 * Report submission benchmark: the real API in its own process (api/node.ts, @hono/node-server, a
 * temporary SQLite file and UPLOAD_DIR) receives reports with 3 photos of ~2.5 MB each from 10
 * concurrent clients. Prints submissions per second and p50/p99 latency, against the bound that
 * matters: the time sharp alone takes to re-encode the same 3 photos with the same pipeline
 * (api/reports/photos.ts `processPhoto`), at the same concurrency, measured in the same run.
 *
 *   node --experimental-strip-types bench/reports.ts [reports=60] [concurrency=10]
 *
 * The sharp baseline runs before and after the API run and the ratio uses their mean, so that load
 * from elsewhere on the machine that comes and goes during the run affects both sides alike.
 *
 * The photos are random noise (generated once) so that they do not compress away, as phone photos
 * of water and grass do not. Clients run in this process and share the machine with the server.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { inspectPhoto, type PhotoLimits, processPhoto } from '../api/reports/photos.ts';
import { buildDb } from '../src/kernel/db/client.ts';
import { PROJECT_ROOT } from '../src/kernel/geo/paths.ts';

const REPORTS = Number(process.argv[2] ?? 60);
const CONCURRENCY = Number(process.argv[3] ?? 10);
const PHOTOS_PER_REPORT = 3;
const limits: PhotoLimits = { maxBytes: 8 * 1024 * 1024, maxPixels: 50_000_000 };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

/** CPU time (user + system, all threads) of a process in ms, from /proc: robust against load elsewhere. */
function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `total` jobs with `concurrency` workers; returns wall time and each job's latency. */
async function runConcurrent(total: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t0 = performance.now();
        await job(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wallMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { wallMs, perSec: (total / wallMs) * 1000, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
let server: ReturnType<typeof spawn> | undefined;
try {
  // ── Photos: 2048 × 1536 noise (what the form uploads after its in-browser downscale) ──
  const photos: Buffer[] = [];
  for (let i = 0; i < PHOTOS_PER_REPORT; i++) {
    photos.push(
      await sharp(randomBytes(2048 * 1536 * 3), { raw: { width: 2048, height: 1536, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  const mb = photos.map((p) => (p.length / 1048576).toFixed(2));
  console.log(
    `report benchmark — ${REPORTS} reports × ${PHOTOS_PER_REPORT} photos (${mb.join(' + ')} MB), ${CONCURRENCY} concurrent clients, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), concurrency ${sharp.concurrency()}, node ${process.version}`,
  );

  // ── Baseline: sharp alone, the same pipeline, same concurrency, same number of reports ──
  const files = photos.map((p) => new File([new Uint8Array(p)], 'p.jpg', { type: 'image/jpeg' }));
  const sharpAlone = async () => {
    const incoming = await Promise.all(files.map((f, n) => inspectPhoto(f, n + 1, limits)));
    await Promise.all(incoming.map((p) => processPhoto(p, limits)));
  };
  await runConcurrent(4, 2, sharpAlone); // warm up
  const single = await runConcurrent(10, 1, sharpAlone);
  let cpu0 = selfCpuMs();
  const base = await runConcurrent(REPORTS, CONCURRENCY, sharpAlone);
  const sharpCpuBefore = (selfCpuMs() - cpu0) / REPORTS;

  // ── The API in its own process ──
  const dbPath = join(dir, 'portal.db');
  server = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', join(PROJECT_ROOT, 'api', 'node.ts'), dbPath, join(dir, 'uploads')], {
    env: {
      ...process.env,
      REPORT_RATE_LIMIT: '1000000',
      REPORT_ADDRESS_RATE_LIMIT: '1000000',
      LOOKUP_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'info',
      CONTACT_KEY: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: server.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (l) => resolve((JSON.parse(l) as { url: string }).url));
    server!.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  let logLines = 0;
  lines.on('line', () => logLines++);

  const statuses = new Map<number, number>();
  const post = async (i: number) => {
    const form = new FormData();
    form.set('lat', (43.85 + (i % 50) * 0.0001).toFixed(5));
    form.set('lng', '125.35');
    form.set('category', 'illegal_discharge');
    form.set('description', `基准测试第 ${i} 份举报：河边排口排放黑色污水。`);
    form.set('contactPhone', '13800000000');
    for (const f of files) form.append('photos', f);
    const res = await fetch(`${url}/api/reports`, { method: 'POST', body: form, headers: { 'Idempotency-Key': randomUUID() } });
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  };
  await runConcurrent(5, 5, post); // warm up
  statuses.clear();
  const serverCpu0 = procCpuMs(server.pid!);
  const api = await runConcurrent(REPORTS, CONCURRENCY, post);
  const serverCpu = (procCpuMs(server.pid!) - serverCpu0) / REPORTS;
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  server.kill('SIGTERM');
  await new Promise((r) => server!.once('exit', r));
  server = undefined;
  cpu0 = selfCpuMs();
  const after = await runConcurrent(REPORTS, CONCURRENCY, sharpAlone);
  const sharpCpu = (sharpCpuBefore + (selfCpuMs() - cpu0) / REPORTS) / 2;
  const baseMean = { perSec: (base.perSec + after.perSec) / 2, p50: (base.p50 + after.p50) / 2 };
  const peakRss = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;

  // Everything that got 201 is there with its photos.
  const db = buildDb(dbPath, { readonly: true });
  const reports = (db.$client.prepare('SELECT count(*) n FROM reports').get() as { n: number }).n;
  const photoRows = (db.$client.prepare('SELECT count(*) n FROM report_photos').get() as { n: number }).n;
  db.$client.close();

  console.log('');
  console.log('                                         per second    p50        p99        (concurrency)');
  console.log(
    `sharp alone, 1 report's photos at a time ${single.perSec.toFixed(2).padStart(10)}    ${fmt(single.p50).padEnd(10)} ${fmt(single.p99).padEnd(10)} (1)`,
  );
  console.log(
    `sharp alone, same photos (before)        ${base.perSec.toFixed(2).padStart(10)}    ${fmt(base.p50).padEnd(10)} ${fmt(base.p99).padEnd(10)} (${CONCURRENCY})`,
  );
  console.log(
    `POST /api/reports, 3 photos              ${api.perSec.toFixed(2).padStart(10)}    ${fmt(api.p50).padEnd(10)} ${fmt(api.p99).padEnd(10)} (${CONCURRENCY})`,
  );
  console.log(
    `sharp alone, same photos (after)         ${after.perSec.toFixed(2).padStart(10)}    ${fmt(after.p50).padEnd(10)} ${fmt(after.p99).padEnd(10)} (${CONCURRENCY})`,
  );
  console.log('');
  console.log(
    `API throughput = ${((api.perSec / baseMean.perSec) * 100).toFixed(0)}% of sharp alone; p50 latency ${(api.p50 / baseMean.p50).toFixed(2)}× sharp alone (mean of before/after); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    `CPU per report: server ${serverCpu.toFixed(0)} ms, sharp alone ${sharpCpu.toFixed(0)} ms → the API adds ${(((serverCpu - sharpCpu) / sharpCpu) * 100).toFixed(0)}% on top of sharp (CPU time does not depend on other load on the machine)`,
  );
  console.log(
    `statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; rows: ${reports} reports (incl. 5 warm-up), ${photoRows} photos; server peak RSS ${peakRss.toFixed(0)} MB; ${logLines} log lines`,
  );
  const ok = statuses.get(201) ?? 0;
  if (ok !== REPORTS || reports !== REPORTS + 5 || photoRows !== (REPORTS + 5) * PHOTOS_PER_REPORT) {
    console.error('MISMATCH: not every submission was stored exactly once');
    process.exitCode = 1;
  }
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server!.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
