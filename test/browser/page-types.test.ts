import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, launchChromium, newPhoneContext, PHONE } from '../support/chromium.ts';
import { pageTypes } from '../support/page-types.ts';

/**
 * Every kind of page (test/support/page-types.ts) on a phone in real Chromium: axe finds no WCAG
 * 2.1 AA violation and nothing is wider than the screen. (axe needs script in the page; the markup
 * served without script is what test/built/html-validity.test.ts checks.)
 */

const portal = inject('portal');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('every kind of page', () => {
  it('is axe clean at a phone viewport', { timeout: 240_000 }, async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const found: Record<string, unknown> = {};
    for (const { kind, path } of pageTypes()) {
      await page.goto(portal.url + path, { waitUntil: 'load' });
      const violations = await axeViolations(page);
      if (violations.length) found[`${kind} ${path}`] = violations;
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.viewport.width) found[`${kind} ${path} width`] = width;
    }
    expect(found).toEqual({});
    await ctx.close();
  });
});
