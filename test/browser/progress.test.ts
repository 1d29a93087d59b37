import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allCities, allCounties } from '../../src/kernel/geo/admin.ts';
import { REMEDIATION_STATUSES } from '../../src/records/schema.ts';
import { currentDataset, publishedRecords } from '../../src/records/store.ts';
import { computeProgress } from '../../src/site/progress.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * /progress/ in real Chromium at a phone viewport: no axe violations, and every bar drawn in a table
 * row has segments of exactly the counts shown in that row's cells (read as the visitor sees them),
 * sized in proportion; the numbers equal those recomputed from the records store.
 */

const portal = inject('portal');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await newPhoneContext(browser)).newPage();
  await page.goto(`${portal.url}/progress/`);
});
afterAll(async () => browser?.close());

describe('progress page at a phone viewport', () => {
  it('has no axe violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('every bar shows the counts of its table row', async () => {
    const rows = await page.$$eval('table.progress-table tr[data-area]', (trs) =>
      trs.map((tr) => {
        const cells = Object.fromEntries(
          [...tr.querySelectorAll('td[data-col]')].map((td) => [
            td.getAttribute('data-col'),
            Number((td.firstChild?.textContent ?? td.textContent ?? '').replace(/[^\d]/g, '')),
          ]),
        );
        const svg = tr.querySelector<SVGSVGElement>('svg.stacked-bar')!;
        const total = svg.viewBox.baseVal.width;
        const segs = [...svg.querySelectorAll('rect.seg')].map((r) => ({
          status: r.getAttribute('data-status')!,
          count: Number(r.getAttribute('data-count')),
          rendered: r.getBoundingClientRect().width / svg.getBoundingClientRect().width,
          share: Number(r.getAttribute('width')) / total,
        }));
        return { area: tr.getAttribute('data-area'), cells, segs, barVisible: svg.getBoundingClientRect().width > 0 };
      }),
    );
    expect(rows.length).toBeGreaterThan(60);
    for (const row of rows) {
      expect(row.barVisible, row.area!).toBe(true);
      const total = row.cells.total!;
      for (const s of REMEDIATION_STATUSES) {
        const seg = row.segs.find((x) => x.status === s);
        expect(seg?.count ?? 0, `${row.area} ${s}`).toBe(row.cells[s]);
        // Drawn width within a few units of the share (each segment leaves a 4/1000 gap).
        if (seg) expect(Math.abs(seg.rendered - seg.count / total), `${row.area} ${s}`).toBeLessThan(0.01);
      }
    }
  });

  it('the numbers are those of the records store', async () => {
    const p = readPortalDb((db) => computeProgress(publishedRecords(db), { asOf: currentDataset(db)!.asOf, cities: allCities(), counties: allCounties() }));
    const shown = await page.$eval('#table-province tr[data-area="province"]', (tr) =>
      Object.fromEntries(
        [...tr.querySelectorAll('td[data-col]')].map((td) => [td.getAttribute('data-col'), Number((td.firstChild?.textContent ?? '').replace(/[^\d]/g, ''))]),
      ),
    );
    expect(shown).toMatchObject({
      total: p.province.total,
      ...p.province.byStatus,
      overdue: p.province.overdue,
      retained: p.province.retained,
      signboards: p.province.signboards,
    });
    const cityTotals = await page.$$eval('#table-cities tbody tr[data-area]', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-area'), Number(tr.getAttribute('data-total'))]),
    );
    expect(cityTotals).toEqual(p.cities.map((c) => [c.adcode, c.total]));
  });

  it('the wide tables scroll inside their own region, not the page', async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
