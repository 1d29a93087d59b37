/**
 * Home page map: what a phone downloads.
 *
 *   node --experimental-strip-types bench/map-data.ts [--site <built site>/client]
 *
 * 1. The compact outfall data (src/site/map-data.ts) for 400 / 2,500 / 20,000 generated outfalls
 *    (src/records/demo/generate.ts), raw, gzip and brotli bytes, against plain GeoJSON of the same
 *    points with the same properties measured in the same run (the baseline), plus the time to
 *    decode each in this process (JSON.parse + decodeMapData vs JSON.parse of the GeoJSON).
 * 2. The base layer (components/map/base-data.ts): the bundled source files, the simplified layer
 *    as GeoJSON, and as the quantised TopoJSON that is served.
 * 3. With --site: the brotli bytes of the built home page as served: HTML + CSS + the entry script
 *    and its static imports (first paint), then what is fetched after first paint (the maplibre
 *    chunk, its stylesheet and worker, the base layer, the data, the digit glyphs).
 *
 * "served" is brotli as src/site/precompress.ts writes it (quality 11 above 100 KB, 5 below);
 * brotli 11 is also given for every row so that sizes compare at equal effort.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { topology } from 'topojson-server';
import { baseLayerFile, buildBaseLayer } from '../src/components/map/base-data.ts';
import { dataPath } from '../src/kernel/geo/paths.ts';
import { generateDemoRecords } from '../src/records/demo/generate.ts';
import { decodeMapData, encodeMapData, plainGeoJson } from '../src/site/map-data.ts';

const { values } = parseArgs({ options: { site: { type: 'string' } } });

const br = (b: string | Buffer, q = 11) =>
  brotliCompressSync(typeof b === 'string' ? Buffer.from(b) : b, { params: { [constants.BROTLI_PARAM_QUALITY]: q } }).length;
/** Brotli bytes as served: the quality src/site/precompress.ts chooses for this size. */
const served = (b: string | Buffer) => br(b, Buffer.byteLength(b) > 100_000 ? 11 : 5);
const gz = (b: string | Buffer) => gzipSync(typeof b === 'string' ? Buffer.from(b) : b, { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const bytes = (s: string) => Buffer.byteLength(s);

function time<T>(fn: () => T, repeats = 5): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value };
}

