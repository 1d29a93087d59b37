/**
 * Reports under load (issue 6, "Load held"): report submissions with 3 photos of ~3 MB each at a
 * steady open-loop rate, first alone, then together with concurrent readers — half polling the
 * public status lookup of earlier reports, half reading the staff inbox with a logged-in session.
 *
 *   node --experimental-strip-types bench/load-reports.ts [--duration 30] [--rate 1/s] [--readers 50] [--readers-alone 10]
 *
 * `--duration 120` is the 2 minutes per phase; the default is 30 s so a run fits a busy
 * machine. Arrivals are open-loop: report i is sent at start + i / rate whatever the earlier ones are
 * doing, and its latency counts from that scheduled moment, so a slow server cannot slow the
 * offered load down and hide its own queueing.
 *
 * The server is the API alone (api/node.ts) in its own process on a temporary database and
 * UPLOAD_DIR inside the project (.tmp-bench-reports-*), with REPORT_RATE_LIMIT and
 * LOOKUP_RATE_LIMIT raised to 1,000,000, because every request of the benchmark comes from one
 * address (127.0.0.1) and the limits are per client. Its resident memory is sampled every second
 * from /proc.
 *
 * Baselines measured in the same run:
 * - sharp alone re-encoding the same 3 photos with the API's own pipeline (api/reports/photos.ts
 *   `inspectPhoto` + `processPhoto`), one report at a time, and at the same open-loop rate with the
 *   same limit on reports processed at once as the report service (one per core), in this process;
 *   the ratio shows what the API adds on top of the unavoidable image work, in wall time and in CPU
 *   time (which hardly depends on other load on the machine);
 * - the readers alone for `--readers-alone` seconds, so that the effect of the uploads on readers shows.
 *
 * At the end every report that got a 201 is checked to be in the database exactly once with its 3
 * photos.
 */

import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { type IncomingPhoto, inspectPhoto, type PhotoLimits, processPhoto } from '../api/reports/photos.ts';
import { addStaff } from '../api/staff/accounts.ts';
import { buildDb } from '../src/kernel/db/client.ts';
import { countyLookup } from '../src/kernel/geo/county-lookup.ts';
import { loadLine, ms, procCpuMs, procMemMb, ratio, type Summary, sampleRss, selfCpuMs, sleep, summarize } from './support/measure.ts';
import { noiseJpeg, photoParts, postReport, reportBody } from './support/report-bodies.ts';
import { benchDir, startApi } from './support/servers.ts';

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    rate: { type: 'string', default: '1/s' },
    readers: { type: 'string', default: '50' },
    'readers-alone': { type: 'string', default: '10' },
    'max-in-flight': { type: 'string', default: '64' },
  },
});

