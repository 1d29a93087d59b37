import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import {
  buildSearchIndex,
  decodeSearchIndex,
  MATCH_RANK,
  normaliseCode,
  normaliseText,
  prepareIndex,
  type SearchIndex,
  searchRows,
} from '../../src/site/search-index.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';

/**
 * Search on the static site: the matcher (table-driven), the built index against the records
 * store and its size, and the page in real Chromium.
 */

const portal = inject('portal');
let records: OutfallRecord[];

beforeAll(() => {
  const db = buildDb(portal.dbPath, { readonly: true });
  records = publishedRecords(db);
  db.$client.close();
});

/** A hand-made record: only the fields the index reads matter here. */
function rec(code: string, name: string, water: string, entity: string, county = '南关区'): OutfallRecord {
  return {
    code,
    name,
    type: { level1Key: 'other', level1: '其他排口' },
    cityAdcode: '220100',
    cityName: '长春市',
    countyAdcode: '220102',
    countyName: county,
    lng: 125.3,
    lat: 43.8,
    receivingWater: { name: water },
    responsibleEntity: { name: entity },
    supervisor: { name: '长春市生态环境局南关区分局' },
    remediation: { status: '待整治' },
    retained: false,
    signboard: false,
    updatedAt: '2025-01-01',
  };
}

describe('matcher (src/site/search-index.ts)', () => {
  const fixture = [
    rec('YTH220102CY0003', '伊通河南关区工农大路雨洪排口', '伊通河', '南关区人民政府'),
    rec('YTH220102CY0031', '伊通河南关区某化工厂排污口', '伊通河', '长春某化工有限公司'),
    rec('XKH220104GQ0001', '新开河朝阳区长春某化工有限公司排污口', '新开河', '长春某化工有限公司', '朝阳区'),
    rec('JL-220112-NC-0001', '双阳河双阳区农村污水处理设施排污口', '双阳河', '双阳区鹿乡镇人民政府', '双阳区'),
  ];
  const rows = prepareIndex(buildSearchIndex(fixture, { demo: true, asOf: '2025-06-30' }));
  const codes = (q: string) => searchRows(rows, q).hits.map((h) => h.entry.code);

  it.each([
    ['exact code, lower case', 'yth220102cy0003', ['YTH220102CY0003']],
    ['full-width code with spaces', 'ＹＴＨ２２０１０２ ＣＹ００３１', ['YTH220102CY0031']],
    ['code without its hyphens', 'jl220112nc', ['JL-220112-NC-0001']],
    ['code with different separators', 'JL 220112—NC', ['JL-220112-NC-0001']],
    ['partial code in the middle', '220104gq', ['XKH220104GQ0001']],
    ['Chinese substring of the name', '工农大路', ['YTH220102CY0003']],
    ['receiving water', '伊通河', ['YTH220102CY0003', 'YTH220102CY0031']],
    ['responsible entity not in the name', '鹿乡镇', ['JL-220112-NC-0001']],
    ['entity with ideographic space', '长春某化工　有限公司', ['XKH220104GQ0001', 'YTH220102CY0031']],
    ['two words, each matching somewhere', '伊通河 化工', ['YTH220102CY0031']],
    ['nothing', '松花江', []],
    ['blank', '   ', []],
  ])('%s: %j', (_what, query, want) => expect(codes(query)).toEqual(want));

  it('ranks the exact code first, then code prefix, then names', () => {
    const hits = searchRows(rows, 'YTH220102CY0003').hits;
    expect(hits.map((h) => h.rank)).toEqual([MATCH_RANK.codeExact]);
    const prefix = searchRows(rows, 'yth220102cy000').hits;
    expect(prefix[0]!.entry.code).toBe('YTH220102CY0003');
    // A name match of an entity ranks below a name match.
    const entity = searchRows(rows, '长春某化工有限公司').hits;
    expect(entity.map((h) => [h.entry.code, h.rank])).toEqual([
      ['XKH220104GQ0001', MATCH_RANK.nameContains],
      ['YTH220102CY0031', MATCH_RANK.entityContains],
    ]);
  });

  it('limits the list but counts every match', () => {
    const r = searchRows(rows, '排', 1);
    expect(r.total).toBe(4);
    expect(r.hits.length).toBe(1);
  });

  it('normalises full-width characters, case and spaces', () => {
    expect(normaliseText(' 伊通河　ＡＢ１ ')).toBe('伊通河ab1');
    expect(normaliseCode('jl-220102 gy０１')).toBe('jl220102gy01');
  });
});

