import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { t } from '../../src/kernel/i18n/index.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * Reporting and tracking with JavaScript switched off, on a phone, against the real server: the
 * form posts itself (multipart, with its one-time token), the answer is a server-rendered receipt,
 * a refused post comes back with what was typed and the problem next to its field, and the report
 * is looked up by a POSTed number and code (never in a URL).
 */

const portal = inject('portal');
let browser: Browser;
let records: OutfallRecord[];

beforeAll(async () => {
  records = readPortalDb(publishedRecords);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

function reportsWith(description: string): { id: number; tracking_number: string; outfall_code: string | null; photos: number }[] {
  return readPortalDb(
    (db) =>
      db.$client
        .prepare(
          'SELECT r.id, r.tracking_number, r.outfall_code, (SELECT count(*) FROM report_photos p WHERE p.report_id = r.id) AS photos FROM reports r WHERE r.description = ?',
        )
        .all(description) as { id: number; tracking_number: string; outfall_code: string | null; photos: number }[],
  );
}

/**
 * axe needs script, which this context has not: the page as the no-JS browser got it is served
 * again, byte for byte, to a context with script (the portal's own scripts blocked, so nothing
 * hydrates) and checked there, with the site's real stylesheets.
 */
async function axeAsRendered(page: Page): Promise<string[]> {
  const html = await page.content();
  const url = page.url();
  const ctx = await newPhoneContext(browser);
  await ctx.route('**/*', (route) => {
    const req = route.request();
    if (req.resourceType() === 'document' && req.url() === url) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
    if (req.resourceType() === 'script') return route.abort();
    return route.continue();
  });
  const copy = await ctx.newPage();
  await copy.goto(url);
  const violations = await axeViolations(copy);
  await ctx.close();
  return violations;
}

async function noJsPage(): Promise<Page> {
  const ctx = await newPhoneContext(browser, { javaScriptEnabled: false });
  return ctx.newPage();
}

const photo = () =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background: '#557755' } })
    .jpeg()
    .toBuffer();

