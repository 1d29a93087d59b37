import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { countyLookup } from '../../src/kernel/geo/county-lookup.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import { OUTFALL_TYPES } from '../../src/records/classification.ts';
import { type OutfallRecord, outfallRecordSchema } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import {
  formatCoordinates,
  formatDate,
  formatOptionalDate,
  formatSignboard,
  formatTypePath,
  formatYesNo,
  orNone,
  orNotPublished,
  telHref,
} from '../../src/site/format.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * The built outfall disclosure pages, checked against the records store they were built from:
 * one page per published record, every field of the record shown in its rendered form, the
 * transfer budget, no client script, and the static location map's marker on the right spot.
 */

const portal = inject('portal');
const client = join(portal.siteDir, 'client');
let records: OutfallRecord[];

beforeAll(() => {
  records = readPortalDb(publishedRecords);
});

const pagePath = (code: string) => join(client, 'outfalls', code, 'index.html');
const readPage = (code: string) => readFileSync(pagePath(code), 'utf8');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' };
/** Text content of an HTML fragment. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (m, e: string) => ENTITIES[e] ?? m)
    .trim();

/** The page's dt → dd pairs (text), in document order. */
function facts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<dt>(.*?)<\/dt>\s*<dd[^>]*>(.*?)<\/dd>/gs)) out.set(text(m[1]!), text(m[2]!));
  return out;
}

// Expected forms written out independently of src/site/format.ts, so a formatting bug shows.
const NOT_PUBLISHED = '未公开';
const NONE = '无';
const chineseDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * Every leaf field of the record schema and how the page must show it: the dt label and the dd
 * text expected. `leafPaths` below proves this table covers the whole schema, so a new field
 * added to schema.ts without a place on the page fails this test.
 */