describe('the built index /search/index.json', () => {
  it('holds every published record exactly, and its size is measured', () => {
    const file = join(portal.siteDir, 'client', 'search', 'index.json');
    const index = JSON.parse(readFileSync(file, 'utf8')) as SearchIndex;
    expect(index.demo).toBe(true);
    const entries = decodeSearchIndex(index);
    const want = [...records]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((r) => ({
        code: r.code,
        name: r.name,
        water: r.receivingWater.name,
        entity: r.responsibleEntity.name,
        county: r.countyName,
        status: r.remediation.status,
      }));
    expect(entries).toEqual(want);
    const raw = statSync(file).size;
    const br = statSync(`${file}.br`).size;
    const perRecord = br / records.length;
    // Per-record cost falls as the index grows (more repetition for brotli), so this is an upper bound.
    console.log(
      `search index: ${records.length} records, ${raw} B raw, ${br} B brotli (${perRecord.toFixed(1)} B/record; linear estimate for 20,000: ≤ ${Math.round((perRecord * 20000) / 1024)} KB)`,
    );
    expect(perRecord).toBeLessThan(40);
  });
});

describe('search page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  async function search(page: Page, query: string) {
    await page.locator('#q').fill(query);
    // Wait for the answer to THIS query (the status keeps the previous one until then).
    await page.waitForFunction((q) => document.getElementById('search-status')?.dataset.query === q, query);
    expect(await page.locator('#search-status').textContent()).toMatch(/找到/);
    return {
      status: (await page.locator('#search-status').textContent()) ?? '',
      links: await page.locator('#search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    };
  }

  /** A substring of `r`'s field that few records share, so the record is within the first 50 results. */
  function rareSubstring(value: string, len: number, field: (x: OutfallRecord) => string): string {
    for (let i = 0; i + len <= value.length; i++) {
      const sub = value.slice(i, i + len);
      if (records.filter((x) => field(x).includes(sub) || x.name.includes(sub) || x.responsibleEntity.name.includes(sub)).length <= 10) return sub;
    }
    return value;
  }

  it('loads the index only when the visitor starts searching', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const fetched: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/search/index.json')) fetched.push(req.url());
    });
    await page.goto(`${portal.url}/search/`, { waitUntil: 'networkidle' });
    expect(fetched).toEqual([]);
    await page.locator('#q').focus();
    await page.waitForResponse((res) => res.url().includes('/search/index.json'));
    expect(fetched.length).toBe(1);
    await ctx.close();
  });

  it('finds a record by part of its name, by a lower-case partial code and by its receiving water; axe-clean', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/search/`);
    const r = records[Math.floor(records.length / 2)]!;
    const link = `/outfalls/${r.code}/`;

    const byName = await search(
      page,
      rareSubstring(r.name, 5, (x) => x.name),
    );
    expect(byName.links).toContain(link);

    const partialCode = r.code.slice(2, 11).toLowerCase();
    const byCode = await search(page, partialCode);
    expect(byCode.links).toContain(link);
    const exact = await search(page, r.code.toLowerCase());
    expect(exact.links[0]).toBe(link);

    // The receiving water with the fewest outfalls among those whose name no other water contains.
    const waters = [...new Set(records.map((x) => x.receivingWater.name))];
    const water = waters
      .filter((w) => !waters.some((o) => o !== w && o.includes(w)))
      .map((w) => ({ w, n: records.filter((x) => x.receivingWater.name === w).length }))
      .sort((a, b) => a.n - b.n)[0]!.w;
    const byWater = await search(page, water);
    const expected = records.filter((x) => x.receivingWater.name === water).map((x) => `/outfalls/${x.code}/`);
    for (const href of expected) expect(byWater.links).toContain(href);
    // The live region states the count of the list shown.
    expect(byWater.status).toContain(`找到 ${byWater.links.length} 个排污口`);
    expect(await page.locator('#search-status').getAttribute('role')).toBe('status');

    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('runs the query from ?q= on arrival and says when nothing matches', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const r = records[0]!;
    await page.goto(`${portal.url}/search/?q=${encodeURIComponent(r.code.toLowerCase())}`);
    expect(await page.locator('#q').inputValue()).toBe(r.code.toLowerCase());
    await page.locator(`#search-results a[href="/outfalls/${r.code}/"]`).waitFor();
    await page.locator('#q').fill('不存在的排污口名称');
    await page.locator('#search-status').filter({ hasText: '没有找到' }).waitFor();
    expect(await page.locator('#search-results').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('without JavaScript explains itself and links to the county index', async () => {
    const ctx = await newPhoneContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/search/?q=abc`);
    expect(await page.locator('main').textContent()).toContain('JavaScript');
    expect(await page.locator('main a[href="/counties/"]').count()).toBe(1);
    await ctx.close();
  });
});
