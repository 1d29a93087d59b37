import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext, PHONE } from '../support/chromium.ts';

/**
 * The outfall disclosure page on a phone (390×844) in real Chromium: what a citizen sees after
 * scanning a signboard's QR code at the riverbank.
 */

const portal = inject('portal');
let browser: Browser;
let records: OutfallRecord[];
/** Worst case for "visible without scrolling": the longest name wraps the most lines. */
let longest: OutfallRecord;
/** A record with the most optional fields absent, so 未公开/无 rows are rendered. */
let sparse: OutfallRecord;

beforeAll(async () => {
  const db = buildDb(portal.dbPath, { readonly: true });
  records = publishedRecords(db);
  db.$client.close();
  longest = records.reduce((a, b) => (b.name.length > a.name.length ? b : a));
  sparse = records.reduce((a, b) => (JSON.stringify(b).length < JSON.stringify(a).length ? b : a));
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

const url = (r: OutfallRecord) => `${portal.url}/outfalls/${r.code}/`;

describe('outfall page at a phone viewport', () => {
  it('shows the report button without scrolling, at least 44 px tall, linking to the form with this outfall', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(url(longest));
    const buttons = page.getByRole('link', { name: '举报此排污口' });
    expect(await buttons.count()).toBe(2);
    const first = buttons.first();
    const box = (await first.boundingBox())!;
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.viewport.height);
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(PHONE.viewport.width * 0.8);
    expect(await first.getAttribute('href')).toBe(`/report/?outfall=${encodeURIComponent(longest.code)}`);
    await ctx.close();
  });

  it('makes the supervising department and 12369 tappable tel: links of at least 44 px', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const withPhone = records.find((r) => r.supervisor.phone)!;
    await page.goto(url(withPhone));
    const hotline = page.locator('main a[href="tel:12369"]');
    expect(await hotline.count()).toBe(1);
    const phone = page.getByRole('link', { name: withPhone.supervisor.phone! });
    const href = await phone.getAttribute('href');
    expect(href).toMatch(/^tel:\+?\d+$/);
    expect(href!.replace('tel:', '')).toBe(withPhone.supervisor.phone!.replace(/\D/g, ''));
    for (const link of [hotline, phone]) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // No phone number on the page is left as plain text: every digit run of 7+ digits that looks
    // like a number in the "who" section is inside a tel: link.
    const plain = await page.evaluate(() =>
      [...document.querySelectorAll('dd')]
        .filter((dd) => /\d{3,4}-?\d{7,8}|^12369$/.test(dd.textContent ?? '') && !dd.querySelector('a[href^="tel:"]'))
        .map((dd) => dd.textContent),
    );
    expect(plain).toEqual([]);
    await ctx.close();
  });

  it('has no axe violations (a full record and a sparse one)', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    for (const r of [longest, sparse]) {
      await page.goto(url(r));
      expect(await axeViolations(page), r.code).toEqual([]);
    }
    await ctx.close();
  });

  it('shows the static county map with the marker over it', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const svgRequests: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('.svg')) svgRequests.push(new URL(req.url()).pathname);
    });
    await page.goto(url(longest));
    const img = page.locator('figure.locmap img');
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector('figure.locmap img') as HTMLImageElement | null)?.complete === true);
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    expect(await img.getAttribute('alt')).toContain(longest.countyName);
    expect(svgRequests).toContain(`/maps/counties/${longest.countyAdcode}.svg`);
    const imgBox = (await img.boundingBox())!;
    const marker = (await page.locator('.locmap-marker').boundingBox())!;
    const cx = marker.x + marker.width / 2;
    const cy = marker.y + marker.height / 2;
    expect(cx).toBeGreaterThanOrEqual(imgBox.x);
    expect(cx).toBeLessThanOrEqual(imgBox.x + imgBox.width);
    expect(cy).toBeGreaterThanOrEqual(imgBox.y);
    expect(cy).toBeLessThanOrEqual(imgBox.y + imgBox.height);
    await ctx.close();
  });

  it('works with JavaScript turned off and runs no script at all', async () => {
    const ctx = await newPhoneContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('request', (req) => {
      if (req.resourceType() === 'script') scripts.push(req.url());
    });
    await page.goto(url(sparse));
    expect(await page.locator('h1').textContent()).toBe(sparse.name);
    expect(await page.locator('dd', { hasText: '未公开' }).count()).toBeGreaterThan(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(scripts).toEqual([]);
    await ctx.close();
  });
});
