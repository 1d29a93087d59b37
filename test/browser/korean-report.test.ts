import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { t } from '../../src/kernel/i18n/index.ts';
import { offersKorean } from '../../src/kernel/i18n/locales.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * Reporting and tracking in Korean (延边), on a phone against the real server: from a Korean
 * outfall page to the Korean form, with and without JavaScript; refusals told in Korean at their
 * field; the receipt and the tracking answer in Korean.
 */

const portal = inject('portal');
const ko = (key: Parameters<typeof t>[0], params?: Record<string, string | number>) => t(key, params, 'ko');
let browser: Browser;
let outfall: OutfallRecord;

beforeAll(async () => {
  outfall = readPortalDb(publishedRecords).find((r) => offersKorean(r.countyAdcode))!;
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('reporting in Korean', () => {
  it('without JavaScript: the outfall page leads to the Korean form; a refusal and the receipt are Korean; tracking answers in Korean', async () => {
    const ctx = await newPhoneContext(browser, { javaScriptEnabled: false, locale: 'ko-KR' });
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/ko/outfalls/${outfall.code}/`);
    await page.locator('a.report-button').first().click();
    await page.waitForURL(`**/ko/report/?outfall=${outfall.code}`);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    await expect(page.locator('h1').textContent()).resolves.toBe(ko('reportForm.title'));
    expect(await page.getAttribute('form.rf-form', 'action')).toBe('/ko/report/');

    // A "photo" that is not one: the answer is the Korean form again, the message (with its
    // number) at its field, the text kept.
    const description = `표지판이 쓰러져 코드를 읽을 수 없습니다. ${Date.now()}`;
    await page.locator('label[for="rf-category-signboard"]').click();
    await page.fill('#rf-description', description);
    await page.setInputFiles('#rf-photos', { name: 'sign.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
    await page.locator('button.rf-submit').click();
    await page.locator('#rf-photos-error').waitFor();
    await expect(page.locator('#rf-photos-error').textContent()).resolves.toContain(ko('report.error.photo_type', { n: 1 }));
    expect(await page.inputValue('#rf-description')).toBe(description);
    expect(await page.getAttribute('html', 'lang')).toBe('ko');

    await page.locator('button.rf-submit').click();
    await page.locator('[data-testid="tracking-number"]').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(ko('reportForm.answer.receiptTitle'));
    const number = (await page.locator('[data-testid="tracking-number"]').textContent())!.trim();
    const code = (await page.locator('[data-testid="query-code"]').textContent())!.trim();

    // The receipt's button posts number and code to the Korean tracking answer.
    await page.getByRole('button', { name: ko('reportForm.result.track') }).click();
    await page.locator('.tr-status').waitFor();
    await expect(page.locator('.tr-status').textContent()).resolves.toBe(ko('report.status.received'));
    await expect(page.locator('h1').textContent()).resolves.toBe(ko('track.resultTitle', { n: number }));
    expect(page.url()).not.toContain(code);
    await ctx.close();
  });

  it('with JavaScript: the island speaks Korean, is axe clean, and tracking shows Korean labels', async () => {
    const ctx = await newPhoneContext(browser, { locale: 'ko-KR' });
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/ko/report/?outfall=${encodeURIComponent(outfall.code)}`);
    await page.locator('.rf-form[data-hydrated="true"]').waitFor();
    await expect(page.locator('button.rf-submit').textContent()).resolves.toBe(ko('reportForm.submit'));
    await expect(page.locator('label[for="rf-category-signboard"]').textContent()).resolves.toContain(ko('report.category.signboard'));
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${portal.url}/ko/track/`);
    await page.fill('#tr-number', 'JL2026-987654');
    await page.fill('#tr-code', 'ABCDEFGH');
    await page.getByRole('button', { name: ko('track.submit') }).click();
    await page.waitForFunction((text) => document.getElementById('track-message')?.textContent === text, ko('track.notFound'));
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });
});
