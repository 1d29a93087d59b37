/**
 * The same-outputs baseline of the site build: a plain Node script that, per published record,
 * writes a page with all its fields and a signboard SVG with its QR code (the `qrcode` package),
 * and precompresses both (brotli quality 5 and gzip 6 on libuv's thread pool). Records are
 * streamed from the store. No framework, no layout, no county pages: what the per-record part of
 * the build costs at the least. Usage:
 *   node --experimental-strip-types bench/support/plain-outputs.ts <outDir>
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import QRCode from 'qrcode';
import { loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: plain-outputs.ts <outDir>');
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const { DATABASE_PATH, PUBLIC_BASE_URL } = loadConfig();
const db = buildDb(DATABASE_PATH, { readonly: true });

async function writeCompressed(file: string, text: string): Promise<void> {
  const data = Buffer.from(text);
  const [br, gzData] = await Promise.all([
    brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    gz(data, { level: 6 }),
  ]);
  await Promise.all([writeFile(file, data), writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzData)]);
}

mkdirSync(join(out, 'signboards'), { recursive: true });
// Records in batches of 16: their files are compressed together on the thread pool.
let batch: Promise<void>[] = [];
const rows = db.$client.prepare('SELECT record FROM outfalls ORDER BY code').raw().iterate() as IterableIterator<[string]>;
for (const [json] of rows) {
  const r = JSON.parse(json) as Record<string, unknown> & { code: string; name: string };
  const dir = join(out, 'outfalls', r.code);
  mkdirSync(dir, { recursive: true });
  const fields = Object.entries(r)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</dd>`)
    .join('');
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.name)}</title><link rel="stylesheet" href="/site.css"></head><body><main><h1>${esc(r.name)}</h1><dl>${fields}</dl><a href="/report/?outfall=${esc(r.code)}">举报此排污口</a></main></body></html>`;
  const qr = QRCode.create(`${PUBLIC_BASE_URL}/outfalls/${r.code}/`, { errorCorrectionLevel: 'Q' });
  const board = `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 2100 2970"><text x="120" y="300" font-size="120">${esc(r.name)}</text><text x="120" y="500" font-size="60">${esc(r.code)}</text>${qrSvg(qr.modules.size, qr.modules.data)}</svg>`;
  batch.push(writeCompressed(join(dir, 'index.html'), page), writeCompressed(join(out, 'signboards', `${r.code}.svg`), board));
  if (batch.length >= 32) {
    await Promise.all(batch);
    batch = [];
  }
}
await Promise.all(batch);
db.$client.close();

/** The QR code's dark modules as one path at 720 units, placed like the real board's. */
function qrSvg(size: number, data: Uint8Array): string {
  let d = '';
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y * size + x]) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  return `<path transform="translate(120 1930) scale(${(720 / (size + 8)).toFixed(4)})" d="${d}"/>`;
}
