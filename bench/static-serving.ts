/**
 * Static pages and map data served by the portal (issue 6, "Load held"): requests per second,
 * latency, bytes per response and server CPU per request for an outfall page, the home page, the
 * compact map data file and a county page, all asked for with `Accept-Encoding: br`, against a plain
 * static file server (bench/support/plain-static.ts: node:http + fs.createReadStream of the same
 * files and their .br variants) measured in the same run.
 *
 *   node --experimental-strip-types bench/static-serving.ts [--site dist] [--build] [--count 2500]
 *        [--connections 10] [--duration 5] [--rounds 2]
 *
 * The portal is the real start command's server (api/server.ts: security headers, the API, static
 * files with precompressed variants and cache headers, Astro's handler behind them) on the built site
 * in `--site` (default `dist/` when it holds a build); without one, or with `--build`, the script
 * publishes `--count` demonstration outfalls into a temporary database and builds the site into a
 * temporary folder inside the project first (several minutes). Both servers are child processes on
 * 127.0.0.1, each single-threaded; one load generator (autocannon, keep-alive) drives them with the
 * same connections and duration. Each target is measured `--rounds` times, alternating which server
 * goes first (portal, plain; plain, portal; …), so load from elsewhere on the machine that comes and
 * goes touches both alike; CPU time per request, read from /proc, hardly depends on such load.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/kernel/geo/paths.ts';
import { loadLine, ms, procCpuMs, ratio } from './support/measure.ts';
import { benchDir, type ChildServer, startPlainStatic, startPortal } from './support/servers.ts';

const { values: opts } = parseArgs({
  options: {
    site: { type: 'string' },
    build: { type: 'boolean', default: false },
    count: { type: 'string', default: '2500' },
    connections: { type: 'string', default: '10' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
  },
});
const int = (name: 'count' | 'connections' | 'duration' | 'rounds') => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive whole number, got "${opts[name]}"`);
  return n;
};
const CONNECTIONS = int('connections');
const DURATION_S = int('duration');
const ROUNDS = int('rounds');
const COUNT = int('count');
const HEADERS = { 'accept-encoding': 'br' };

const isBuilt = (dir: string) => existsSync(join(dir, 'client', 'index.html')) && existsSync(join(dir, 'server', 'entry.mjs'));

/** Publishes demonstration outfalls into a temporary database and builds the site into `dir/dist`. */
function buildSite(dir: string): string {
  const env = { ...process.env, DATABASE_PATH: join(dir, 'portal.db'), ASTRO_CACHE_DIR: join(dir, 'cache'), SITE_DIR: join(dir, 'dist'), LOG_LEVEL: 'warn' };
  const run = (args: string[], what: string) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${what} failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    console.log(`  ${what}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  };
  run(
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'src/records/demo/cli.ts', '--count', String(COUNT), '--publish'],
    `publish ${COUNT} demonstration outfalls`,
  );
  run(['node_modules/astro/bin/astro.mjs', 'build', '--outDir', join(dir, 'dist')], 'astro build');
  return join(dir, 'dist');
}

/** The four URL paths measured, found in the built client folder. */
function targets(client: string): { name: string; path: string }[] {
  const firstDir = (sub: string, prefer?: string) => {
    const dirs = readdirSync(join(client, sub), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(client, sub, e.name, 'index.html')))
      .map((e) => e.name)
      .sort();
    if (!dirs.length) throw new Error(`no pages under ${join(client, sub)}`);
    return prefer && dirs.includes(prefer) ? prefer : dirs[0]!;
  };
  const mapData = readdirSync(join(client, 'map')).find((f) => /^outfalls\.[0-9a-f]+\.json$/.test(f));
  if (!mapData) throw new Error(`no compact map data file (outfalls.<hash>.json) in ${join(client, 'map')}`);
  return [
    { name: 'outfall page', path: `/outfalls/${firstDir('outfalls')}/` },
    { name: 'home page', path: '/' },
    { name: 'map data', path: `/map/${mapData}` },
    { name: 'county page', path: `/counties/${firstDir('counties', '220102')}/` },
  ];
}

/** One GET with Accept-Encoding: br: status, content encoding and body. */
function fetchOnce(url: string): Promise<{ status: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: HEADERS }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, encoding: String(res.headers['content-encoding'] ?? 'identity'), body: Buffer.concat(parts) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (err, result) => (err ? reject(err) : resolve(result))));
}

interface Tally {
  requests: number;
  seconds: number;
  bytes: number;
  cpuMs: number;
  p50: number[];
  p99: number[];
  non2xx: number;
  errors: number;
}
const tally = (): Tally => ({ requests: 0, seconds: 0, bytes: 0, cpuMs: 0, p50: [], p99: [], non2xx: 0, errors: 0 });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

const tmp = benchDir('static');
const running: ChildServer[] = [];
try {
  console.log(
    `static-serving benchmark — ${CONNECTIONS} connections, ${DURATION_S} s per measurement, ${ROUNDS} rounds per server and target; node ${process.version}`,
  );
  console.log(`start: ${loadLine()}`);
  const given = opts.site ? join(PROJECT_ROOT, opts.site) : join(PROJECT_ROOT, 'dist');
  let site: string;
  if (!opts.build && isBuilt(given)) {
    site = given;
    console.log(`site: ${site} (already built)`);
  } else {
    if (opts.site && !opts.build) throw new Error(`--site: no built site in ${given} (client/index.html and server/entry.mjs)`);
    console.log(`site: building ${COUNT} outfalls into ${tmp.path}/dist`);
    site = buildSite(tmp.path);
  }
  const client = join(site, 'client');
  const paths = targets(client);

  const portal = await startPortal(site, tmp.path, { LOG_LEVEL: 'warn' });
  running.push(portal);
  const plain = await startPlainStatic(client);
  running.push(plain);
  const servers = { portal, plain } as const;

  // Both answer every target with the same brotli bytes (else the comparison would be unfair).
  const sizes = new Map<string, { portal: Awaited<ReturnType<typeof fetchOnce>>; plain: Awaited<ReturnType<typeof fetchOnce>> }>();
  for (const t of paths) {
    const [a, b] = [await fetchOnce(portal.url + t.path), await fetchOnce(plain.url + t.path)];
    if (a.status !== 200 || b.status !== 200) throw new Error(`${t.path}: portal ${a.status}, plain ${b.status}`);
    if (a.encoding !== 'br' || b.encoding !== 'br') throw new Error(`${t.path}: not served as brotli (portal ${a.encoding}, plain ${b.encoding})`);
    if (!a.body.equals(b.body)) console.log(`  ! ${t.path}: the two servers sent different bodies (${a.body.length} vs ${b.body.length} bytes)`);
    sizes.set(t.path, { portal: a, plain: b });
  }

  // Warm up both (JIT, file cache), then measure.
  for (const s of Object.values(servers)) for (const t of paths) await cannon({ url: s.url + t.path, connections: CONNECTIONS, duration: 1, headers: HEADERS });
  const results = new Map<string, { portal: Tally; plain: Tally }>(paths.map((t) => [t.path, { portal: tally(), plain: tally() }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of paths) {
      const order = round % 2 === 0 ? (['portal', 'plain'] as const) : (['plain', 'portal'] as const);
      for (const which of order) {
        const s = servers[which];
        const cpu0 = procCpuMs(s.pid);
        const r = await cannon({ url: s.url + t.path, connections: CONNECTIONS, duration: DURATION_S, headers: HEADERS });
        const acc = results.get(t.path)![which];
        acc.cpuMs += procCpuMs(s.pid) - cpu0;
        acc.requests += r.requests.total;
        acc.seconds += r.duration;
        acc.bytes += r.throughput.total;
        acc.p50.push(r.latency.p50);
        acc.p99.push(r.latency.p99);
        acc.non2xx += r.non2xx;
        acc.errors += r.errors;
      }
    }
  }

  console.log('');
  // autocannon's histograms count whole milliseconds; the mean from Little's law (connections / rate) does not.
  const lat = (v: number) => (v === 0 ? '<1 ms' : ms(v));
  console.log(
    `  ${'target'.padEnd(14)} ${'server'.padEnd(7)} ${'req/s'.padStart(8)} ${'mean'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'body B'.padStart(8)} ${'wire B/resp'.padStart(12)} ${'CPU µs/req'.padStart(11)}`,
  );
  for (const t of paths) {
    const r = results.get(t.path)!;
    const size = sizes.get(t.path)!;
    const fig = (x: Tally) => {
      const rps = x.requests / x.seconds;
      return {
        rps,
        mean: (CONNECTIONS / rps) * 1000,
        p50: mean(x.p50),
        p99: mean(x.p99),
        wire: x.bytes / (x.requests || 1),
        cpuUs: (x.cpuMs * 1000) / (x.requests || 1),
      };
    };
    const a = fig(r.portal);
    const b = fig(r.plain);
    for (const [which, f, x] of [
      ['portal', a, r.portal],
      ['plain', b, r.plain],
    ] as const) {
      const bad = x.non2xx || x.errors ? `  (${x.non2xx} non-2xx, ${x.errors} errors)` : '';
      console.log(
        `  ${(which === 'portal' ? t.name : '').padEnd(14)} ${which.padEnd(7)} ${f.rps.toFixed(0).padStart(8)} ${ms(f.mean).padStart(8)} ${lat(f.p50).padStart(8)} ${lat(f.p99).padStart(8)} ${String(size[which].body.length).padStart(8)} ${f.wire.toFixed(0).padStart(12)} ${f.cpuUs.toFixed(0).padStart(11)}${bad}`,
      );
    }
    console.log(
      `  ${''.padEnd(14)} ${'ratio'.padEnd(7)} ${ratio(a.rps, b.rps).padStart(8)} ${ratio(a.mean, b.mean).padStart(8)} ${ratio(a.p50, b.p50).padStart(8)} ${ratio(a.p99, b.p99).padStart(8)} ${''.padStart(8)} ${ratio(a.wire, b.wire).padStart(12)} ${ratio(a.cpuUs, b.cpuUs).padStart(11)}   ${t.path}`,
    );
  }
  console.log('');
  console.log(
    `  ratio = portal / plain. mean latency = connections / req/s (Little's law); p50/p99 = mean over rounds of autocannon's percentiles (whole ms).`,
  );
  console.log(`  CPU µs/req is the server process's CPU time (/proc) per answered request: the figure least moved by other load on the machine.`);
  console.log(`  "wire B/resp" counts status line, headers and body; the portal's extra bytes are its security and cache headers.`);
  console.log(`  portal log: ${portal.log.lines} lines, ${portal.log.errors} errors`);
  console.log(`end: ${loadLine()}`);
} finally {
  for (const s of running) await s.stop();
  tmp.remove();
}
