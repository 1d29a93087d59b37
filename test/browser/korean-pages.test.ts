import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { offersKorean } from '../../src/kernel/i18n/locales.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext, PHONE } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/** 延边's Korean pages on a phone in real Chromium: axe clean, no sideways scroll, the switch works. */

const portal = inject('portal');
let browser: Browser;
let code: string;
let county: string;

beforeAll(async () => {
  const r = readPortalDb(publishedRecords).find((x) => offersKorean(x.countyAdcode))!;
  code = r.code;
  county = r.countyAdcode;
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('Korean pages at a phone viewport', () => {
  it('have no axe violations and no horizontal page scroll', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    for (const path of ['/ko/cities/222400/', `/ko/counties/${county}/`, `/ko/outfalls/${code}/`]) {
      const res = await page.goto(portal.url + path);
      expect(res?.status(), path).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('ko');
      expect(await axeViolations(page), path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.viewport.width);
    }
    await ctx.close();
  });

  it('switch language both ways with a link big enough to tap, keeping the place', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/outfalls/${code}/`);
    const toKorean = page.locator('a.lang-switch');
    expect((await toKorean.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await toKorean.click();
    await page.waitForURL(`**/ko/outfalls/${code}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    await page.locator('a.lang-switch').click();
    await page.waitForURL((url) => url.pathname === `/outfalls/${code}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await ctx.close();
  });
});
