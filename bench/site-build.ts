/**
 * Site build benchmark: `astro build` of the whole portal from N generated outfall records, against
 * two plain Node scripts measured in the same run:
 * - the same-outputs baseline (bench/support/plain-outputs.ts): per record a page with all its
 *   fields and a signboard SVG with its QR code, both precompressed (brotli 5, gzip 6);
 * - the pages-only baseline (bench/support/plain-pages.ts): per record a page, precompressed.
 *
 *   node --experimental-strip-types bench/site-build.ts [--json] [2500 20000 100000]
 *
 * Prints seconds, pages per second and peak memory (max RSS) of each, and the build's ratio to the
 * same-outputs baseline; `--json` prints one JSON line per size instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const NODE = [process.execPath, '--experimental-strip-types', '--disable-warning=ExperimentalWarning'];
const json = process.argv.includes('--json');
const counts = process.argv
  .slice(2)
  .filter((a) => a !== '--json')
  .map(Number)
  .filter((n) => n > 0);
if (!counts.length) counts.push(2500, 20000);
const hasTime = existsSync('/usr/bin/time');

interface Measured {
  seconds: number;
  maxRssMb: number | null;
}

function timed(cmd: string[], env: NodeJS.ProcessEnv, what: string): Measured {
  const argv = hasTime ? ['/usr/bin/time', '-f', '__TIME__ %e %M', ...cmd] : cmd;
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${what} failed:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: m ? Number(m[2]) / 1024 : null };
}

function countFiles(dir: string, suffix: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countFiles(join(dir, e.name), suffix);
    else if (e.name.endsWith(suffix)) n++;
  }
  return n;
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

const brSize = (file: string) => (existsSync(`${file}.br`) ? statSync(`${file}.br`).size : statSync(file).size);

/** What a phone downloads: an outfall page with its stylesheets, the map data, the search index. */
function pageWeights(client: string) {
  const codes = readdirSync(join(client, 'outfalls')).slice(0, 200);
  const sizes = codes.map((code) => {
    const file = join(client, 'outfalls', code, 'index.html');
    const html = readFileSync(file, 'utf8');
    const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => brSize(join(client, m[1]!)));
    return brSize(file) + css.reduce((a, b) => a + b, 0);
  });
  const mapFile = readdirSync(join(client, 'map')).find((f) => /^outfalls\.[0-9a-f]+\.json$/.test(f));
  const searchFile = ['search/index.json', 'search-index.json'].map((f) => join(client, f)).find((f) => existsSync(f));
  return {
    outfall: sizes[0] ?? 0,
    outfallMax: Math.max(...sizes),
    mapData: mapFile ? brSize(join(client, 'map', mapFile)) : 0,
    search: searchFile ? brSize(searchFile) : 0,
  };
}

const fmt = (m: Measured) => `${m.seconds.toFixed(1)} s, peak ${m.maxRssMb === null ? 'n/a' : `${m.maxRssMb.toFixed(0)} MB`}`;

const log = (line: string) => {
  if (!json) console.log(line);
};
log(`site build benchmark, node ${process.version}, ${counts.join(' / ')} records`);
for (const count of counts) {
  // Inside the project: the built server chunks resolve packages from the project's node_modules.
  const dir = mkdtempSync(join(ROOT, `.tmp-bench-build-${count}-`));
  const env = { ...process.env, DATABASE_PATH: join(dir, 'portal.db'), ASTRO_CACHE_DIR: join(dir, 'cache'), SITE_DIR: join(dir, 'dist'), LOG_LEVEL: 'warn' };
  try {
    const gen = timed([...NODE, 'src/records/demo/cli.ts', '--count', String(count), '--publish'], env, 'demo data');
    const astro = timed([process.execPath, 'node_modules/astro/bin/astro.mjs', 'build', '--outDir', join(dir, 'dist')], env, 'astro build');
    const pages = countFiles(join(dir, 'dist', 'client'), '.html');
    const bytes = dirBytes(join(dir, 'dist', 'client'));
    const weights = pageWeights(join(dir, 'dist', 'client'));
    const same = timed([...NODE, 'bench/support/plain-outputs.ts', join(dir, 'same')], env, 'same-outputs baseline');
    const plain = timed([...NODE, 'bench/support/plain-pages.ts', join(dir, 'plain')], env, 'pages-only baseline');
    const plainPages = countFiles(join(dir, 'plain'), '.html');
    const ratio = astro.seconds / same.seconds;
    if (json) {
      console.log(
        JSON.stringify({
          records: count,
          buildSeconds: +astro.seconds.toFixed(2),
          peakMb: astro.maxRssMb && Math.round(astro.maxRssMb),
          baselineSeconds: +same.seconds.toFixed(2),
          baselinePeakMb: same.maxRssMb && Math.round(same.maxRssMb),
          ratio: +ratio.toFixed(2),
          pagesOnlySeconds: +plain.seconds.toFixed(2),
          outputMb: Math.round(bytes / 1e6),
          htmlPages: pages,
          outfallPageBytes: weights.outfall,
          mapDataBytes: weights.mapData,
        }),
      );
      continue;
    }
    log(`\n${count} records`);
    log(`  generate+publish   ${fmt(gen)}`);
    log(
      `  astro build        ${fmt(astro)}; ${pages} HTML pages, ${(bytes / 1e6).toFixed(0)} MB output incl. .br/.gz; ${(pages / astro.seconds).toFixed(0)} pages/s`,
    );
    log(
      `  transferred (brotli): outfall page HTML+CSS ${weights.outfall} B (max over 200 pages ${weights.outfallMax} B), map data ${weights.mapData} B, search index ${weights.search} B`,
    );
    log(`  same-outputs base  ${fmt(same)} (page + signboard with QR per record, brotli 5 + gzip 6)`);
    log(`  pages-only base    ${fmt(plain)}; ${plainPages} pages; ${(plainPages / plain.seconds).toFixed(0)} pages/s`);
    log(
      `  ratio build/same-outputs ${ratio.toFixed(1)}× time${astro.maxRssMb && same.maxRssMb ? `, ${(astro.maxRssMb / same.maxRssMb).toFixed(1)}× memory` : ''}; build/pages-only ${(astro.seconds / plain.seconds).toFixed(1)}×`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