describe('the report form without JavaScript', () => {
  it('is served fresh for every request (its own token, never cached) and compressed', async () => {
    const tokenOf = async () => {
      const res = await fetch(`${portal.url}/report/`, { headers: { 'Accept-Encoding': 'br' } });
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cache-control')).toBe('no-store');
      return /name="formToken" value="([0-9a-f-]{36})"/.exec(await res.text())?.[1];
    };
    const [a, b] = [await tokenOf(), await tokenOf()];
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
  });

  it('posts a report with a photo and answers with the receipt; tracking by POST shows status and the statutory dates', async () => {
    const page = await noJsPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    await page.goto(`${portal.url}/report/`);
    expect(await page.locator('form.rf-form[method="post"][enctype="multipart/form-data"]').count()).toBe(1);
    // Every control works before (and without) script; what needs script is not offered.
    expect(await page.locator('.rf-form :disabled').count()).toBe(0);
    expect(await page.getByRole('button', { name: t('reportForm.location.gps') }).count()).toBe(0);
    expect(await page.locator('noscript').count()).toBe(0);
    expect(await page.locator('.rf-urgent a[href="tel:12369"]').count()).toBe(1);
    expect(await axeAsRendered(page)).toEqual([]);

    const description = `无脚本举报：排口在排灰色污水。${Date.now()}`;
    const outfall = records[7]!;
    await page.fill('#rf-lat', String(outfall.lat));
    await page.fill('#rf-lng', String(outfall.lng));
    await page.locator('label[for="rf-category-illegal_discharge"]').click();
    await page.fill('#rf-description', description);
    await page.setInputFiles('#rf-photos', { name: 'river.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.fill('#rf-contactName', '王女士');
    await page.locator('button.rf-submit').click();

    const number = page.locator('[data-testid="tracking-number"]');
    await number.waitFor();
    const trackingNumber = (await number.textContent())!.trim();
    const queryCode = (await page.locator('[data-testid="query-code"]').textContent())!.trim();
    expect(trackingNumber).toMatch(/^JL\d{4}-\d{6,}$/);
    expect(queryCode).toMatch(/^[2-9A-Z]{8}$/);
    expect(await page.locator('.bureau-card a[href^="tel:"]').count()).toBe(2);
    expect(await axeAsRendered(page)).toEqual([]);
    const stored = reportsWith(description);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ tracking_number: trackingNumber, photos: 1 });

    // Going back to the form and sending it again does not make a second report.
    await page.goBack();
    await page.locator('button.rf-submit').waitFor();
    await page.locator('button.rf-submit').click();
    await page.waitForLoadState('load');
    if (await number.count()) expect((await number.textContent())!.trim()).toBe(trackingNumber);
    expect(reportsWith(description)).toHaveLength(1);

    // Track: the receipt's button posts number and code; the code is in no URL.
    await page.goto(`${portal.url}/track/`);
    await page.fill('#tr-number', trackingNumber);
    await page.fill('#tr-code', queryCode.toLowerCase());
    await page.getByRole('button', { name: t('track.submit') }).click();
    await page.locator('.tr-status').waitFor();
    await expect(page.locator('.tr-status').textContent()).resolves.toBe(t('report.status.received'));
    await expect(page.locator('.tr-deadlines [data-kind="acceptance"] dt').textContent()).resolves.toBe(t('track.deadline.acceptance'));
    await expect(page.locator('.tr-deadlines [data-kind="conclusion"] dd').textContent()).resolves.toContain(t('track.deadline.open'));
    expect(await page.locator('.tr-timeline li').count()).toBeGreaterThanOrEqual(1);
    expect(await axeAsRendered(page)).toEqual([]);
    expect(requests.filter((r) => r.includes(queryCode) || r.includes(queryCode.toLowerCase()))).toEqual([]);
    await page.context().close();
  });

  it('shows a refused report again with what was typed and the problem at its field', async () => {
    const page = await noJsPage();
    await page.goto(`${portal.url}/report/`);
    // A point in Liaoning: the server refuses it (422) and names 12369.
    await page.fill('#rf-lat', '41.80');
    await page.fill('#rf-lng', '123.40');
    await page.locator('label[for="rf-category-other"]').click();
    await page.fill('#rf-description', '河边有一根管子在排水，颜色发黄。');
    await page.setInputFiles('#rf-photos', { name: 'p.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.locator('button.rf-submit').click();
    await page.locator('#rf-lat-error').waitFor();
    await expect(page.locator('#rf-lat-error').textContent()).resolves.toContain('12369');
    expect(await page.locator('#rf-lat-error a[href="tel:12369"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.inputValue('#rf-description')).toBe('河边有一根管子在排水，颜色发黄。');
    expect(await page.inputValue('#rf-lat')).toBe('41.80');
    expect(await page.locator('#rf-category-other').isChecked()).toBe(true);
    await expect(page.locator('.rf-notice').textContent()).resolves.toContain(t('reportForm.answer.photosAgain'));
    expect(await axeAsRendered(page)).toEqual([]);
    expect(reportsWith('河边有一根管子在排水，颜色发黄。')).toHaveLength(0);
    await page.context().close();
  });

  it("reports an outfall from its page's link (?outfall=) without typing a point", async () => {
    const outfall = records[records.length - 9]!;
    const page = await noJsPage();
    await page.goto(`${portal.url}/report/?outfall=${encodeURIComponent(outfall.code)}`);
    await expect(page.locator('.rf-preselected').textContent()).resolves.toContain(outfall.name);
    expect(Number(await page.inputValue('#rf-lat'))).toBeCloseTo(outfall.lat, 5);
    expect(await page.locator(`#rf-outfall-${outfall.code}`).isChecked()).toBe(true);
    const description = `标识牌倒了，看不清编码。${Date.now()}`;
    await page.locator('label[for="rf-category-signboard"]').click();
    await page.fill('#rf-description', description);
    await page.locator('button.rf-submit').click();
    await page.locator('[data-testid="tracking-number"]').waitFor();
    expect(reportsWith(description)).toEqual([expect.objectContaining({ outfall_code: outfall.code })]);
    await page.context().close();
  });

  it('answers a wrong code with the same sentence as an unknown number', async () => {
    const page = await noJsPage();
    await page.goto(`${portal.url}/track/`);
    await page.fill('#tr-number', 'JL2026-987654');
    await page.fill('#tr-code', 'ABCDEFGH');
    await page.getByRole('button', { name: t('track.submit') }).click();
    await page.locator('.rf-error').waitFor();
    await expect(page.locator('.rf-error').textContent()).resolves.toBe(t('track.notFound'));
    expect(new URL(page.url()).search).toBe('');
    expect(await axeAsRendered(page)).toEqual([]);
    await page.context().close();
  });
});
