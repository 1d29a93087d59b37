import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';

/**
 * The 404 page, as reached by someone who scanned a signboard whose code is no longer published.
 */

const portal = inject('portal');
const OLD_CODE = 'ZZZ220102QQ9999';
let browser: Browser;
let record: OutfallRecord;

beforeAll(async () => {
  const db = buildDb(portal.dbPath, { readonly: true });
  record = publishedRecords(db)[0]!;
  db.$client.close();
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('404 page', () => {
  it('answers an outdated outfall code with 404 and a kind explanation, axe-clean', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const res = await page.goto(`${portal.url}/outfalls/${OLD_CODE}/`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe(t('notFound.title'));
    expect(await page.locator('main').textContent()).toContain('二维码');
    // Ways on: map, county index, 12369, report a wrong or missing signboard.
    expect(await page.locator('main a[href="/"]').count()).toBe(1);
    expect(await page.locator('main a[href="/counties/"]').count()).toBe(1);
    expect(await page.locator('main a[href="tel:12369"]').count()).toBe(1);
    expect(await page.locator('main a[href^="/report/"]').count()).toBe(1);
    // The code from the address is offered in the search box.
    expect(await page.getByLabel(t('notFound.search')).inputValue()).toBe(OLD_CODE);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('its search form lands on /search/?q=… and the search runs there', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/outfalls/${OLD_CODE}/`);
    const query = record.code.slice(0, 9).toLowerCase();
    await page.getByLabel(t('notFound.search')).fill(query);
    await page.getByLabel(t('notFound.search')).press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    expect(new URL(page.url()).pathname).toBe('/search/');
    expect(new URL(page.url()).searchParams.get('q')).toBe(query);
    await page.locator('#search-results').waitFor();
    expect(await page.locator(`#search-results a[href="/outfalls/${record.code}/"]`).count()).toBe(1);
    await ctx.close();
  });

  it('the form works without JavaScript too', async () => {
    const ctx = await newPhoneContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/no/such/page/`);
    await page.getByLabel(t('notFound.search')).fill('伊通河');
    await page.getByRole('button', { name: t('search.button') }).click();
    await page.waitForURL(/\/search\/\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('伊通河');
    // Without JS the search page says so and points to the county index.
    expect(await page.locator('main a[href="/counties/"]').count()).toBeGreaterThan(0);
    await ctx.close();
  });
});
