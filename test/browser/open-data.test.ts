import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { currentDataset, publishedRecords } from '../../src/records/store.ts';
import { dictionaryFields } from '../../src/site/exports/dictionary.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * /data/ in real Chromium at a phone viewport: no axe violations, every download link answers with
 * its file, the dictionary table lists every field, and the footer's #sources link lands on the
 * sources section.
 */

const portal = inject('portal');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newPhoneContext(browser)).newPage();
  await page.goto(`${portal.url}/data/`);
});
afterAll(async () => browser?.close());

describe('open data page at a phone viewport', () => {
  it('has no axe violations, with the change-log details open too', async () => {
    expect(await axeViolations(page)).toEqual([]);
    await page.$$eval('details', (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('every download link answers 200 with the records', async () => {
    const { count, demo } = readPortalDb((db) => ({ count: publishedRecords(db).length, demo: currentDataset(db)!.demo }));
    const links = await page.$$eval('[data-download] a', (as) =>
      as.map((a) => ({ href: (a as HTMLAnchorElement).href, download: a.getAttribute('download') })),
    );
    expect(links.map((l) => new URL(l.href).pathname)).toEqual(['/data/outfalls.csv', '/data/outfalls.geojson', '/data/outfalls.json', '/data/changes.csv']);
    for (const l of links) {
      const res = await page.request.get(l.href);
      expect(res.status(), l.href).toBe(200);
      expect(l.download!.includes('-demo')).toBe(demo);
    }
    const json = await (await page.request.get(`${portal.url}/data/outfalls.json`)).json();
    expect(json.records).toHaveLength(count);
  });

  it('the dictionary table has a row per schema field', async () => {
    const rows = await page.$$eval('table.dictionary tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-field')));
    expect(rows).toEqual(dictionaryFields().map((f) => f.path));
  });

  it('the footer link lands on the sources section', async () => {
    await page.click('.site-footer a[href$="/data/#sources"]');
    await page.waitForURL(/#sources$/);
    const top = await page.$eval('#sources', (h) => h.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(50);
  });
});