const FIELDS: { path: string; label: string; expected: (r: OutfallRecord) => string | RegExp }[] = [
  { path: 'code', label: t('outfall.code'), expected: (r) => r.code },
  { path: 'name', label: t('outfall.name'), expected: (r) => r.name },
  { path: 'type.level1Key', label: t('outfall.typeLevel1'), expected: (r) => OUTFALL_TYPES.find((n) => n.key === r.type.level1Key)!.name },
  { path: 'type.level1', label: t('outfall.typeLevel1'), expected: (r) => r.type.level1 },
  { path: 'type.level2', label: t('outfall.typeLevel2'), expected: (r) => r.type.level2 ?? NOT_PUBLISHED },
  { path: 'type.level3', label: t('outfallPage.typeLevel3'), expected: (r) => r.type.level3 ?? NOT_PUBLISHED },
  { path: 'cityName', label: t('outfall.city'), expected: (r) => r.cityName },
  { path: 'cityAdcode', label: t('outfall.city'), expected: (r) => r.cityName },
  { path: 'countyName', label: t('outfall.county'), expected: (r) => r.countyName },
  { path: 'countyAdcode', label: t('outfall.county'), expected: (r) => r.countyName },
  { path: 'lng', label: t('outfall.coordinates'), expected: (r) => new RegExp(`东经 ${r.lng.toFixed(5).replace('.', '\\.')}°`) },
  { path: 'lat', label: t('outfall.coordinates'), expected: (r) => new RegExp(`北纬 ${r.lat.toFixed(5).replace('.', '\\.')}°`) },
  { path: 'receivingWater.name', label: t('outfall.receivingWater'), expected: (r) => r.receivingWater.name },
  { path: 'receivingWater.functionZone', label: t('outfall.functionZone'), expected: (r) => r.receivingWater.functionZone ?? NOT_PUBLISHED },
  { path: 'receivingWater.qualityTarget', label: t('outfall.qualityTarget'), expected: (r) => r.receivingWater.qualityTarget ?? NOT_PUBLISHED },
  {
    path: 'receivingWater.system',
    label: t('outfall.waterSystem'),
    expected: (r) => (r.receivingWater.system ? `${r.receivingWater.system}水系（${r.receivingWater.basin}）` : NOT_PUBLISHED),
  },
  {
    path: 'receivingWater.basin',
    label: t('outfall.waterSystem'),
    expected: (r) => (r.receivingWater.basin ? `${r.receivingWater.system}水系（${r.receivingWater.basin}）` : NOT_PUBLISHED),
  },
  { path: 'dischargeMode', label: t('outfall.dischargeMode'), expected: (r) => r.dischargeMode ?? NOT_PUBLISHED },
  { path: 'dischargeChannel', label: t('outfall.dischargeChannel'), expected: (r) => r.dischargeChannel ?? NOT_PUBLISHED },
  { path: 'responsibleEntity.name', label: t('outfall.responsibleEntity'), expected: (r) => r.responsibleEntity.name },
  { path: 'responsibleEntity.creditCode', label: t('outfall.creditCode'), expected: (r) => r.responsibleEntity.creditCode ?? NOT_PUBLISHED },
  { path: 'supervisor.name', label: t('outfall.supervisor'), expected: (r) => r.supervisor.name },
  { path: 'supervisor.phone', label: t('outfall.supervisorPhone'), expected: (r) => r.supervisor.phone ?? NOT_PUBLISHED },
  { path: 'approval.number', label: t('outfall.approvalNumber'), expected: (r) => r.approval?.number ?? NONE },
  {
    path: 'approval.date',
    label: t('outfall.approvalDate'),
    expected: (r) => (r.approval ? (r.approval.date ? chineseDate(r.approval.date) : NOT_PUBLISHED) : NONE),
  },
  { path: 'remediation.route', label: t('outfall.remediationRoute'), expected: (r) => r.remediation.route ?? NONE },
  { path: 'remediation.status', label: t('outfall.remediationStatus'), expected: (r) => r.remediation.status },
  {
    path: 'remediation.deadline',
    label: t('outfall.remediationDeadline'),
    expected: (r) => (r.remediation.deadline ? chineseDate(r.remediation.deadline) : NOT_PUBLISHED),
  },
  { path: 'retained', label: t('outfall.retained'), expected: (r) => (r.retained ? '是' : '否') },
  { path: 'signboard', label: t('outfall.signboard'), expected: (r) => (r.signboard ? '已设置' : '未设置') },
  { path: 'monitoring.date', label: t('outfall.monitoringDate'), expected: (r) => (r.monitoring ? chineseDate(r.monitoring.date) : NOT_PUBLISHED) },
  { path: 'monitoring.result', label: t('outfall.monitoringResult'), expected: (r) => r.monitoring?.result ?? NOT_PUBLISHED },
  { path: 'updatedAt', label: t('outfall.updatedAt'), expected: (r) => chineseDate(r.updatedAt) },
];

/** Dotted paths of every leaf field of a zod object schema (optional wrappers unwrapped). */
function leafPaths(schema: z.ZodType, prefix = ''): string[] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodObject) return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** Whether the standard has a level 3 under this record's level-2 type (the page shows the row then). */
const hasLevel3Row = (r: OutfallRecord) =>
  r.type.level3 !== undefined ||
  Boolean(OUTFALL_TYPES.find((n) => n.key === r.type.level1Key)?.children?.find((n) => n.name === r.type.level2)?.children?.length);

