import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';

/**
 * The tracking page: a wrong query code and an unknown tracking number get the same generic
 * answer, a right pair shows the status and timeline, and the page is accessible either way.
 */

const portal = inject('portal');
let browser: Browser;
let report: { trackingNumber: string; queryCode: string };

beforeAll(async () => {
  const db = buildDb(portal.dbPath, { readonly: true });
  const outfall = publishedRecords(db)[42]!;
  db.$client.close();
  // A real report through the real API, as any client would send it.
  const body = new FormData();
  body.append('lat', String(outfall.lat));
  body.append('lng', String(outfall.lng));
  body.append('category', 'abnormal_water');
  body.append('description', '河水发黑发臭，岸边有死鱼。');
  const res = await fetch(`${portal.url}/api/reports`, { method: 'POST', body, headers: { 'Idempotency-Key': randomUUID() } });
  if (res.status !== 201) throw new Error(`POST /api/reports: ${res.status} ${await res.text()}`);
  report = (await res.json()) as typeof report;
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** A valid-looking code that is not this report's. */
function wrongCode(code: string): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const last = code.at(-1)!;
  return code.slice(0, -1) + alphabet[(alphabet.indexOf(last) + 1) % alphabet.length];
}

async function lookUpByForm(page: Page, n: string, c: string) {
  await page.goto(`${portal.url}/track/`);
  await page.fill('#tr-number', n);
  await page.fill('#tr-code', c);
  await page.getByRole('button', { name: t('track.submit') }).click();
}

describe('tracking page', () => {
  it('answers a wrong code and an unknown number with the same generic not-found message', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const message = page.locator('#track-message');

    await lookUpByForm(page, report.trackingNumber, wrongCode(report.queryCode));
    await message.filter({ hasText: t('track.notFound') }).waitFor();
    const wrongCodeText = await message.textContent();
    expect(await page.locator('#track-result').isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    const [, year, seq] = /^JL(\d{4})-(\d+)$/.exec(report.trackingNumber)!;
    const unknown = `JL${year}-${String(Number(seq) + 900_000).padStart(seq!.length, '0')}`;
    await lookUpByForm(page, unknown, report.queryCode);
    await message.filter({ hasText: t('track.notFound') }).waitFor();
    expect(await message.textContent()).toBe(wrongCodeText);
    // The message says "number or code" and never which one was wrong.
    expect(wrongCodeText).toBe(t('track.notFound'));
    // The code goes in the fragment, never in the query string the server would log.
    expect(new URL(page.url()).search).toBe('');
    await ctx.close();
  });

  it('shows the status and timeline for the right pair, typed in any case and with spaces', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const sloppyCode = `${report.queryCode.slice(0, 4).toLowerCase()} ${report.queryCode.slice(4).toLowerCase()}`;
    await lookUpByForm(page, report.trackingNumber.toLowerCase(), sloppyCode);
    await page.locator('.tr-status').waitFor();
    await expect(page.locator('.tr-status').textContent()).resolves.toBe(t('report.status.received'));
    expect(await page.locator('.tr-timeline li').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('track-result');
    expect(new URL(page.url()).hash).toBe(`#n=${report.trackingNumber}&c=${report.queryCode}`);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('moves a code given in the query string into the fragment', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/track/?n=${report.trackingNumber}&code=${report.queryCode}`);
    await page.locator('.tr-status').waitFor();
    const url = new URL(page.url());
    expect(url.search).toBe('');
    expect(url.hash).toContain(`c=${report.queryCode}`);
    await ctx.close();
  });
});
