/**
 * Slow and stalled clients (issue 6, "Load held"): 100 clients upload a report at 10 KB/s over raw
 * sockets while a probe measures `GET /api/health` latency without pause, and a normal client sends a
 * small report every second; some further clients stall completely (headers and part of the body,
 * then nothing). The baseline is the same probe and normal client in the same run WITHOUT the slow
 * clients.
 *
 *   node --experimental-strip-types bench/slow-clients.ts [--slow 100] [--long 20] [--stalled 10]
 *        [--kbps 10] [--baseline 10] [--idle-timeout 5] [--request-timeout 15] [--cap 60]
 *
 * Shows three things:
 * - the slow uploads do not starve others: the health probe's p50/p99/max and the normal client's
 *   latency with them, against the baseline;
 * - a stalled upload is cut off after IDLE_TIMEOUT_S of silence (time from its last byte to the
 *   server closing the socket);
 * - a slow but progressing upload completes (201) when it fits in REQUEST_TIMEOUT_S, and is cut
 *   (408) when it does not (`--long` of the slow clients send a body that needs ~75 s).
 *
 * The server is the API alone (api/node.ts) in its own process on a temporary database and
 * UPLOAD_DIR inside the project (.tmp-bench-slow-*). For the demonstration it runs with SHORT
 * timeouts, IDLE_TIMEOUT_S=5, REQUEST_TIMEOUT_S=15 and HEADERS_TIMEOUT_S=10 (defaults 30, 300 and 30;
 * Node refuses a headers timeout longer than the request timeout), and REPORT_RATE_LIMIT
 * raised to 1,000,000 (every client here is 127.0.0.1). Node checks the whole-request timeout only
 * every `connectionsCheckingInterval` (30 s by default), so a too-long upload is cut between
 * REQUEST_TIMEOUT_S and REQUEST_TIMEOUT_S + 30 s after it began. The run takes about 80 s.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDb } from '../src/kernel/db/client.ts';
import { loadLine, ms, procMemMb, ratio, type Summary, sampleRss, sleep, summarize } from './support/measure.ts';
import { noiseJpeg, photoParts, postReport, reportBody } from './support/report-bodies.ts';
import { benchDir, startApi } from './support/servers.ts';

const { values: opts } = parseArgs({
  options: {
    slow: { type: 'string', default: '100' },
    long: { type: 'string', default: '20' },
    stalled: { type: 'string', default: '10' },
    kbps: { type: 'string', default: '10' },
    baseline: { type: 'string', default: '10' },
    'idle-timeout': { type: 'string', default: '5' },
    'request-timeout': { type: 'string', default: '15' },
    cap: { type: 'string', default: '60' },
  },
});
const num = (name: keyof typeof opts, min: number) => {
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: expected a number ≥ ${min}, got "${opts[name]}"`);
  return n;
};
const SLOW = num('slow', 0);
const LONG = Math.min(SLOW, num('long', 0));
const STALLED = num('stalled', 0);
const BYTES_PER_TICK = Math.round((num('kbps', 1) * 1024) / 10); // one write every 100 ms
const BASELINE_S = num('baseline', 2);
const IDLE_S = num('idle-timeout', 1);
const REQUEST_S = num('request-timeout', 5);
const CAP_S = num('cap', 10);

interface RawResult {
  kind: 'slow' | 'long' | 'stalled';
  /** Status line of the server's answer, 0 if it closed without one. */
  status: number;
  /** Connect → answer or close, ms. */
  totalMs: number;
  /** Last byte written → socket closed by the server, ms (stalled clients). */
  silentMs: number;
  sent: number;
  length: number;
  /** How it ended: 'answer', 'closed' (by the server, no answer), 'error:<code>', 'cap' (we gave up). */
  end: string;
}

/**
 * One client on a raw socket: headers, then the body `perTick` bytes every 100 ms; a stalled client
 * stops after `stallAfter` bytes of body and stays silent. Resolves when the server answers or
 * closes, or after `capMs`.
 */
