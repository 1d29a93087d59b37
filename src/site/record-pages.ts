import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { loadConfig } from '../kernel/config.ts';
import { buildDb, type Db } from '../kernel/db/client.ts';
import { countyByAdcode } from '../kernel/geo/admin.ts';
import { offersKorean } from '../kernel/i18n/locales.ts';
import { currentDataset } from '../kernel/published/read.ts';
import { allOutfallReportCounts } from '../kernel/report/stats/outfalls.ts';
import type { OutfallRecord } from '../records/schema.ts';
import { escapeHtml } from './outfall-page/html.ts';
import { LAYOUT_CODE, LAYOUT_CODE_BILINGUAL, LAYOUT_MARKS } from './outfall-page/layout-marks.ts';
import { type OutfallPageContext, outfallArticle, outfallHead, outfallPageContext } from './outfall-page/sections.ts';
import { writeCompressed } from './precompress.ts';
import { countyZipOfBoards, signboardSvg } from './signboard.ts';

/**
 * The per-record outputs of the site generated outside Astro's prerender loop: the outfall pages
 * (Chinese, and Korean for 延边), one signboard SVG per published record and one signboard ZIP per
 * county, the pages precompressed as they are written. Records are streamed from the records store county by county (never all in memory); each
 * board is rendered once and its bytes go both to its file and to the county's ZIP (Astro rendered
 * every board twice, once per route). Astro renders the pages' layout once per variant with
 * placeholders (src/pages/outfalls/[code].astro); the article comes from the section renderers of
 * src/site/outfall-page/sections.ts. Measured in bench/site-build.ts.
 */

/** A layout rendered with LAYOUT_MARKS, filled per record. */
export interface PageLayout {
  fill(code: string, title: string, description: string, main: string): string;
}

const CODE_MARK = new RegExp(`${LAYOUT_CODE_BILINGUAL}|${LAYOUT_CODE}`, 'g');

/**
 * The layout of a page from its rendering with placeholders; fails when a placeholder is missing.
 *
 * @example pageLayout(html).fill('GB2201…', '名称', '描述', '<article>…</article>')
 */
export function pageLayout(html: string): PageLayout {
  for (const mark of Object.values(LAYOUT_MARKS))
    if (html.split(mark).length !== 2) throw new Error(`Outfall page layout: placeholder ${mark} must appear exactly once`);
  return {
    fill: (code, title, description, main) =>
      html
        .replace(LAYOUT_MARKS.title, () => escapeHtml(title))
        .replace(LAYOUT_MARKS.description, () => escapeHtml(description))
        .replace(CODE_MARK, () => code)
        .replace(LAYOUT_MARKS.main, () => main),
  };
}

/** The three layouts Astro rendered (Chinese only; Chinese and Korean of a bilingual outfall). */
function readLayouts(clientDir: string) {
  const file = (prefix: string, code: string) => join(clientDir, prefix, 'outfalls', code, 'index.html');
  const files = { zh: file('', LAYOUT_CODE), zhBilingual: file('', LAYOUT_CODE_BILINGUAL), ko: file('ko', LAYOUT_CODE_BILINGUAL) };
  const layouts = {
    zh: pageLayout(readFileSync(files.zh, 'utf8')),
    zhBilingual: pageLayout(readFileSync(files.zhBilingual, 'utf8')),
    ko: pageLayout(readFileSync(files.ko, 'utf8')),
  };
  const remove = () => {
    for (const f of Object.values(files)) rmSync(dirname(f), { recursive: true, force: true });
  };
  return { layouts, remove };
}

/** Every published record, county by county and by code within a county, read one row at a time. */
export function* streamRecordsByCounty(db: Db): Generator<OutfallRecord> {
  const rows = db.$client.prepare('SELECT record FROM outfalls ORDER BY county_adcode, code').raw().iterate() as IterableIterator<[string]>;
  for (const [json] of rows) yield JSON.parse(json) as OutfallRecord;
}

/** What generateRecordOutputs wrote. */
export interface RecordOutputs {
  pages: number;
  signboards: number;
  counties: number;
}

