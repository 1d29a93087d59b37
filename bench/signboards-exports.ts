/**
 * Signboards and open-data exports benchmark, on generated demonstration records:
 *  - signboard SVG per outfall (src/site/signboard.ts) against a baseline measured in the same run:
 *    the QR code alone as SVG from the qrcode package's own renderer (`QRCode.toString`, type svg),
 *    i.e. what any signboard must at least pay; the ratio is the cost of the whole board per QR;
 *  - a county ZIP (the busiest county of the set): build time and bytes;
 *  - CSV / GeoJSON / JSON at 400, 2,500 and 20,000 records: generation time, raw bytes and the
 *    brotli bytes a browser transfers (quality 9, as src/site/precompress.ts writes them).
 *
 *   node --experimental-strip-types bench/signboards-exports.ts [boards=2000]
 */
import { brotliCompressSync, constants } from 'node:zlib';
import QRCode from 'qrcode';
import { generateDemoRecords } from '../src/records/demo/generate.ts';
import type { OutfallRecord } from '../src/records/schema.ts';
import { toCsv } from '../src/site/exports/csv.ts';
import { toGeoJson } from '../src/site/exports/geojson.ts';
import { toJsonExport } from '../src/site/exports/json.ts';
import type { ExportMeta } from '../src/site/exports/metadata.ts';
import { countySignboardsZip, outfallPageUrl, signboardSvg } from '../src/site/signboard.ts';

const BOARDS = Math.max(100, Number(process.argv[2] ?? 2000));
const BASE = 'https://hbpwk.example.gov.cn';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const v = fn();
  return [performance.now() - t, v];
}
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
const br = (s: string | Uint8Array) =>
  brotliCompressSync(typeof s === 'string' ? Buffer.from(s) : s, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length;

// ─── Signboards ──────────────────────────────────────────────────────────────────────────────────
const boardRecords = generateDemoRecords({ seed: 'bench-signboards', count: BOARDS });
// Warm-up so neither path is measured cold.
for (const r of boardRecords.slice(0, 50)) {
  signboardSvg(r, { publicBaseUrl: BASE, demo: true });
  await QRCode.toString(outfallPageUrl(BASE, r.code), { type: 'svg', errorCorrectionLevel: 'Q' });
}
const boardMs: number[] = [];
const qrMs: number[] = [];
let svgBytes = 0;
let svgBr = 0;
for (let round = 0; round < 3; round++) {
  const [b, svgs] = time(() => boardRecords.map((r) => signboardSvg(r, { publicBaseUrl: BASE, demo: true })));
  boardMs.push(b / BOARDS);
  if (round === 0) {
    svgBytes = svgs.reduce((s, x) => s + Buffer.byteLength(x), 0) / BOARDS;
    svgBr = svgs.slice(0, 200).reduce((s, x) => s + br(x), 0) / Math.min(200, BOARDS);
  }
  const t = performance.now();
  for (const r of boardRecords) await QRCode.toString(outfallPageUrl(BASE, r.code), { type: 'svg', errorCorrectionLevel: 'Q' });
  qrMs.push((performance.now() - t) / BOARDS);
}
const perBoard = median(boardMs);
const perQr = median(qrMs);
console.log(`signboard SVG: ${perBoard.toFixed(3)} ms per board (${BOARDS} boards, median of 3), ${kb(svgBytes)} raw / ${kb(svgBr)} brotli each`);
console.log(`baseline QR-only SVG (qrcode toString): ${perQr.toFixed(3)} ms per code → board/QR ratio ${(perBoard / perQr).toFixed(2)}×`);
console.log(
  `projected: 20,000 boards ≈ ${((perBoard * 20_000) / 1000).toFixed(1)} s, 100,000 ≈ ${((perBoard * 100_000) / 1000).toFixed(1)} s (each board is also built once more for its county ZIP)`,
);

const byCounty = new Map<string, OutfallRecord[]>();
for (const r of boardRecords) byCounty.set(r.countyAdcode, [...(byCounty.get(r.countyAdcode) ?? []), r]);
const [busiest, list] = [...byCounty.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
const [zipMs, zip] = time(() => countySignboardsZip(list, { publicBaseUrl: BASE, demo: true, asOf: '2025-06-30', countyName: busiest }));
console.log(
  `county ZIP ${busiest}: ${list.length} boards in ${zipMs.toFixed(0)} ms (${(zipMs / list.length).toFixed(3)} ms per board incl. SVG), ${kb(zip.length)} (${kb(zip.length / list.length)} per board)`,
);

// ─── Exports ─────────────────────────────────────────────────────────────────────────────────────
console.log('\nexports            records   time ms      raw        brotli');
for (const n of [400, 2_500, 20_000]) {
  const records = generateDemoRecords({ seed: 'bench-exports', count: n });
  const meta: ExportMeta = { asOf: '2025-06-30', importedAt: '2025-07-01T00:00:00Z', source: `demo:bench:${n}`, demo: true };
  const cases: [string, () => string][] = [
    ['outfalls.csv', () => toCsv(records, { demo: true })],
    ['outfalls.geojson', () => JSON.stringify(toGeoJson(records, meta, BASE))],
    ['outfalls.json', () => JSON.stringify(toJsonExport(records, meta, BASE))],
  ];
  for (const [name, fn] of cases) {
    fn();
    const [ms, out] = time(fn);
    const raw = Buffer.byteLength(out);
    console.log(`${name.padEnd(18)} ${String(n).padStart(7)} ${ms.toFixed(1).padStart(9)} ${kb(raw).padStart(12)} ${kb(br(out)).padStart(12)}`);
  }
}
