import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatShare } from '../../src/components/stats/format.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { computeStats, type ReportTimeline } from '../../src/kernel/report/stats/compute.ts';
import { allOutfallReportCounts } from '../../src/kernel/report/stats/outfalls.ts';
import { loadTimelines } from '../../src/kernel/report/stats/service.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';

/**
 * The public statistics pages in real Chromium, and the report counts on outfall pages.
 * /stats/ is rendered on demand from the live database: with JavaScript OFF it must show the
 * figures the statistics module computes from the database as of the page's own "as of" time.
 * Reports are added through the real server's Open311 endpoint first, so the figures are not all
 * zero (its rate-limit bucket is its own, so the other browser tests' reports do not use it up).
 */

const portal = inject('portal');
let browser: Browser;
let records: OutfallRecord[];
let outfall: OutfallRecord;

async function open311(fields: Record<string, string>) {
  const res = await fetch(`${portal.url}/open311/v2/requests.json`, {
    method: 'POST',
    body: new URLSearchParams({ description: '统计页面测试：排口有异味的污水流出', ...fields }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': randomUUID() },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  const db = buildDb(portal.dbPath, { readonly: true });
  records = publishedRecords(db);
  db.$client.close();
  outfall = records[0]!;
  await open311({ service_code: 'illegal_discharge', lat: '43.85', long: '125.35' });
  await open311({ service_code: 'abnormal_water', lat: '43.95', long: '125.32' });
  await open311({ service_code: 'signboard', lat: String(outfall.lat), long: String(outfall.lng), 'attribute[outfall_code]': outfall.code });
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** The database as it was at `asOf`: reports received by then, events up to then. */
function expectedAsOf(asOf: string) {
  const db = buildDb(portal.dbPath, { readonly: true });
  try {
    const timelines: ReportTimeline[] = loadTimelines(db)
      .filter((r) => r.receivedAt <= asOf)
      .map((r) => {
        const events = r.events.filter((e) => e.at <= asOf);
        const last = [...events].reverse().find((e) => e.status);
        return { ...r, events, status: last?.status ?? r.status };
      });
    return computeStats(timelines, { now: new Date(asOf), deadlines: { acceptDays: 7, concludeDays: 60 } });
  } finally {
    db.$client.close();
  }
}

async function noJsPage(path: string): Promise<Page> {
  const ctx = await newPhoneContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  const res = await page.goto(`${portal.url}${path}`);
  expect(res!.status()).toBe(200);
  return page;
}

/** Rows of a stats table: the header cell's link target or text, and each column's text and bar. */
interface Cell {
  text: string;
  bar: string | null;
  barWidth: number;
}

async function tableRows(page: Page, selector: string): Promise<{ key: string | null; cells: Record<string, Cell> }[]> {
  return page.$$eval(`${selector} tbody tr[data-area], ${selector} tbody tr[data-month]`, (trs) => {
    const table = trs[0]?.closest('table');
    const cols = [...(table?.querySelectorAll('thead th[data-col]') ?? [])].map((th) => th.getAttribute('data-col')!);
    return trs.map((tr) => ({
      key: tr.getAttribute('data-area') ?? tr.getAttribute('data-month'),
      cells: Object.fromEntries(
        [...tr.querySelectorAll('td')].map((td, i) => {
          const bar = td.querySelector<HTMLElement>('.sb');
          return [
            cols[i],
            { text: td.textContent!.trim(), bar: bar ? bar.style.getPropertyValue('--v') : null, barWidth: bar?.getBoundingClientRect().width ?? 0 },
          ];
        }),
      ),
    }));
  });
}

describe('/stats/ without JavaScript', () => {
  it('shows the province figures and all 60 counties as the database has them', async () => {
    const page = await noJsPage('/stats/');
    const asOf = (await page.getAttribute('.stats-asof', 'data-as-of'))!;
    const expected = expectedAsOf(asOf);
    expect(expected.province.received).toBeGreaterThanOrEqual(3);

    const figure = (name: string) => page.locator(`[data-figure="${name}"]`).evaluate((dd) => dd.firstChild!.textContent!.trim());
    expect(await figure('received')).toBe(String(expected.province.received));
    expect(await figure('acceptedShare')).toBe(formatShare(expected.province.acceptedShare));
    expect(await figure('concludedOnTimeShare')).toBe(formatShare(expected.province.concludedOnTimeShare));

    const rows = await tableRows(page, '#stats-counties');
    expect(rows).toHaveLength(60);
    for (const row of rows) {
      const c = expected.counties.get(row.key!);
      expect(row.cells.received!.text, row.key!).toBe(String(c?.received ?? 0));
      expect(row.cells.acceptedShare!.text, row.key!).toBe(formatShare(c?.acceptedShare ?? null));
    }
    // Nanguan (one of our reports) has a visible count bar.
    expect(rows.find((r) => r.key === '220102')!.cells.received!.barWidth).toBeGreaterThan(0);
  });

  it('draws every bar at the value printed beside it', async () => {
    const page = await noJsPage('/stats/');
    for (const selector of ['#stats-counties', '#stats-months']) {
      const rows = await tableRows(page, selector);
      const maxReceived = Math.max(...rows.map((r) => Number(r.cells.received!.text.replace(/,/g, ''))));
      for (const row of rows) {
        for (const [col, cell] of Object.entries(row.cells)) {
          if (cell.bar === null) continue;
          const drawn = Number(cell.bar.replace('%', ''));
          const printed = col === 'received' ? (Number(cell.text.replace(/,/g, '')) / maxReceived) * 100 : Number(cell.text.replace('%', ''));
          expect(Math.abs(drawn - printed), `${selector} ${row.key} ${col}`).toBeLessThanOrEqual(0.1);
        }
      }
    }
  });

  it('lists the months up to now, newest first', async () => {
    const page = await noJsPage('/stats/');
    const months = (await tableRows(page, '#stats-months')).map((r) => r.key);
    const expected = expectedAsOf((await page.getAttribute('.stats-asof', 'data-as-of'))!);
    expect(months).toEqual(expected.province.months.map((m) => m.month));
  });

  it('the county selector works without JavaScript (GET form, redirect)', async () => {
    const page = await noJsPage('/stats/');
    await page.selectOption('#stats-county', '220104');
    await Promise.all([page.waitForURL(/\/stats\/220104\/$/), page.getByRole('button', { name: '查看' }).click()]);
    expect(await page.locator('h1').textContent()).toContain('朝阳区');
  });

  it('a county page shows that county by month; an unknown county is a 404 page', async () => {
    const page = await noJsPage('/stats/220102/');
    const asOf = (await page.getAttribute('.stats-asof', 'data-as-of'))!;
    const c = expectedAsOf(asOf).counties.get('220102')!;
    expect(await page.locator('[data-figure="received"]').evaluate((dd) => dd.firstChild!.textContent!.trim())).toBe(String(c.received));
    const months = await tableRows(page, '#stats-months');
    expect(months.map((m) => [m.key, m.cells.received!.text])).toEqual(c.months.map((m) => [m.month, String(m.received)]));
    const res = await fetch(`${portal.url}/stats/999999/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('没有这个县级行政区');
  });

  it('is served with a short shared cache and no report contents', async () => {
    const res = await fetch(`${portal.url}/stats/`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const html = await res.text();
    for (const leak of ['统计页面测试', outfall.code]) expect(html).not.toContain(leak);
  });
});

describe('/stats/ accessibility', () => {
  for (const path of ['/stats/', '/stats/220102/']) {
    it(`${path} has no axe violations`, async () => {
      const ctx = await newPhoneContext(browser);
      const page = await ctx.newPage();
      await page.goto(`${portal.url}${path}`);
      expect(await axeViolations(page)).toEqual([]);
      await ctx.close();
    });
  }
});

describe('report counts on outfall pages', () => {
  it('every built outfall page shows the counts the database had at build time, script-free and within budget', () => {
    // The test portal is built from a fresh demonstration store: no report existed at build time.
    const builtAt = statSync(join(portal.siteDir, 'client', 'index.html')).mtime.toISOString();
    const db = buildDb(portal.dbPath, { readonly: true });
    const before = db.$client.prepare('SELECT count(*) AS n FROM reports WHERE received_at < ?').get(builtAt) as { n: number };
    db.$client.close();
    expect(before.n).toBe(0);
    for (const r of records.slice(0, 50)) {
      const file = join(portal.siteDir, 'client', 'outfalls', r.code, 'index.html');
      const html = readFileSync(file, 'utf8');
      expect(html).toMatch(
        /<section class="outfall-reports"[^>]*>.*data-reports="0" data-concluded="0".*还没有关于这个排污口的举报。\s*截至 \d{4}年\d{1,2}月\d{1,2}日。/s,
      );
      expect(html).toContain(`href="/stats/${r.countyAdcode}/"`);
      expect(html).not.toMatch(/<script/i);
      expect(statSync(file).size).toBeLessThan(30 * 1024);
    }
  });

  it('the live endpoint counts the report made about this outfall since', async () => {
    const db = buildDb(portal.dbPath, { readonly: true });
    const counts = allOutfallReportCounts(db).get(outfall.code)!;
    db.$client.close();
    expect(counts.reports).toBeGreaterThanOrEqual(1);
    const res = await fetch(`${portal.url}/api/outfalls/${outfall.code}/report-stats`);
    expect(await res.json()).toMatchObject({ code: outfall.code, reports: counts.reports, concluded: counts.concluded });
  });
});