console.log('## Outfall data: compact columnar JSON vs plain GeoJSON (same points, same properties)\n');
console.log('| outfalls | format | raw | gzip 9 | brotli 11 | served (brotli) | served / point | decode (best of 5) |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
for (const [count, seed] of [
  [400, '20231231'],
  [2_500, '2025'],
  [20_000, '2025'],
] as const) {
  const records = generateDemoRecords({ count, seed });
  const compact = JSON.stringify(encodeMapData(records));
  const geo = plainGeoJson(records);
  const dc = time(() => decodeMapData(JSON.parse(compact)).points.length);
  const dg = time(() => (JSON.parse(geo) as { features: unknown[] }).features.length);
  const cBr = served(compact);
  const gBr = served(geo);
  console.log(
    `| ${count} | compact | ${kb(bytes(compact))} | ${kb(gz(compact))} | ${kb(br(compact))} | ${kb(cBr)} | ${(cBr / count).toFixed(1)} B | ${dc.ms.toFixed(1)} ms |`,
  );
  console.log(
    `| ${count} | GeoJSON (baseline) | ${kb(bytes(geo))} | ${kb(gz(geo))} | ${kb(br(geo))} | ${kb(gBr)} | ${(gBr / count).toFixed(1)} B | ${dg.ms.toFixed(1)} ms |`,
  );
  console.log(
    `| ${count} | ratio compact / GeoJSON | ${(bytes(compact) / bytes(geo)).toFixed(2)} | ${(gz(compact) / gz(geo)).toFixed(2)} | ${(br(compact) / br(geo)).toFixed(2)} | ${(cBr / gBr).toFixed(2)} | | |`,
  );
}

console.log('\n## Base layer (boundaries, rivers, lakes, labels)\n');
const sources = ['jilin-counties.geojson', 'jilin-rivers.geojson', 'jilin-lakes.geojson'].map((f) => readFileSync(dataPath('geo', f), 'utf8')).join('');
const layer = buildBaseLayer();
const layerGeo = JSON.stringify(layer);
const topo = baseLayerFile().body;
let vertices = 0;
const walk = (c: unknown): void => {
  if (typeof (c as unknown[])[0] === 'number') vertices++;
  else (c as unknown[]).forEach(walk);
};
for (const f of layer.features) walk((f.geometry as { coordinates: unknown }).coordinates);
console.log('| what | raw | gzip 9 | brotli 11 |');
console.log('|---|---:|---:|---:|');
console.log(`| bundled sources (counties + rivers + lakes GeoJSON, baseline) | ${kb(bytes(sources))} | ${kb(gz(sources))} | ${kb(br(sources))} |`);
console.log(`| simplified, 4 decimals, GeoJSON (${vertices} vertices) | ${kb(bytes(layerGeo))} | ${kb(gz(layerGeo))} | ${kb(br(layerGeo))} |`);
console.log(`| served: TopoJSON, quantised (${baseLayerFile().path}) | ${kb(bytes(topo))} | ${kb(gz(topo))} | ${kb(br(topo))} |`);
const unsimplified = JSON.stringify(topology({ base: buildBaseLayer({ minArea: 0 }) }, 30_000));
console.log(`| same TopoJSON without simplification | ${kb(bytes(unsimplified))} | ${kb(gz(unsimplified))} | ${kb(br(unsimplified))} |`);

if (values.site) {
  const dir = values.site;
  const file = (p: string) => readFileSync(join(dir, p.replace(/^\//, '')));
  const html = file('index.html').toString();
  const css = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
  const entry = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
  // Static imports of a chunk, recursively (not its dynamic imports).
  const staticImports = (root: string, seen = new Set<string>()) => {
    for (const m of file(root)
      .toString()
      .matchAll(/(?:^|[;\s])import\s*(?:[\w{}*\s,$]+from\s*)?["'](\.\/[^"']+)["']/g)) {
      const dep = `/_astro/${m[1]!.slice(2)}`;
      if (!seen.has(dep)) {
        seen.add(dep);
        staticImports(dep, seen);
      }
    }
    return seen;
  };
  const staticDeps = new Set(entry.flatMap((e) => [...staticImports(e)]));
  // The map chunk the entry imports after first paint, its own imports (maplibre lives in a chunk
  // shared with the report form's map), and the worker and stylesheet it references.
  const mapChunk = entry.flatMap((e) =>
    [
      ...file(e)
        .toString()
        .matchAll(/import\(`\.\/(map-view[^`]+)`\)/g),
    ].map((m) => `/_astro/${m[1]!}`),
  );
  const mapDeps = [...new Set(mapChunk.flatMap((c) => [...staticImports(c)]))].filter((d) => !staticDeps.has(d));
  const assets = readdirSync(join(dir, '_astro'))
    .filter((f) => /^maplibre-gl(-worker)?\.[\w-]+\.(mjs|css)$/.test(f))
    .map((f) => `/_astro/${f}`);
  const lazy = [...mapChunk, ...mapDeps, ...assets];
  const map = readdirSync(join(dir, 'map'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `/map/${f}`);
  const rows: [string, string[]][] = [
    ['HTML', ['/index.html']],
    ['CSS (render-blocking)', css],
    ['JS entry + static imports', [...entry, ...staticDeps]],
    ['after first paint: maplibre chunk, CSS, worker', lazy],
    ['after first paint: data + base layer', map],
    ['after first paint: digit glyphs (NotoSans-Bold 0-255)', ['/map/glyphs/NotoSans-Bold/0-255.pbf']],
  ];
  console.log(`\n## Home page as built (${dir}), brotli as served\n`);
  console.log('| part | files | raw | brotli |');
  console.log('|---|---|---:|---:|');
  let first = 0;
  let all = 0;
  for (const [label, files] of rows) {
    const raw = files.reduce((s, f) => s + statSync(join(dir, f)).size, 0);
    const b = files.reduce((s, f) => s + served(file(f)), 0);
    if (!label.startsWith('after')) first += b;
    all += b;
    console.log(`| ${label} | ${files.map((f) => f.replace(/^.*\//, '')).join(', ')} | ${kb(raw)} | ${kb(b)} |`);
  }
  console.log(`| **first paint total (HTML + CSS + JS)** | | | **${kb(first)}** |`);
  console.log(`| **everything once the map has loaded** | | | **${kb(all)}** |`);
}