/**
 * Writes the outfall pages (`outfalls/<code>/index.html`, `ko/outfalls/<code>/index.html`), the
 * signboards (`signboards/<code>.svg`) and county ZIPs (`signboards/county/<adcode>.zip`) into
 * `clientDir` (the built site) from the records store at `databasePath`, with the layouts Astro
 * rendered there (removed afterwards).
 */
export async function generateRecordOutputs(
  clientDir: string,
  options: { databasePath: string; base: string; publicBaseUrl: string; now?: Date },
): Promise<RecordOutputs> {
  const { layouts, remove } = readLayouts(clientDir);
  const db = buildDb(options.databasePath, { readonly: true });
  const out: RecordOutputs = { pages: 0, signboards: 0, counties: 0 };
  try {
    const dataset = currentDataset(db);
    const demo = dataset?.demo === true;
    const now = options.now ?? new Date();
    const asOf = dataset?.asOf ?? now.toISOString().slice(0, 10);
    const shared = { base: options.base, reportCounts: allOutfallReportCounts(db), asOf: new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10) };
    const zhContext = outfallPageContext('zh-CN', shared);
    const koContext = outfallPageContext('ko', shared);
    let compressing: Promise<number>[] = [];
    const writePage = (r: OutfallRecord, prefix: string, layout: PageLayout, ctx: OutfallPageContext) => {
      const head = outfallHead(r, ctx);
      const file = join(clientDir, prefix, 'outfalls', r.code, 'index.html');
      mkdirSync(dirname(file), { recursive: true });
      const html = Buffer.from(layout.fill(r.code, head.title, head.description, outfallArticle(r, ctx)));
      writeFileSync(file, html);
      // Compressed on the thread pool while the next records render.
      compressing.push(writeCompressed(file, html));
      out.pages++;
    };
    const boardOptions = { publicBaseUrl: options.publicBaseUrl, demo };
    mkdirSync(join(clientDir, 'signboards', 'county'), { recursive: true });
    const encoder = new TextEncoder();
    let county: string | undefined;
    let countyName = '';
    let boards: { code: string; svg: Uint8Array }[] = [];
    const flushCounty = () => {
      if (county === undefined) return;
      writeFileSync(join(clientDir, 'signboards', 'county', `${county}.zip`), countyZipOfBoards(boards, { ...boardOptions, asOf, countyName }));
      out.counties++;
      boards = [];
    };
    for (const r of streamRecordsByCounty(db)) {
      if (r.countyAdcode !== county) {
        flushCounty();
        county = r.countyAdcode;
        countyName = countyByAdcode(county)?.name ?? r.countyName;
      }
      const bilingual = offersKorean(r.countyAdcode);
      writePage(r, '', bilingual ? layouts.zhBilingual : layouts.zh, zhContext);
      if (bilingual) writePage(r, 'ko', layouts.ko, koContext);
      const svg = encoder.encode(signboardSvg(r, boardOptions));
      writeFileSync(join(clientDir, 'signboards', `${r.code}.svg`), svg);
      boards.push({ code: r.code, svg });
      if (compressing.length >= 32) {
        await Promise.all(compressing);
        compressing = [];
      }
      out.signboards++;
    }
    flushCounty();
    await Promise.all(compressing);
  } finally {
    db.$client.close();
  }
  remove();
  return out;
}

/** Astro integration: writes the per-record outputs after Astro's own pages (before precompression). */
export function recordPages(): AstroIntegration {
  let base = '';
  return {
    name: 'record-pages',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.replace(/\/$/, '');
      },
      'astro:build:done': async ({ dir, logger }) => {
        const t0 = performance.now();
        const { DATABASE_PATH, PUBLIC_BASE_URL } = loadConfig();
        const s = await generateRecordOutputs(fileURLToPath(dir), { databasePath: DATABASE_PATH, base, publicBaseUrl: PUBLIC_BASE_URL });
        logger.info(`${s.pages} outfall pages, ${s.signboards} signboards, ${s.counties} county ZIPs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      },
    },
  };
}