describe('display helpers (src/site/format.ts)', () => {
  it.each([
    ['2025-03-01', '2025年3月1日'],
    ['2023-12-31', '2023年12月31日'],
    ['2024-02-29', '2024年2月29日'],
  ])('formatDate(%s) = %s', (iso, want) => expect(formatDate(iso)).toBe(want));

  it.each(['2025-3-1', '2025/03/01', '', '20250301'])('formatDate rejects %j', (bad) => expect(() => formatDate(bad)).toThrow(/YYYY-MM-DD/));

  it.each([
    [() => formatOptionalDate(undefined), '未公开'],
    [() => formatOptionalDate('2024-07-09'), '2024年7月9日'],
    [() => formatYesNo(true), '是'],
    [() => formatYesNo(false), '否'],
    [() => formatSignboard(true), '已设置'],
    [() => formatSignboard(false), '未设置'],
    [() => orNotPublished(undefined), '未公开'],
    [() => orNotPublished('  '), '未公开'],
    [() => orNotPublished('Ⅲ类'), 'Ⅲ类'],
    [() => orNone(undefined), '无'],
    [() => formatCoordinates(125.324512, 43.880126), '东经 125.32451°，北纬 43.88013°'],
    [
      () => formatTypePath({ level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口', level3: '矿山排污口' }),
      '工业排污口 › 工矿企业排污口 › 矿山排污口',
    ],
    [() => telHref('0431-8888 6666'), 'tel:043188886666'],
    [() => telHref('(0431) 88886666'), 'tel:043188886666'],
    [() => telHref('+86 431 8888 6666'), 'tel:+8643188886666'],
  ])('case %#', (fn, want) => expect(fn()).toBe(want));
});

describe('outfall pages', () => {
  it('the field table covers every field of the record schema', () => {
    expect(new Set(FIELDS.map((f) => f.path))).toEqual(new Set(leafPaths(outfallRecordSchema)));
  });

  it('every published record has a page, and there is no page without a record', () => {
    expect(records.length).toBeGreaterThan(100);
    const missing = records.filter((r) => !existsSync(pagePath(r.code))).map((r) => r.code);
    expect(missing).toEqual([]);
    const built = readdirSync(join(client, 'outfalls')).filter((d) => statSync(join(client, 'outfalls', d)).isDirectory());
    expect(built.sort()).toEqual(records.map((r) => r.code).sort());
  });

  it('shows every field of the record with its value from the records store (all pages)', () => {
    const problems: string[] = [];
    for (const r of records) {
      const html = readPage(r.code);
      const shown = facts(html);
      for (const f of FIELDS) {
        if (f.path === 'type.level3' && !hasLevel3Row(r)) continue;
        const got = shown.get(f.label);
        const want = f.expected(r);
        const ok = got !== undefined && (typeof want === 'string' ? got === want : want.test(got));
        if (!ok) problems.push(`${r.code} ${f.path} [${f.label}]: got ${JSON.stringify(got)}, want ${String(want)}`);
      }
      if (!html.includes(`href="/cities/${r.cityAdcode}/"`)) problems.push(`${r.code}: no link to its city page`);
      if (!html.includes(`href="/counties/${r.countyAdcode}/"`)) problems.push(`${r.code}: no link to its county page`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('the sample covers both present and absent optional fields', () => {
    // Otherwise the check above would never have seen 未公开 or 无 rendered.
    // (The demo generator always fills supervisor.phone and dischargeMode; those absent forms are
    // covered by the same FIELDS table whenever imported data lacks them.)
    const optional = [
      'receivingWater.functionZone',
      'receivingWater.qualityTarget',
      'responsibleEntity.creditCode',
      'approval',
      'remediation.route',
      'remediation.deadline',
      'monitoring',
      'type.level3',
    ];
    const get = (r: OutfallRecord, p: string) => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r);
    for (const p of optional) {
      expect(
        records.some((r) => get(r, p) === undefined),
        `${p} absent somewhere`,
      ).toBe(true);
      expect(
        records.some((r) => get(r, p) !== undefined),
        `${p} present somewhere`,
      ).toBe(true);
    }
  });

  it('links to the report form with the outfall, twice, and to its signboard and open data', () => {
    for (const r of records.slice(0, 50)) {
      const html = readPage(r.code);
      const report = `href="/report/?outfall=${encodeURIComponent(r.code)}"`;
      expect(html.split(report).length - 1, r.code).toBe(2);
      expect(html).toContain(`href="/signboards/${r.code}.svg"`);
      expect(html).toContain('href="/data/"');
      expect(html).toContain('href="tel:12369"');
      if (r.supervisor.phone) expect(html).toContain(`href="${telHref(r.supervisor.phone)}"`);
    }
  });

  it('ships no client script and no inline SVG', () => {
    const offenders = records.filter((r) => /<script|<svg/i.test(readPage(r.code))).map((r) => r.code);
    expect(offenders).toEqual([]);
  });

  it('marks demonstration data on the page', () => {
    expect(readPage(records[0]!.code)).toContain('class="demo-banner"');
  });

  it('stays under 30 KB transferred: HTML + every linked stylesheet, brotli as built', () => {
    const transferred = (rel: string) => {
      const file = join(client, rel);
      // precompress skips files under 512 bytes; those go out as they are.
      return existsSync(`${file}.br`) ? statSync(`${file}.br`).size : statSync(file).size;
    };
    const sizes = records.map((r) => {
      const html = readPage(r.code);
      const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
      expect(css.length, 'links a stylesheet').toBeGreaterThan(0);
      return {
        code: r.code,
        html: transferred(`outfalls/${r.code}/index.html`),
        css: css.reduce((sum, href) => sum + transferred(href.replace(/^\//, '')), 0),
      };
    });
    const totals = sizes.map((s) => s.html + s.css).sort((a, b) => a - b);
    const max = totals[totals.length - 1]!;
    const median = totals[Math.floor(totals.length / 2)]!;
    console.log(
      `outfall page transfer (brotli): HTML ${Math.min(...sizes.map((s) => s.html))}–${Math.max(...sizes.map((s) => s.html))} B + CSS ${sizes[0]!.css} B; total median ${median} B, max ${max} B over ${sizes.length} pages`,
    );
    expect(max).toBeLessThan(30 * 1024);
  });
});

describe('static location maps', () => {
  const BACKGROUND = [0xee, 0xf0, 0xea]; // land outside the county, see location-map.ts

  it('emits one small SVG per county, each referenced from its outfall pages with width and height', () => {
    const dir = join(client, 'maps', 'counties');
    const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(60);
    const brSizes = svgs.map((f) => statSync(join(dir, `${f}.br`)).size);
    console.log(`county map SVGs (brotli): max ${Math.max(...brSizes)} B, total ${brSizes.reduce((a, b) => a + b, 0)} B`);
    expect(Math.max(...brSizes)).toBeLessThan(8 * 1024);
    for (const r of records.slice(0, 30)) {
      expect(readPage(r.code)).toMatch(
        new RegExp(`<img src="/maps/counties/${r.countyAdcode}\\.svg" alt="[^"]+${r.countyName}[^"]*" width="600" height="\\d+"`),
      );
    }
  });

  it('puts the marker inside the county drawn on the map (rendered pixels)', async () => {
    const lookup = countyLookup();
    // Points well inside their county (≥ 1 km from any border), so simplification cannot matter.
    const inner = records.filter((r) => {
      const hit = lookup.locate(r.lng, r.lat, 1000);
      return hit?.county.adcode === r.countyAdcode && hit.nearBorder.length === 0;
    });
    expect(inner.length).toBeGreaterThan(records.length / 3);
    const rasters = new Map<string, { data: Buffer; width: number; height: number }>();
    const misplaced: string[] = [];
    for (const r of inner) {
      let raster = rasters.get(r.countyAdcode);
      if (!raster) {
        const { data, info } = await sharp(join(client, 'maps', 'counties', `${r.countyAdcode}.svg`))
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        raster = { data, width: info.width, height: info.height };
        rasters.set(r.countyAdcode, raster);
      }
      const m = /class="locmap-marker" style="left:([\d.]+)%;top:([\d.]+)%"/.exec(readPage(r.code));
      expect(m, r.code).not.toBeNull();
      const x = Math.min(raster.width - 1, Math.round((Number(m![1]) / 100) * raster.width));
      const y = Math.min(raster.height - 1, Math.round((Number(m![2]) / 100) * raster.height));
      const at = (y * raster.width + x) * 3;
      const px = [raster.data[at]!, raster.data[at + 1]!, raster.data[at + 2]!];
      if (px.every((v, i) => Math.abs(v - BACKGROUND[i]!) <= 4)) misplaced.push(`${r.code} at ${x},${y}`);
    }
    expect(misplaced).toEqual([]);
  });
});
