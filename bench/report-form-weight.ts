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
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPhoneContext } from '../test/support/chromium.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const COUNT = Number(process.argv[2] ?? 2500);
const NODE = [process.execPath, '--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

function run(cmd: string[], env: NodeJS.ProcessEnv, what: string) {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

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

const dir = mkdtempSync(join(ROOT, '.tmp-bench-report-weight-'));
const env = {
  ...process.env,
  DATABASE_PATH: join(dir, 'portal.db'),
  UPLOAD_DIR: join(dir, 'uploads'),
  SITE_DIR: join(dir, 'dist'),
  ASTRO_CACHE_DIR: join(dir, 'cache'),
  CONTACT_KEY_FILE: join(dir, 'contact.key'),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
};
const server = { proc: undefined as ReturnType<typeof spawn> | undefined };
try {
  console.log(`report form page weight, ${COUNT} demo records, node ${process.version}`);
  run([...NODE, 'src/records/demo/cli.ts', '--count', String(COUNT), '--seed', '7', '--publish'], env, 'demo data');
  run([process.execPath, join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', env.SITE_DIR], env, 'astro build');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  server.proc = spawn(NODE[0]!, [...NODE.slice(1), 'api/server.ts'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/`)).ok) break;
    } catch {
      if (i > 150) throw new Error('portal did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const browser = await launchChromium();
  try {
    // Baseline: the home page map, first visit.
    const homeCtx = await newPhoneContext(browser);
    const homeMeter = meter(homeCtx, origin);
    const home = await homeCtx.newPage();
    await home.goto(`${origin}/`);
    await home.locator('canvas').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await home.waitForTimeout(2000);
    const homeLoad = await homeMeter.mark(home);
    await homeCtx.close();

    // The report form, first visit (empty cache).
    const ctx = await newPhoneContext(browser);
    const m = meter(ctx, origin);
    const page = await ctx.newPage();
    await page.goto(`${origin}/report/`);
    await page.locator('button.rf-submit:not([disabled])').waitFor();
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
    const form = total(initial);
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
  const proc = server.proc;
  if (proc && proc.exitCode === null) {
    // Wait for the server to exit, or it may write into the folder while it is being removed.
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => {
        proc.kill('SIGKILL');
        resolve();
      }, 5000).unref();
    });
  }
  rmSync(dir, { recursive: true, force: true });
}
