import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { t } from '../../src/kernel/i18n/index.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * A weak network at the riverbank: the connection drops while the citizen submits. The report
 * must wait on the device (queued, with its Idempotency-Key) and be sent when the network returns
 * — exactly once, whichever of the page and the service worker sends it.
 */

const portal = inject('portal');
let browser: Browser;
let records: OutfallRecord[];

beforeAll(async () => {
  records = readPortalDb(publishedRecords);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** Reports whose description is `marker`, read from the portal's database. */
function reportsWith(marker: string): { tracking_number: string }[] {
  return readPortalDb((db) => db.$client.prepare('SELECT tracking_number FROM reports WHERE description = ?').all(marker) as { tracking_number: string }[]);
}

/** The outbox in the page's IndexedDB: keys and states of waiting submissions. */
async function outbox(page: import('playwright-core').Page): Promise<{ key: string; state: string; attempts: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('jl-outfalls-report');
        req.onsuccess = () => {
          const all = req.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () =>
            resolve(all.result.map((i: { key: string; state: string; attempts: number }) => ({ key: i.key, state: i.state, attempts: i.attempts })));
          all.onerror = () => reject(all.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
}

/**
 * True once no submission can still be sent: nothing waits in the outbox and no page or service
 * worker holds or waits for the outbox lock (every sender reads the outbox inside that lock, so one
 * that starts later finds it empty). Locks are per origin, so this sees the service worker's too.
 */
async function outboxSettled(page: import('playwright-core').Page): Promise<boolean> {
  const senders = await page.evaluate(async () => {
    const { held = [], pending = [] } = await navigator.locks.query();
    return [...held, ...pending].filter((l) => l.name === 'report-outbox-send').length;
  });
  return senders === 0 && (await outbox(page)).length === 0;
}

describe('report form on a network that drops', () => {
  it('queues the report while offline, sends it when the network returns, and creates exactly one report', async () => {
    const outfall = records[11]!;
    const marker = `断网测试 ${randomUUID()}：排污口在排放浑浊的污水。`;
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/report/`);
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();

    await page.fill('#rf-lat', String(outfall.lat));
    await page.fill('#rf-lng', String(outfall.lng));
    await page.locator('label[for="rf-category-illegal_discharge"]').click();
    await page.fill('#rf-description', marker);

    await ctx.setOffline(true);
    await page.locator('button.rf-submit').click();
    const queued = page.getByRole('heading', { name: t('reportForm.queued.title') });
    await queued.waitFor();
    // Focus moves to the news, and the page stays accessible in this state.
    await page.waitForFunction(() => document.activeElement?.id === 'rf-queued-title');
    expect(await axeViolations(page)).toEqual([]);

    // Waiting on the device with its key; nothing reached the server.
    const waiting = await outbox(page);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ state: 'queued' });
    expect(waiting[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(reportsWith(marker)).toHaveLength(0);

    // A manual retry while still offline keeps it queued, with the same key.
    await page.getByRole('button', { name: t('reportForm.queued.retryNow') }).click();
    await page.getByText(t('reportForm.queued.stillOffline')).waitFor();
    const still = await outbox(page);
    expect(still.map((i) => i.key)).toEqual([waiting[0]!.key]);
    expect(still[0]!.attempts).toBeGreaterThan(waiting[0]!.attempts);

    // Back online: the `online` event (and, in Chromium, the service worker's Background Sync)
    // send it; the receipt replaces the queued notice.
    await ctx.setOffline(false);
    const number = page.locator('[data-testid="tracking-number"]');
    await number.waitFor({ timeout: 30_000 });
    const trackingNumber = (await number.textContent())!.trim();

    // A reload runs the page's own flush; wait until no sender (that flush, the service worker's
    // sync) can still send anything, then there must be exactly one report.
    await page.reload();
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    await expect.poll(() => outboxSettled(page), { timeout: 15_000 }).toBe(true);
    expect(await outbox(page)).toEqual([]);
    const rows = reportsWith(marker);
    expect(rows).toEqual([{ tracking_number: trackingNumber }]);
    await ctx.close();
  });

  it('sends a queued report after the tab is closed (Background Sync), and the next visit shows its receipt', async () => {
    const outfall = records[23]!;
    const marker = `关闭页面后提交 ${randomUUID()}：雨水口旱天出水。`;
    const ctx = await newPhoneContext(browser);
    const sent: string[] = [];
    ctx.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/reports')) sent.push(r.serviceWorker() ? 'service worker' : 'page');
    });
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/report/`);
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    // Headless Chromium has Background Sync, and the form's service worker is running.
    await page.waitForFunction(async () => 'SyncManager' in window && (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated');
    await page.fill('#rf-lat', String(outfall.lat));
    await page.fill('#rf-lng', String(outfall.lng));
    await page.locator('label[for="rf-category-dry_weather_storm_outfall"]').click();
    await page.fill('#rf-description', marker);
    await ctx.setOffline(true);
    await page.locator('button.rf-submit').click();
    await page.getByRole('heading', { name: t('reportForm.queued.title') }).waitFor();
    // With Background Sync the page promises to send it even if the citizen leaves.
    await expect(page.locator('.rf-queued').textContent()).resolves.toContain(t('reportForm.queued.bodySync'));
    // The citizen closes the tab while still offline.
    await page.close();
    expect(reportsWith(marker)).toHaveLength(0);

    // Back online with no page of the site open: the service worker's sync event sends it.
    await ctx.setOffline(false);
    await expect.poll(() => reportsWith(marker).length, { timeout: 45_000, interval: 250 }).toBeGreaterThan(0);
    const rows = reportsWith(marker);
    expect(rows).toHaveLength(1);
    expect(sent).toEqual(['page', 'service worker']);

    // The next visit shows the receipt of the report that went out in the background, once.
    const again = await ctx.newPage();
    await again.goto(`${portal.url}/report/`);
    await again.getByRole('heading', { name: t('reportForm.result.backgroundTitle') }).waitFor();
    await expect(again.locator('[data-testid="tracking-number"]').allTextContents()).resolves.toEqual([rows[0]!.tracking_number]);
    expect(await outbox(again)).toEqual([]);
    expect(await axeViolations(again)).toEqual([]);
    await expect.poll(() => outboxSettled(again), { timeout: 15_000 }).toBe(true);
    expect(reportsWith(marker)).toHaveLength(1);
    await ctx.close();
  });

  it('puts a queued report the server refuses back into the form, with the error at its field', async () => {
    const outfall = records[31]!;
    const marker = `被退回 ${randomUUID()}：排口排放泡沫。`;
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/report/`);
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    await page.fill('#rf-lat', String(outfall.lat));
    await page.fill('#rf-lng', String(outfall.lng));
    await page.locator('label[for="rf-category-other"]').click();
    await page.fill('#rf-description', marker);
    // The browser does not check phone numbers; the server does.
    await page.fill('#rf-contactPhone', '12345');
    await ctx.setOffline(true);
    await page.locator('button.rf-submit').click();
    await page.getByRole('heading', { name: t('reportForm.queued.title') }).waitFor();
    await ctx.setOffline(false);

    await page.locator('#rf-contactPhone-error').waitFor({ timeout: 30_000 });
    await expect(page.locator('#rf-contactPhone-error').textContent()).resolves.toBe(t('report.error.invalid_phone'));
    expect(await page.inputValue('#rf-description')).toBe(marker);
    expect(await page.inputValue('#rf-contactPhone')).toBe('12345');
    await page.waitForFunction(() => document.activeElement?.id === 'rf-contactPhone');
    expect(await outbox(page)).toEqual([]);
    expect(reportsWith(marker)).toHaveLength(0);

    // Fixed and sent again: a new submission (new key, new content), stored once.
    await page.fill('#rf-contactPhone', '13800000000');
    await page.locator('button.rf-submit').click();
    await page.locator('[data-testid="tracking-number"]').waitFor({ timeout: 30_000 });
    expect(reportsWith(marker)).toHaveLength(1);
    await ctx.close();
  });
});