/** `1/s`, `0.5/s`, `30/min` or a bare number (per second) → reports per second. */
function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|min))?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new Error(`--rate: expected e.g. 1/s, 0.5/s or 30/min, got "${text}"`);
  return Number(m[1]) / (m[2] === 'min' ? 60 : 1);
}
function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got "${text}"`);
  return n;
}

const DURATION_S = positive('duration', opts.duration);
const RATE = parseRate(opts.rate);
const READERS = Math.round(positive('readers', opts.readers));
const READERS_ALONE_S = positive('readers-alone', opts['readers-alone']);
const MAX_IN_FLIGHT = Math.round(positive('max-in-flight', opts['max-in-flight']));
const PHOTOS = 3;
const LIMITS: PhotoLimits = { maxBytes: 8 * 1024 * 1024, maxPixels: 50_000_000 };
const WARM_UP = 2;
const STAFF = { login: 'bench.inbox', password: 'bench inbox password 1' };

interface OpenLoopResult {
  offered: number;
  /** Not sent because MAX_IN_FLIGHT requests were still open (the client's own safety limit). */
  skipped: number;
  /** Still open when the drain deadline passed. */
  unfinished: number;
  peakInFlight: number;
  latency: Summary;
  outcomes: Map<string, number>;
  ok: number;
  /** Successful completions per second, first scheduled arrival to last completion. */
  okPerSec: number;
}

/**
 * Starts job i at t0 + i / rate for `seconds`, without waiting for earlier jobs (open loop); then
 * waits for the open ones, at most `drainS` seconds. A job resolves to an outcome label ('201',
 * 'ECONNRESET', …); 'ok' labels count as successes.
 */
async function openLoop(
  rate: number,
  seconds: number,
  job: (i: number) => Promise<string>,
  isOk: (outcome: string) => boolean,
  drainS = 120,
): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  let inFlight = 0;
  let peakInFlight = 0;
  let skipped = 0;
  let lastDone = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const at = t0 + (i * 1000) / rate;
    await sleep(at - performance.now());
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    pending.push(
      job(i).then((outcome) => {
        inFlight--;
        lastDone = performance.now();
        latencies.push(lastDone - at);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
    );
  }
  let drained = false;
  let deadline: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(pending).then(() => (drained = true)), new Promise((resolve) => (deadline = setTimeout(resolve, drainS * 1000)))]);
  clearTimeout(deadline);
  const ok = [...outcomes].filter(([o]) => isOk(o)).reduce((n, [, c]) => n + c, 0);
  return {
    offered: total,
    skipped,
    unfinished: drained ? 0 : inFlight,
    peakInFlight,
    latency: summarize(latencies),
    outcomes,
    ok,
    okPerSec: ok / ((Math.max(lastDone, t0) - t0) / 1000 || 1),
  };
}

/** Runs autocannon to completion. */
function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const statuses = (r: autocannon.Result) =>
  Object.entries(r.statusCodeStats ?? {})
    .map(([s, v]) => `${s}×${v.count ?? 0}`)
    .join(', ') + (r.errors ? `, errors×${r.errors}` : '');
const outcomeText = (m: Map<string, number>) =>
  [...m]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([o, n]) => `${o}×${n}`)
    .join(', ') || 'none';

const tmp = benchDir('reports');
let server: Awaited<ReturnType<typeof startApi>> | undefined;
try {
  console.log(
    `load-reports benchmark — ${RATE}/s reports with ${PHOTOS} photos for ${DURATION_S} s per phase, ${READERS} readers; node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})`,
  );
  console.log(`start: ${loadLine()}`);

  // ── Photos: 2048 × 1536 noise at quality 94, ~3 MB each, made once ──
  const photos: Buffer[] = [];
  for (let i = 0; i < PHOTOS; i++) photos.push(await noiseJpeg(2048, 1536, 94));
  const parts = photoParts(photos);
  const bodyMb = reportBody(0, parts).length / 1048576;
  console.log(`photos: ${photos.map((p) => (p.length / 1048576).toFixed(2)).join(' + ')} MB; request body ${bodyMb.toFixed(2)} MB`);

  // ── Baseline 1: sharp alone, one report's photos at a time ──
  const files = photos.map((p) => new File([new Uint8Array(p)], 'p.jpg', { type: 'image/jpeg' }));
  const slot = pLimit(availableParallelism()); // as api/reports/service.ts: one report's photos per core at once
  const sharpReport = async () => {
    const incoming: IncomingPhoto[] = [];
    for (const [n, f] of files.entries()) incoming.push(await inspectPhoto(f, n + 1, LIMITS));
    await slot(() => Promise.all(incoming.map((p) => processPhoto(p, LIMITS))));
  };
  await sharpReport(); // warm up
  const serialMs: number[] = [];
  let cpu0 = selfCpuMs();
  const SERIAL = 8;
  for (let i = 0; i < SERIAL; i++) {
    const t0 = performance.now();
    await sharpReport();
    serialMs.push(performance.now() - t0);
  }
  const serialCpu = (selfCpuMs() - cpu0) / SERIAL;
  const serial = summarize(serialMs);
  const serialPerSec = (SERIAL * 1000) / serialMs.reduce((a, b) => a + b, 0);

  // ── Baseline 2: sharp alone on the same open-loop schedule ──
  cpu0 = selfCpuMs();
  const sharpLoop = await openLoop(
    RATE,
    DURATION_S,
    () =>
      sharpReport().then(
        () => 'ok',
        (err: Error) => err.message,
      ),
    (o) => o === 'ok',
  );
  const sharpCpu = (selfCpuMs() - cpu0) / Math.max(1, sharpLoop.ok);

  // ── The API in its own process, with a staff account for the county the reports go to ──
  const dbPath = join(tmp.path, 'portal.db');
  const county = countyLookup().countyAt(125.35, 43.85)!;
  {
    const db = buildDb(dbPath);
    await addStaff(db, { ...STAFF, role: 'county', countyAdcode: county.adcode }, new Date());
    db.$client.close();
  }
  server = await startApi(tmp.path, {
    REPORT_RATE_LIMIT: '1000000',
    REPORT_ADDRESS_RATE_LIMIT: '1000000',
    LOOKUP_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'info',
    CONTACT_KEY: randomBytes(32).toString('hex'),
  });
  const api = server;
  const rss = sampleRss(api.pid);
  rss.phase = 'idle';
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const created: { trackingNumber: string; queryCode: string }[] = [];
  const submit = async (i: number) => {
    const sent = await postReport(api.url, reportBody(i, parts), agent);
    if (sent.status === 201) created.push(JSON.parse(sent.body) as { trackingNumber: string; queryCode: string });
    return sent.status ? String(sent.status) : (sent.error ?? 'no response');
  };
  for (let i = 0; i < WARM_UP; i++) await submit(1_000_000 + i);

  // ── Phase 1: uploads alone ──
  rss.phase = 'uploads';
  let serverCpu0 = procCpuMs(api.pid);
  const uploads = await openLoop(RATE, DURATION_S, submit, (o) => o === '201');
  const serverCpu = (procCpuMs(api.pid) - serverCpu0) / Math.max(1, uploads.ok);

  // ── Readers: a staff session, then lookups of the reports made so far and the inbox ──
  const login = await fetch(`${api.url}/api/staff/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: api.url },
    body: JSON.stringify(STAFF),
  });
  if (login.status !== 200) throw new Error(`staff login answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const inboxCheck = (await (await fetch(`${api.url}/api/staff/reports`, { headers: { Cookie: cookie } })).json()) as { reports: unknown[] };
  if (!created.length) throw new Error('no report was created in the first phase, so there is nothing to look up');
  const lookupTargets = created.slice();
  let nextLookup = 0;
  const lookupPath = () => {
    const r = lookupTargets[nextLookup++ % lookupTargets.length]!;
    return `/api/reports/${r.trackingNumber}?code=${encodeURIComponent(r.queryCode)}`;
  };
  const lookupConns = Math.ceil(READERS / 2);
  const inboxConns = READERS - lookupConns;
  const readers = (seconds: number) =>
    Promise.all([
      cannon({
        url: api.url,
        connections: lookupConns,
        duration: seconds,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: lookupPath() }) }],
      }),
      inboxConns > 0
        ? cannon({ url: `${api.url}/api/staff/reports`, connections: inboxConns, duration: seconds, headers: { cookie } })
        : Promise.resolve(undefined),
    ]);

  // ── Phase 2: readers alone (baseline for the readers), after 2 s of warm-up ──
  await readers(2);
  rss.phase = 'readers';
  serverCpu0 = procCpuMs(api.pid);
  const [lookupAlone, inboxAlone] = await readers(READERS_ALONE_S);
  const readCpu = (procCpuMs(api.pid) - serverCpu0) / Math.max(1, (lookupAlone?.requests.total ?? 0) + (inboxAlone?.requests.total ?? 0));

  // ── Phase 3: uploads and readers together ──
  rss.phase = 'uploads+readers';
  const [mixedUploads, [lookupMixed, inboxMixed]] = await Promise.all([
    openLoop(
      RATE,
      DURATION_S,
      (i) => submit(100_000 + i),
      (o) => o === '201',
    ),
    readers(DURATION_S),
  ]);
  rss.phase = 'after';
  await sleep(1000);
  rss.stop();
  const hwm = procMemMb(api.pid, 'VmHWM');
  agent.destroy();
  await api.stop();
  server = undefined;

  // ── Everything that got 201 is stored exactly once with its photos ──
  const db = buildDb(dbPath, { readonly: true });
  const rows = db.$client.prepare('SELECT count(*) n, count(DISTINCT tracking_number) d FROM reports').get() as { n: number; d: number };
  const photoRows = (db.$client.prepare('SELECT count(*) n FROM report_photos').get() as { n: number }).n;
  db.$client.close();

  // ── Figures ──
  const line = (label: string, perSec: string, l: Summary, extra = '') =>
    console.log(`  ${label.padEnd(44)} ${perSec.padStart(9)}   ${ms(l.p50).padStart(8)} ${ms(l.p99).padStart(8)} ${ms(l.max).padStart(8)}   ${extra}`);
  const rps = (r: autocannon.Result | undefined) => (r ? (r.requests.total / r.duration).toFixed(1) : 'n/a');
  const lat = (r: autocannon.Result | undefined): Summary =>
    r ? { n: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max } : summarize([]);

  console.log('');
  console.log(`  ${''.padEnd(44)} ${'per s'.padStart(9)}   ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}   outcomes`);
  console.log('  report submissions (3 photos), latency from the scheduled send:');
  line(`sharp alone, one report at a time (${SERIAL})`, serialPerSec.toFixed(2), serial, `CPU ${serialCpu.toFixed(0)} ms/report`);
  line(
    `sharp alone, open loop ${RATE}/s × ${DURATION_S} s`,
    sharpLoop.okPerSec.toFixed(2),
    sharpLoop.latency,
    `CPU ${sharpCpu.toFixed(0)} ms/report; ${outcomeText(sharpLoop.outcomes)}`,
  );
  line(
    `API, open loop ${RATE}/s × ${DURATION_S} s`,
    uploads.okPerSec.toFixed(2),
    uploads.latency,
    `server CPU ${serverCpu.toFixed(0)} ms/report; ${outcomeText(uploads.outcomes)}`,
  );
  line(`API, same, with ${READERS} readers`, mixedUploads.okPerSec.toFixed(2), mixedUploads.latency, outcomeText(mixedUploads.outcomes));
  for (const [name, r] of [
    ['uploads alone', uploads],
    ['uploads with readers', mixedUploads],
    ['sharp alone', sharpLoop],
  ] as const) {
    if (r.skipped || r.unfinished)
      console.log(`  ! ${name}: ${r.skipped} not sent (over ${MAX_IN_FLIGHT} open), ${r.unfinished} unfinished after the drain deadline`);
  }
  console.log(`  readers (autocannon, keep-alive, closed loop; inbox of ${county.name} ${county.adcode}, ${inboxCheck.reports.length}+ reports):`);
  line(`status lookup, ${lookupConns} conns, alone ${READERS_ALONE_S} s`, rps(lookupAlone), lat(lookupAlone), statuses(lookupAlone));
  line(`staff inbox, ${inboxConns} conns, alone ${READERS_ALONE_S} s`, rps(inboxAlone), lat(inboxAlone), inboxAlone ? statuses(inboxAlone) : '');
  line(`status lookup, ${lookupConns} conns, with uploads`, rps(lookupMixed), lat(lookupMixed), statuses(lookupMixed));
  line(`staff inbox, ${inboxConns} conns, with uploads`, rps(inboxMixed), lat(inboxMixed), inboxMixed ? statuses(inboxMixed) : '');

  console.log('');
  console.log('  ratios (API / baseline measured above):');
  console.log(
    `    p50 latency, uploads alone:        ${ratio(uploads.latency.p50, sharpLoop.latency.p50)} sharp alone on the same schedule (p99 ${ratio(uploads.latency.p99, sharpLoop.latency.p99)})`,
  );
  console.log(
    `    p50 latency, uploads with readers: ${ratio(mixedUploads.latency.p50, sharpLoop.latency.p50)} sharp alone on the same schedule (p99 ${ratio(mixedUploads.latency.p99, sharpLoop.latency.p99)})`,
  );
  console.log(
    `    CPU per report:                    ${ratio(serverCpu, sharpCpu)} sharp alone (the API adds ${(serverCpu - sharpCpu).toFixed(0)} ms per report for everything but the image work)`,
  );
  console.log(
    `    throughput:                        ${ratio(uploads.okPerSec, RATE)} of the offered ${RATE}/s alone, ${ratio(mixedUploads.okPerSec, RATE)} with readers`,
  );
  console.log(`    server CPU per read, readers alone: ${(readCpu * 1000).toFixed(0)} µs (lookups and inbox pages together)`);
  console.log(
    `    readers with uploads vs alone:     lookup ${ratio(Number(rps(lookupMixed)), Number(rps(lookupAlone)))} rps, p99 ${ratio(lat(lookupMixed).p99, lat(lookupAlone).p99)}; inbox ${ratio(Number(rps(inboxMixed)), Number(rps(inboxAlone)))} rps, p99 ${ratio(lat(inboxMixed).p99, lat(inboxAlone).p99)}`,
  );

  console.log('');
  console.log('  server memory (VmRSS, sampled every second):');
  for (const phase of ['uploads', 'readers', 'uploads+readers'])
    console.log(`    ${phase.padEnd(16)} peak ${rss.peak(phase).toFixed(0)} MB   ${rss.series(phase)}`);
  console.log(`    idle before load ${rss.peak('idle').toFixed(0)} MB; peak resident over the whole run (VmHWM) ${hwm.toFixed(0)} MB`);

  const ok201 = uploads.ok + mixedUploads.ok + WARM_UP;
  console.log('');
  console.log(
    `  stored: ${rows.n} reports (${rows.d} distinct numbers), ${photoRows} photos; 201 answers ${ok201} (incl. ${WARM_UP} warm-up); server log ${api.log.lines} lines, ${api.log.errors} errors`,
  );
  if (rows.n !== ok201 || rows.d !== rows.n || photoRows !== rows.n * PHOTOS) {
    console.error('  MISMATCH: not every 201 report is stored exactly once with its photos');
    process.exitCode = 1;
  }
  if (api.log.lastError) console.log(`  last server error: ${api.log.lastError}`);
  console.log(`end: ${loadLine()}`);
} finally {
  await server?.stop();
  tmp.remove();
}