function rawUpload(
  port: number,
  kind: RawResult['kind'],
  body: Buffer,
  contentType: string,
  perTick: number,
  stallAfter: number,
  capMs: number,
): Promise<RawResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let lastWrite = t0;
    let sent = 0;
    let answer = '';
    let done = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (end: string) => {
      if (done) return;
      done = true;
      clearInterval(ticker);
      clearTimeout(cap);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      const now = performance.now();
      resolve({ kind, status, totalMs: now - t0, silentMs: now - lastWrite, sent, length: body.length, end });
      socket.destroy();
    };
    const write = (chunk: Buffer | string) => {
      if (socket.destroyed || !socket.writable) return;
      socket.write(chunk);
      lastWrite = performance.now();
    };
    const ticker = setInterval(() => {
      const limit = kind === 'stalled' ? Math.min(stallAfter, body.length) : body.length;
      if (sent >= limit) return clearInterval(ticker);
      const chunk = body.subarray(sent, Math.min(limit, sent + perTick));
      sent += chunk.length;
      write(chunk);
    }, 100);
    const cap = setTimeout(() => finish('cap'), capMs);
    socket.on('connect', () =>
      write(
        `POST /api/reports HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n` +
          `Idempotency-Key: ${randomUUID()}\r\nConnection: close\r\n\r\n`,
      ),
    );
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (/\r\n\r\n/.test(answer)) finish('answer');
    });
    socket.on('close', () => finish(answer ? 'answer' : 'closed'));
    socket.on('error', (err: NodeJS.ErrnoException) => finish(answer ? 'answer' : `error:${err.code ?? err.message}`));
  });
}

