import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GROUP_BY_WATER_ABOVE } from '../../src/components/area/counts.ts';
import { allCounties } from '../../src/kernel/geo/admin.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext, PHONE } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * The county index, a city page and county pages on a phone (390×844) in real Chromium: no axe
 * violations, nothing wider than the screen, and the ways into a county list are big enough to tap.
 */

const portal = inject('portal');
let browser: Browser;
/** Adcodes chosen from the database: the city with the most outfalls, a county long enough to be grouped by water, one without outfalls if any. */
let bigCity: string;
let groupedCounty: string;
let emptyCounty: string | undefined;

beforeAll(async () => {
  const records: OutfallRecord[] = readPortalDb(publishedRecords);
  const byCity = Map.groupBy(records, (r) => r.cityAdcode);
  bigCity = [...byCity].reduce((a, b) => (b[1].length > a[1].length ? b : a))[0];
  const byCounty = Map.groupBy(records, (r) => r.countyAdcode);
  groupedCounty = [...byCounty].find(([, list]) => list.length > GROUP_BY_WATER_ABOVE)![0];
  emptyCounty = allCounties().find((c) => !byCounty.has(c.adcode))?.adcode;
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('city and county pages at a phone viewport', () => {
  it('have no axe violations and no horizontal page scroll', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const paths = ['/counties/', `/cities/${bigCity}/`, `/counties/${groupedCounty}/`, ...(emptyCounty ? [`/counties/${emptyCounty}/`] : [])];
    for (const path of paths) {
      const res = await page.goto(portal.url + path);
      expect(res?.status(), path).toBe(200);
      expect(await axeViolations(page), path).toEqual([]);
      // Wide tables scroll inside their own region; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.viewport.width);
    }
    await ctx.close();
  });

  it('fits a city page’s county table on the phone, each county link at least 44 px tall', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/cities/${bigCity}/`);
    const links = page.locator('table.county-status tbody th a');
    const want = allCounties().filter((c) => c.cityAdcode === bigCity).length;
    expect(await links.count()).toBe(want);
    for (const link of await links.all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // Names and five counts fit the phone's width: no sideways scrolling needed to read a row.
    const region = page.locator('.table-scroll', { has: page.locator('table.county-status') });
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await ctx.close();
  });
});
