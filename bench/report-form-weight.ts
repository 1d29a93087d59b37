/**
 * Report form page weight: bytes transferred (brotli, as the portal serves them) to open /report/
 * on a phone, then to list the nearest outfalls (the first time a location is set), then to open
 * the lazily loaded "pick on map" map — against the home page map, measured in the same run.
 *
 *   node --experimental-strip-types bench/report-form-weight.ts [records=2500]
 *
 * Builds a temporary portal (demo data, astro build, real server) under .tmp-bench-report-weight-*
 * and drives real Chromium (test/support/chromium.ts). Transferred = response body bytes as sent
 * on the wire (Playwright's request.sizes().responseBodySize) plus headers.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPhoneContext } from '../test/support/chromium.ts';
import { buildPortalSite, portalPaths } from '../test/support/temp-portal.ts';
import { benchDir, type ChildServer, startPortal } from './support/servers.ts';

const COUNT = Number(process.argv[2] ?? 2500);

interface Transfer {
  url: string;
  /** Body and headers as sent (HTTP/1.1 headers; HTTP/2 would compress the repeated ones). */
  bytes: number;
  /** Body only (brotli where the file is compressible). */
  body: number;
}

/** Records what the context transfers between mark() calls. */
function meter(ctx: BrowserContext, origin: string) {
  let current: Transfer[] = [];
  ctx.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => undefined);
    if (!sizes) return;
    // A module a worker imports reports no body size; its Content-Length is what was sent.
    const length = Number((await req.response())?.headers()['content-length'] ?? 0);
    const body = sizes.responseBodySize || length;
    current.push({ url: req.url().replace(origin, ''), bytes: body + sizes.responseHeadersSize, body });
  });
  return {
    async mark(settle: Page): Promise<Transfer[]> {
      await settle.waitForLoadState('networkidle');
      await settle.waitForTimeout(300);
      const done = current;
      current = [];
      return done;
    },
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const total = (ts: Transfer[]) => ts.reduce((s, t) => s + t.bytes, 0);
const bodies = (ts: Transfer[]) => ts.reduce((s, t) => s + t.body, 0);
function print(title: string, ts: Transfer[]) {
  console.log(`\n${title}: ${kb(total(ts))} with headers, ${kb(bodies(ts))} bodies, ${ts.length} responses`);
  for (const t of [...ts].sort((a, b) => b.bytes - a.bytes)) console.log(`  ${kb(t.body).padStart(9)}  ${t.url}`);
}

const tmp = benchDir('report-weight');
const env = { ...process.env, ...portalPaths(tmp.path), LOG_LEVEL: 'warn' };
let portal: ChildServer | undefined;
try {
  console.log(`report form page weight, ${COUNT} demo records, node ${process.version}`);
  buildPortalSite(env, { count: COUNT, seed: 7 });
  portal = await startPortal(env.SITE_DIR, tmp.path, { LOG_LEVEL: 'warn' });
  const origin = portal.url;

  const browser = await launchChromium();
  try {
    // Baseline: the home page map, first visit.
    const homeCtx = await newPhoneContext(browser);
    const homeMeter = meter(homeCtx, origin);
    const home = await homeCtx.newPage();
    await home.goto(`${origin}/`);
    await home
      .locator('canvas')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    await home.waitForTimeout(2000);
    const homeLoad = await homeMeter.mark(home);
    await homeCtx.close();

    // The report form, first visit (empty cache).
    const ctx = await newPhoneContext(browser);
    const m = meter(ctx, origin);
    const page = await ctx.newPage();
    await page.goto(`${origin}/report/`);
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    const initial = await m.mark(page);

    await page.fill('#rf-lat', '43.8868');
    await page.fill('#rf-lng', '125.3245');
    await page.locator('.rf-outfalls .rf-choices li').nth(1).waitFor({ timeout: 30_000 });
    const nearby = await m.mark(page);

    await page.getByRole('button', { name: '在地图上选点' }).click();
    await page.locator('.rf-map canvas').waitFor({ timeout: 30_000 });
    // Labels (and their glyphs) come after the first frame.
    await page.waitForTimeout(2000);
    const map = await m.mark(page);
    await ctx.close();

    // The tracking page, first visit.
    const trackCtx = await newPhoneContext(browser);
    const tm = meter(trackCtx, origin);
    const track = await trackCtx.newPage();
    await track.goto(`${origin}/track/`);
    const trackLoad = await tm.mark(track);
    await trackCtx.close();

    print('/report/ first load (form usable)', initial);
    print('+ nearest outfalls (first location set)', nearby);
    print('+ "pick on map" opened', map);
    print('/track/ first load', trackLoad);
    print('baseline: home page map, first load', homeLoad);
    const _form = total(initial);
    const row = (label: string, ts: Transfer[]) => console.log(`  ${label.padEnd(34)}${kb(bodies(ts)).padStart(10)}${kb(total(ts)).padStart(12)}`);
    console.log('\nsummary (brotli)                     bodies  with headers');
    row('/report/ without the map', initial);
    row('/report/ with nearest outfalls', [...initial, ...nearby]);
    row('/report/ with the map opened', [...initial, ...nearby, ...map]);
    row('/track/', trackLoad);
    row('home page map (baseline)', homeLoad);
    console.log(`  ratio form / home map (bodies)    ${(bodies(initial) / bodies(homeLoad)).toFixed(3)}`);
  } finally {
    await browser.close();
  }
} finally {
  // Wait for the server to exit, or it may write into the folder while it is being removed.
  await portal?.stop();
  tmp.remove();
}