/** GET /api/health on one keep-alive connection, one after another with `gapMs` between, until `until()`. */
async function probeHealth(url: string, until: () => boolean, gapMs = 20): Promise<{ latencies: number[]; failures: Map<string, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  for (let i = 0; i < 100_000 && !until(); i++) {
    const t0 = performance.now();
    const outcome = await new Promise<string>((resolve) => {
      const req = get(`${url}/api/health`, { agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    if (outcome === '200') latencies.push(performance.now() - t0);
    else failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
    await sleep(gapMs);
  }
  agent.destroy();
  return { latencies, failures };
}

/** A normal client: a small report at full speed every second until `until()`. */
async function normalClient(url: string, photos: Buffer[], until: () => boolean, from: number) {
  const agent = new Agent({ keepAlive: true });
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  for (let i = 0; i < 10_000 && !until(); i++) {
    const t0 = performance.now();
    const sent = await postReport(url, reportBody(from + i, photos), agent);
    const outcome = sent.status ? String(sent.status) : (sent.error ?? 'no response');
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (sent.status === 201) latencies.push(performance.now() - t0);
    await sleep(1000 - (performance.now() - t0));
  }
  agent.destroy();
  return { latency: summarize(latencies), outcomes };
}

const text = (m: Map<string | number, number>) =>
  [...m]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([o, n]) => `${o}×${n}`)
    .join(', ') || 'none';
const row = (label: string, s: Summary, extra = '') =>
  console.log(`  ${label.padEnd(40)} ${String(s.n).padStart(6)} ${ms(s.p50).padStart(9)} ${ms(s.p99).padStart(9)} ${ms(s.max).padStart(9)}   ${extra}`);

const tmp = benchDir('slow');
let server: Awaited<ReturnType<typeof startApi>> | undefined;
try {
  console.log(
    `slow-clients benchmark — ${SLOW} uploads at ${((BYTES_PER_TICK * 10) / 1024).toFixed(0)} KB/s (${LONG} of them too long for the request timeout) + ${STALLED} stalled; ` +
      `IDLE_TIMEOUT_S=${IDLE_S}, REQUEST_TIMEOUT_S=${REQUEST_S} (short, for the demonstration); node ${process.version}`,
  );
  console.log(`start: ${loadLine()}`);
  const small = photoParts([await noiseJpeg(320, 240, 95)]); // ~80 KB: ~8 s at 10 KB/s
  const large = photoParts([await noiseJpeg(1000, 750, 95)]); // ~770 KB: ~75 s at 10 KB/s
  const smallBody = reportBody(0, small);
  const largeBody = reportBody(0, large);
  console.log(
    `bodies: slow ${(smallBody.length / 1024).toFixed(0)} KB (≈${(smallBody.length / (BYTES_PER_TICK * 10)).toFixed(0)} s), ` +
      `too long ${(largeBody.length / 1024).toFixed(0)} KB (≈${(largeBody.length / (BYTES_PER_TICK * 10)).toFixed(0)} s), normal client ${(smallBody.length / 1024).toFixed(0)} KB at full speed`,
  );

  server = await startApi(tmp.path, {
    IDLE_TIMEOUT_S: String(IDLE_S),
    REQUEST_TIMEOUT_S: String(REQUEST_S),
    // Node refuses a headers timeout longer than the request timeout (the default 30 s would be).
    HEADERS_TIMEOUT_S: String(Math.min(10, REQUEST_S)),
    REPORT_RATE_LIMIT: '1000000',
    REPORT_ADDRESS_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'info',
    CONTACT_KEY: randomBytes(32).toString('hex'),
  });
  const api = server;
  const port = Number(new URL(api.url).port);
  const rss = sampleRss(api.pid);

  // ── Warm-up (3 s, not counted: JIT, first sharp call), then the baseline: probe and normal client alone ──
  let stopAt = performance.now() + 3000;
  const [, warm] = await Promise.all([
    probeHealth(api.url, () => performance.now() > stopAt),
    normalClient(api.url, small, () => performance.now() > stopAt, 500),
  ]);
  const warmNormal = warm.outcomes.get('201') ?? 0;
  rss.phase = 'baseline';
  stopAt = performance.now() + BASELINE_S * 1000;
  const [baseProbe, baseNormal] = await Promise.all([
    probeHealth(api.url, () => performance.now() > stopAt),
    normalClient(api.url, small, () => performance.now() > stopAt, 0),
  ]);

  // ── With slow and stalled clients ──
  rss.phase = 'slow';
  const clients: Promise<RawResult>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SLOW + STALLED; i++) {
    const kind: RawResult['kind'] = i < SLOW - LONG ? 'slow' : i < SLOW ? 'long' : 'stalled';
    const body = reportBody(10_000 + i, kind === 'long' ? large : small);
    clients.push(rawUpload(port, kind, Buffer.concat(body.chunks), body.contentType, BYTES_PER_TICK, 20 * 1024, CAP_S * 1000));
    await sleep(10); // spread the connects over about a second
  }
  let allDone = false;
  const results = Promise.all(clients).then((r) => {
    allDone = true;
    return r;
  });
  // The probe runs until every slow client has finished (or been cut), at most CAP_S seconds.
  stopAt = t0 + CAP_S * 1000;
  const until = () => allDone || performance.now() > stopAt;
  const [slowProbe, slowNormal, raw] = await Promise.all([probeHealth(api.url, until), normalClient(api.url, small, until, 1000), results]);
  const phaseS = (performance.now() - t0) / 1000;
  rss.phase = 'after';
  rss.stop();
  const hwm = procMemMb(api.pid, 'VmHWM');
  await api.stop();
  server = undefined;

  const db = buildDb(join(tmp.path, 'portal.db'), { readonly: true });
  const stored = (db.$client.prepare('SELECT count(*) n FROM reports').get() as { n: number }).n;
  db.$client.close();
  const tmpUploads = join(tmp.path, 'uploads', 'tmp');
  const leftovers = existsSync(tmpUploads) ? readdirSync(tmpUploads).length : 0;

  // ── Figures ──
  const base = summarize(baseProbe.latencies);
  const slow = summarize(slowProbe.latencies);
  console.log('');
  console.log(`  ${''.padEnd(40)} ${'n'.padStart(6)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`);
  row(`GET /api/health, baseline ${BASELINE_S} s`, base, baseProbe.failures.size ? `failures: ${text(baseProbe.failures)}` : '');
  row(`GET /api/health, with slow clients ${phaseS.toFixed(0)} s`, slow, slowProbe.failures.size ? `failures: ${text(slowProbe.failures)}` : '');
  row('normal report (80 KB), baseline', baseNormal.latency, text(baseNormal.outcomes));
  row('normal report (80 KB), with slow clients', slowNormal.latency, text(slowNormal.outcomes));
  console.log(
    `  health p99 with slow clients = ${ratio(slow.p99, base.p99)} baseline (p50 ${ratio(slow.p50, base.p50)}, max ${ratio(slow.max, base.max)}); normal report p50 ${ratio(slowNormal.latency.p50, baseNormal.latency.p50)}`,
  );

  console.log('');
  const s = (xs: number[]) => summarize(xs.map((x) => x / 1000));
  for (const kind of ['slow', 'long', 'stalled'] as const) {
    const own = raw.filter((r) => r.kind === kind);
    if (!own.length) continue;
    const outcomes = new Map<string, number>();
    for (const r of own) {
      const k = r.status ? String(r.status) : r.end;
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    }
    const total = s(own.map((r) => r.totalMs));
    const minTotal = Math.min(...own.map((r) => r.totalMs)) / 1000;
    if (kind === 'slow') {
      console.log(
        `  slow uploads that fit (${(own[0]!.length / 1024).toFixed(0)} KB at ${((BYTES_PER_TICK * 10) / 1024).toFixed(0)} KB/s): ${text(outcomes)}; connect → answer ${minTotal.toFixed(1)}–${total.max.toFixed(1)} s (p50 ${total.p50.toFixed(1)} s)`,
      );
    } else if (kind === 'long') {
      const sent = summarize(own.map((r) => r.sent / 1024));
      console.log(
        `  slow uploads too long for REQUEST_TIMEOUT_S=${REQUEST_S} (${(own[0]!.length / 1024).toFixed(0)} KB): ${text(outcomes)}; cut after ${minTotal.toFixed(1)}–${total.max.toFixed(1)} s (p50 ${total.p50.toFixed(1)} s) having sent ${sent.p50.toFixed(0)} KB (p50)`,
      );
    } else {
      const silent = s(own.map((r) => r.silentMs));
      const minSilent = Math.min(...own.map((r) => r.silentMs)) / 1000;
      console.log(
        `  stalled uploads (headers + 20 KB, then silence): ${text(outcomes)}; closed by the server ${minSilent.toFixed(1)}–${silent.max.toFixed(1)} s after their last byte (IDLE_TIMEOUT_S=${IDLE_S})`,
      );
    }
  }
  const created = raw.filter((r) => r.status === 201).length + warmNormal + (baseNormal.outcomes.get('201') ?? 0) + (slowNormal.outcomes.get('201') ?? 0);
  console.log('');
  console.log(
    `  server memory: baseline peak ${rss.peak('baseline').toFixed(0)} MB, with slow clients peak ${rss.peak('slow').toFixed(0)} MB (${rss.series('slow', 8)}); VmHWM ${hwm.toFixed(0)} MB`,
  );
  console.log(
    `  stored ${stored} reports for ${created} answers 201; ${leftovers} files left in UPLOAD_DIR/tmp; server log ${api.log.lines} lines, ${api.log.errors} errors`,
  );
  if (api.log.lastError) console.log(`  last server error: ${api.log.lastError}`);
  if (stored !== created || leftovers) {
    console.error('  MISMATCH: stored reports differ from the 201 answers, or an upload left a file behind');
    process.exitCode = 1;
  }
  console.log(`end: ${loadLine()}`);
} finally {
  await server?.stop();
  tmp.remove();
}
