import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.csv', '.geojson', '.webmanifest', '.pbf']);

/**
 * Files not worth precompressing: one signboard SVG per outfall is downloaded by the bureau that
 * prints it (usually inside the county ZIP), rarely by phones, and at 100,000 outfalls their .br/.gz
 * copies would add about a gigabyte and minutes of build time. They are sent as they are.
 */
const skip = (rel: string) => (rel.startsWith('signboards/') && rel.endsWith('.svg')) || PRECOMPRESSED.test(rel);

/** Outfall pages: compressed by the record generator as it writes them (src/site/record-pages.ts). */
const PRECOMPRESSED = /^(?:ko\/)?outfalls\/[^/]+\/index\.html$/;

async function* walk(dir: string, rel = ''): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const r = rel + entry.name;
    if (entry.isDirectory()) yield* walk(p, `${r}/`);
    else if (COMPRESSIBLE.has(extname(entry.name)) && !skip(r)) yield p;
  }
}

/**
 * Brotli quality by size. Quality 5 compresses a 5 KB page 60× faster than 9 for 2 % more bytes;
 * assets of 100 KB–1 MB that every visitor of the map loads (map library, map data) get the
 * maximum, 11; multi-megabyte downloads (open data exports) get 9: on 4.1 MB of records JSON, 11
 * took 7.5 s for 162 KB and 9 took 0.28 s for 190 KB (measured), and at 100,000 records quality 11
 * on the exports alone would take minutes.
 */
export const brotliQuality = (bytes: number) => (bytes <= 100_000 ? 5 : bytes <= 1_000_000 ? 11 : 9);

/**
 * Writes `<file>.br` and `<file>.gz` of `data` (the file's content); resolves to the brotli size.
 * zlib runs on libuv's thread pool, so callers compress many files at once.
 */
export async function writeCompressed(file: string, data: Uint8Array): Promise<number> {
  const [br, gzData] = await Promise.all([
    brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality(data.length), [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    // gzip only serves the rare client without brotli: level 6 costs a third of level 9 for ~1 % more bytes.
    gz(data, { level: 6 }),
  ]);
  await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzData)]);
  return br.length;
}

/**
 * Writes `.br` and `.gz` next to every text file of the built site, so the server sends compressed
 * bytes without compressing per request (a phone on a weak network gets the smallest transfer, the
 * server spends no CPU). zlib runs on libuv's thread pool, so files are compressed in parallel.
 */
export async function precompressDir(dir: string, { minBytes = 512, concurrency = 16 } = {}): Promise<{ files: number; bytes: number; brBytes: number }> {
  const stats = { files: 0, bytes: 0, brBytes: 0 };
  const pending = new Set<Promise<void>>();
  for await (const file of walk(dir)) {
    const job = (async () => {
      const data = await readFile(file);
      if (data.length < minBytes) return;
      const br = await writeCompressed(file, data);
      stats.files++;
      stats.bytes += data.length;
      stats.brBytes += br;
    })();
    pending.add(job);
    job.finally(() => pending.delete(job));
    if (pending.size >= concurrency) await Promise.race(pending);
  }
  await Promise.all(pending);
  return stats;
}

/** Astro integration: precompress the client output after every build. */
export function precompress(): AstroIntegration {
  return {
    name: 'precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const t0 = performance.now();
        const s = await precompressDir(fileURLToPath(dir));
        logger.info(
          `${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB → ${(s.brBytes / 1e6).toFixed(1)} MB brotli in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      },
    },
  };
}
