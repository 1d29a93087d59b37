import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { distanceM } from '../../src/kernel/geo/distance.ts';
import { type OutfallRecord, STATUS_KEYS } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * The home page map in real Chromium (WebGL2 through SwiftShader) on a phone: clusters render,
 * filters drive the list, the map and the URL (and a reload restores them), near-me with the
 * location granted and denied, keyboard use, and axe.
 */

const portal = inject('portal');
let browser: Browser;
let records: OutfallRecord[];

beforeAll(async () => {
  records = readPortalDb(publishedRecords);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

interface MapHandle {
  getZoom(): number;
  getCenter(): { lng: number; lat: number };
  isMoving(): boolean;
  queryRenderedFeatures(o: { layers: string[] }): { properties: Record<string, number | boolean> }[];
  getFilter(id: string): unknown;
}
declare global {
  interface Window {
    __outfallMap: MapHandle;
  }
}

async function openMap(ctx: BrowserContext, query = ''): Promise<Page> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${portal.url}/${query}`);
  await page.waitForSelector('#map[data-ready="true"]', { state: 'attached', timeout: 45_000 });
  expect(errors).toEqual([]);
  return page;
}

const countText = (n: number) => `符合条件的排污口：${n} 个`;
const listCodes = (page: Page) => page.$$eval('#outfall-list li[data-code]', (lis) => lis.map((li) => (li as HTMLElement).dataset.code!));
const settled = (page: Page) => page.waitForFunction(() => !window.__outfallMap.isMoving(), undefined, { timeout: 20_000 });

/** Outfalls in view as the map draws them: each cluster counts its points. */
function renderedTotal(page: Page) {
  return page.evaluate(() => {
    const map = window.__outfallMap;
    const clusters = new Map<number, number>();
    for (const f of map.queryRenderedFeatures({ layers: ['outfall-clusters'] }))
      clusters.set(f.properties.cluster_id as number, f.properties.point_count as number);
    const points = new Set(map.queryRenderedFeatures({ layers: ['outfall-points'] }).map((f) => f.properties.i as number));
    return { clusters: clusters.size, total: [...clusters.values()].reduce((a, b) => a + b, 0) + points.size };
  });
}

describe('home page map', () => {
  it('loads, draws every outfall in clusters with counts, and lists them', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await openMap(ctx);
    const drawn = await renderedTotal(page);
    expect(drawn.clusters).toBeGreaterThan(0);
    expect(drawn.total).toBe(records.length);
    expect(await page.getAttribute('#map', 'data-points')).toBe(String(records.length));
    // Cluster counts are drawn with the self-hosted digit glyphs.
    const counts = await page.evaluate(() => window.__outfallMap.queryRenderedFeatures({ layers: ['outfall-cluster-count'] }).length);
    expect(counts).toBe(drawn.clusters);
    await expect.poll(() => page.textContent('#map-count'), { timeout: 15_000 }).toBe(countText(records.length));
    expect(await listCodes(page)).toHaveLength(Math.min(50, records.length));
    expect(await page.textContent('#list-more')).toBe(`显示更多（还有 ${records.length - 50} 个）`);
    await page.click('#list-more');
    expect(await listCodes(page)).toHaveLength(Math.min(100, records.length));
    await ctx.close();
  });

  it('filters change the list, the map and the URL, and a reload restores them', async () => {
    // The county with most outfalls, its most common status, and its types but one.
    const tally = <T>(xs: T[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>())].sort((a, b) => b[1] - a[1]);
    const county = tally(records.map((r) => r.countyAdcode))[0]![0];
    const inCounty = records.filter((r) => r.countyAdcode === county);
    const status = tally(inCounty.map((r) => r.remediation.status))[0]![0];
    const dropped = 'other';
    const expected = inCounty
      .filter((r) => r.remediation.status === status && r.type.level1Key !== dropped)
      .map((r) => r.code)
      .sort();
    expect(expected.length).toBeGreaterThan(0);

    const ctx = await newPhoneContext(browser);
    const page = await openMap(ctx);
    await page.selectOption('select[name="area"]', county);
    await page.selectOption('select[name="status"]', STATUS_KEYS[status]);
    await page.uncheck(`input[name="type"][value="${dropped}"]`);
    await expect.poll(() => page.textContent('#map-count'), { timeout: 15_000 }).toBe(countText(expected.length));
    expect((await listCodes(page)).sort()).toEqual(expected.slice(0, 50));
    expect(await page.getAttribute('#map', 'data-points')).toBe(String(expected.length));
    await settled(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('area')).toBe(county);
    expect(url.searchParams.get('status')).toBe(STATUS_KEYS[status]);
    expect(url.searchParams.getAll('type')).toEqual(['industrial', 'municipal', 'agricultural']);

    // A shared link: a fresh page at that URL shows the same filtered view.
    const again = await openMap(ctx, url.search);
    await expect.poll(() => again.textContent('#map-count'), { timeout: 15_000 }).toBe(countText(expected.length));
    expect(await again.inputValue('select[name="area"]')).toBe(county);
    expect(await again.inputValue('select[name="status"]')).toBe(STATUS_KEYS[status]);
    expect(await again.isChecked(`input[name="type"][value="${dropped}"]`)).toBe(false);
    expect((await listCodes(again)).sort()).toEqual(expected.slice(0, 50));
    expect(await again.getAttribute('#map', 'data-points')).toBe(String(expected.length));

    // Clearing restores everything and the bare URL.
    await again.click('button[type="reset"]');
    await expect.poll(() => again.textContent('#map-count'), { timeout: 15_000 }).toBe(countText(records.length));
    expect(new URL(again.url()).search).toBe('');
    await ctx.close();
  });

  it('near me, location granted: the outfall where the visitor stands comes first and the map centres there', async () => {
    // An outfall with no other within 300 m, so "nearest" is unambiguous.
    const here = records.find((r) => records.every((o) => o === r || distanceM(r, o) > 300))!;
    const ctx = await newPhoneContext(browser, { geolocation: { latitude: here.lat, longitude: here.lng, accuracy: 20 }, permissions: ['geolocation'] });
    const page = await openMap(ctx);
    await page.click('#near-me');
    await expect.poll(async () => (await listCodes(page))[0], { timeout: 15_000 }).toBe(here.code);
    const first = page.locator('#outfall-list li').first();
    expect(await first.locator('.outfall-distance').textContent()).toBe('距您 10 米');
    const second = await page.locator('#outfall-list li').nth(1).locator('.outfall-distance').textContent();
    expect(second).toMatch(/^距您 [\d.]+ (米|公里)$/);
    expect(await page.textContent('#near-status')).toContain('已按与您的距离由近到远排列');
    expect(await page.getAttribute('#near-me', 'aria-pressed')).toBe('true');
    await settled(page);
    const c = await page.evaluate(() => window.__outfallMap.getCenter());
    expect(distanceM(c, here)).toBeLessThan(50);
    await ctx.close();
  });

  it('near me, location denied: a clear message says what to do', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await openMap(ctx);
    await page.click('#near-me');
    await expect.poll(() => page.textContent('#near-status'), { timeout: 15_000 }).toContain('没有得到使用位置的许可');
    const text = (await page.textContent('#near-status'))!;
    expect(text).toContain('允许本网站使用位置信息');
    expect(text).toContain('拖动、缩放地图');
    expect(await page.getAttribute('#near-status a', 'href')).toBe('/search/');
    // The list keeps its usual order.
    expect(await page.textContent('#list-order')).toBe('按所在地区排列。');
    await ctx.close();
  });

  it('works by keyboard: tab to the map, zoom with +, select through the list, card, and Enter on the map', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await openMap(ctx);
    let onCanvas = false;
    for (let i = 0; i < 80 && !onCanvas; i++) {
      await page.keyboard.press('Tab');
      onCanvas = await page.evaluate(() => document.activeElement?.classList.contains('maplibregl-canvas') ?? false);
    }
    expect(onCanvas).toBe(true);
    const before = await page.evaluate(() => window.__outfallMap.getZoom());
    await page.keyboard.press('+');
    await expect.poll(() => page.evaluate(() => window.__outfallMap.getZoom()), { timeout: 15_000 }).toBeGreaterThan(before + 0.5);

    // The list's "show on map" button: card with the outfall, focus on it, map on the point.
    const firstCode = (await listCodes(page))[0]!;
    const r = records.find((x) => x.code === firstCode)!;
    await page.locator('#outfall-list li').first().locator('button.map-show').focus();
    await page.keyboard.press('Enter');
    expect(await page.isVisible('#map-card')).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('map-card');
    expect(await page.textContent('#map-card-name')).toBe(r.name);
    expect(await page.getAttribute('#map-card-link', 'href')).toBe(`/outfalls/${r.code}/`);
    expect(await page.getAttribute('#map-card-report', 'href')).toBe(`/report/?outfall=${r.code}`);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('map-card-link');
    await settled(page);
    const c = await page.evaluate(() => window.__outfallMap.getCenter());
    expect(distanceM(c, r)).toBeLessThan(5);

    // Close returns focus to the list entry; Enter on the map picks the point at its centre.
    await page.click('#map-card-close');
    expect(await page.isVisible('#map-card')).toBe(false);
    await page.focus('#map canvas');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#map-card-code'), { timeout: 15_000 }).toBe(r.code);
    expect(await page.isVisible('#map-card')).toBe(true);
    await ctx.close();
  });

  it('has no axe violations, with the map loaded and a card open', async () => {
    // axe is injected as an inline script, which the site's Content-Security-Policy forbids; the
    // other tests here run under that policy, so the map is known to work with it.
    const ctx = await newPhoneContext(browser, { bypassCSP: true });
    const page = await openMap(ctx);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#outfall-list li').first().locator('button.map-show').click();
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });
});
