import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_CONTENT_SECURITY_POLICY, inlineHashes } from '../../api/middleware/security-headers.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { launchChromium, newPhoneContext } from '../support/chromium.ts';
import { portalEnv } from '../support/test-portal.ts';

/**
 * Security headers of the real portal (the built test site served by api/server.ts), and its
 * Content Security Policy in real Chromium: the home map, an outfall page, the report form with its
 * map picker, the tracking page, search, the 404 page and the staff pages (logged in, with a
 * report and its photo) load and work without a single CSP violation — while an injected inline
 * handler is blocked, which shows the policy is really enforced and the listener really listens.
 */

const portal = inject('portal');
const ROOT = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'csp test password 4711';
let browser: Browser;
let record: OutfallRecord;
let report: { trackingNumber: string; queryCode: string };
let login: string;

/** The staff CLI as package.json runs it (see test/browser/staff.test.ts). */
function staffAdd(args: string[], password: string) {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
  const [, ...rest] = pkg.scripts['staff:add']!.split(/\s+/);
  const r = spawnSync(process.execPath, [...rest, ...args], {
    cwd: ROOT,
    env: { ...portalEnv(portal.dir), DATABASE_PATH: portal.dbPath },
    input: `${password}\n`,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`staff:add failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

beforeAll(async () => {
  const db = buildDb(portal.dbPath, { readonly: true });
  record = publishedRecords(db)[3]!;
  db.$client.close();
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#5b6b3e' } })
    .jpeg()
    .toBuffer();
  const body = new FormData();
  body.append('lat', String(record.lat));
  body.append('lng', String(record.lng));
  body.append('outfallCode', record.code);
  body.append('category', 'abnormal_water');
  body.append('description', '排口下游水体发黑，有异味。');
  body.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'river.jpg');
  const res = await fetch(`${portal.url}/api/reports`, { method: 'POST', body, headers: { 'Idempotency-Key': randomUUID() } });
  if (res.status !== 201) throw new Error(`POST /api/reports: ${res.status} ${await res.text()}`);
  report = (await res.json()) as typeof report;
  login = `csp.${record.countyAdcode}.${Date.now().toString(36)}`;
  staffAdd(['--county', record.countyAdcode, '--login', login], PASSWORD);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k!, v]),
  );
}

describe('headers from the real server', () => {
  const mapData = () => readdirSync(join(portal.siteDir, 'client', 'map')).find((f) => /^outfalls\..*\.json$/.test(f))!;
  const paths = () => [
    '/',
    `/outfalls/${record.code}/`,
    '/report/',
    '/track/',
    '/search/',
    '/staff/',
    '/staff/report/',
    '/no/such/page/',
    `/map/${mapData()}`,
    '/sw.js',
    '/favicon.svg',
    '/data/outfalls.csv',
    '/api/counties',
    '/api/no/such/endpoint',
    `/api/reports/${report.trackingNumber}?code=${report.queryCode}`,
    '/api/staff/me',
  ];

  it('every answer carries them, compressed or not; the API gets its own policy; staff and report data are no-store', async () => {
    for (const path of paths()) {
      for (const encoding of ['br', 'identity']) {
        const res = await fetch(`${portal.url}${path}`, { headers: { 'Accept-Encoding': encoding } });
        const what = `${path} (${encoding}) ${res.status}`;
        await res.arrayBuffer();
        expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
        expect(res.headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
        expect(res.headers.get('permissions-policy'), what).toMatch(/geolocation=\(self\).*camera=\(self\)/);
        const csp = res.headers.get('content-security-policy') ?? '';
        if (path.startsWith('/api/')) expect(csp, what).toBe(API_CONTENT_SECURITY_POLICY);
        else {
          const d = directives(csp);
          expect(d.get('frame-ancestors'), what).toEqual(["'none'"]);
          expect(d.get('worker-src'), what).toEqual(["'self'", 'blob:']);
          expect(csp, what).not.toContain('unsafe-eval');
        }
        if (path.startsWith('/staff') || path.startsWith('/api/staff') || path.startsWith('/api/reports/'))
          expect(res.headers.get('cache-control'), what).toBe('no-store');
      }
    }
  });

  it('the policy of each page holds the hash of every inline script and style the page carries', async () => {
    for (const path of paths().filter((p) => !p.startsWith('/api/') && !/\.(json|js|svg|csv)$/.test(p))) {
      const res = await fetch(`${portal.url}${path}`);
      const html = await res.text();
      const d = directives(res.headers.get('content-security-policy')!);
      const { scripts, styles } = inlineHashes(html);
      expect(d.get('script-src'), path).toEqual(expect.arrayContaining(scripts));
      expect(d.get('style-src-elem'), path).toEqual(expect.arrayContaining(styles));
    }
  });
});

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

declare global {
  interface Window {
    __csp: Violation[];
    __pwned?: number;
  }
}

/** Opens a page that records every CSP violation, from the document and from Chromium's console. */
async function watched(ctx: Awaited<ReturnType<typeof newPhoneContext>>) {
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  const console: string[] = [];
  const errors: string[] = [];
  // Violations in workers and some in the page are only reported on the console.
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const violations = async (p: Page = page) => ({ dom: await p.evaluate(() => window.__csp), console: [...console], errors: [...errors] });
  return { page, violations };
}

const none = { dom: [], console: [], errors: [] };

describe('no CSP violation in real Chromium', () => {
  it('home map: the map draws (maplibre worker, glyphs, base layer) with nothing blocked', async () => {
    const ctx = await newPhoneContext(browser);
    const { page, violations } = await watched(ctx);
    await page.goto(`${portal.url}/`);
    await page.waitForSelector('#map[data-ready="true"]', { state: 'attached', timeout: 45_000 });
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual(none);
    // A control: an injected inline handler is refused and reported.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/nonexistent.png" onerror="window.__pwned = 1">'));
    await page.waitForFunction(() => window.__csp.length > 0, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect((await violations()).dom.map((v) => v.directive)).toEqual(['script-src-attr']);
    await ctx.close();
  });

  it('an outfall page, search, tracking and the 404 page', async () => {
    const ctx = await newPhoneContext(browser);
    const { page, violations } = await watched(ctx);
    for (const path of [
      `/outfalls/${record.code}/`,
      `/search/?q=${encodeURIComponent(record.code.slice(0, 6))}`,
      `/track/#n=${report.trackingNumber}&c=${report.queryCode}`,
      '/outfalls/NO-SUCH-CODE/',
    ]) {
      await page.goto(`${portal.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await violations(), path).toEqual(none);
    }
    await ctx.close();
  });

  it('the report form: hydration, the service worker and the map picker', async () => {
    const ctx = await newPhoneContext(browser);
    const { page, violations } = await watched(ctx);
    await page.goto(`${portal.url}/report/`);
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    await page.getByRole('button', { name: t('reportForm.location.map') }).click();
    await page.locator('.rf-map canvas').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual(none);
    await ctx.close();
  });

  it('the staff pages: login, inbox, a report with its photo', async () => {
    const ctx = await newPhoneContext(browser);
    const { page, violations } = await watched(ctx);
    await page.goto(`${portal.url}/staff/`);
    await page.locator('#st-login').fill(login);
    await page.locator('#st-password').fill(PASSWORD);
    await page.getByRole('button', { name: t('staff.ui.login.submit'), exact: true }).click();
    const row = page.locator('.st-item', { hasText: report.trackingNumber });
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link').click();
    await page.locator('h1', { hasText: report.trackingNumber }).waitFor();
    const img = page.locator('.st-photos img').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual(none);
    await ctx.close();
  });
});
