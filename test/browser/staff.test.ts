import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { portalEnv } from '../support/test-portal.ts';

/**
 * The staff inbox end to end, in real Chromium against the real server: an account made with the
 * staff CLI (a real process on the portal's database), a citizen report through the public API,
 * then a county officer logs in, finds it, reads it (photo, contact on demand, routing), accepts,
 * replies publicly, leaves an internal note and concludes — and the citizen's tracking page shows
 * the replies and not the note. axe on the login page, the inbox and the report page.
 */

const portal = inject('portal');
const ROOT = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'correct horse battery staple 7';
const REPLY = '经现场核查，该排污口存在超标排放，已责令整改。';
const NOTE = '内部：联系了企业环保负责人，约定周五复查。';
const FINAL = '复查合格，企业已完成整改，本件办结。';

let browser: Browser;
let outfall: OutfallRecord;
let login: string;
let report: { trackingNumber: string; queryCode: string };

function dbRow<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = buildDb(portal.dbPath, { readonly: true });
  try {
    return db.$client.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.$client.close();
  }
}

/**
 * `npm run staff:add -- …` as package.json defines it, run directly with this Node (npm may find
 * another Node on PATH), the password on standard input as an administrator would type it.
 */
function staffAdd(args: string[], password: string) {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts['staff:add'];
  if (!script) throw new Error('package.json has no "staff:add" script');
  const [node, ...rest] = script.split(/\s+/);
  if (node !== 'node') throw new Error(`unexpected staff:add script: ${script}`);
  const r = spawnSync(process.execPath, [...rest, ...args], {
    cwd: ROOT,
    env: { ...portalEnv(portal.dir), DATABASE_PATH: portal.dbPath },
    input: `${password}\n`,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`staff:add ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

beforeAll(async () => {
  const db = buildDb(portal.dbPath, { readonly: true });
  const records = publishedRecords(db);
  db.$client.close();
  // Other browser tests report in the same counties; this one finds its report by tracking number.
  outfall = records.find((r, i) => i >= 17 && countyByAdcode(r.countyAdcode))!;
  login = `ui.${outfall.countyAdcode}.${Date.now().toString(36)}`;
  staffAdd(['--county', outfall.countyAdcode, '--login', login], PASSWORD);

  // The citizen's report, as any client sends it: multipart, Idempotency-Key, a photo and a contact.
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6b5b3e' } })
    .jpeg()
    .toBuffer();
  const body = new FormData();
  body.append('lat', String(outfall.lat));
  body.append('lng', String(outfall.lng));
  body.append('outfallCode', outfall.code);
  body.append('category', 'illegal_discharge');
  body.append('description', '排污口夜间排放黄色污水，气味刺鼻，下游有泡沫。');
  body.append('contactName', '王先生');
  body.append('contactPhone', '13912345678');
  body.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'river.jpg');
  const res = await fetch(`${portal.url}/api/reports`, { method: 'POST', body, headers: { 'Idempotency-Key': randomUUID() } });
  if (res.status !== 201) throw new Error(`POST /api/reports: ${res.status} ${await res.text()}`);
  report = (await res.json()) as typeof report;
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function openInbox(page: Page, query = '') {
  await page.goto(`${portal.url}/staff/${query}`);
}

async function logIn(page: Page, user: string, password: string) {
  await page.locator('#st-login').fill(user);
  await page.locator('#st-password').fill(password);
  await page.getByRole('button', { name: t('staff.ui.login.submit'), exact: true }).click();
}

async function act(page: Page, summary: string, text: string, submit: string, confirm?: string) {
  await page.locator('summary', { hasText: summary }).click();
  // The form focuses its first field when it opens: type without clicking, as a keyboard user would.
  await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  await page.keyboard.type(text);
  await page.getByRole('button', { name: submit, exact: true }).click();
  if (confirm) {
    // Irreversible: asked once more, with focus on the question.
    await page.locator('.st-confirm').waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('st-confirm'))).toBe(true);
    await page.getByRole('button', { name: confirm, exact: true }).click();
  }
}

/** expect.poll with room for a loaded two-core machine (its default is one second). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

const statusText = (page: Page) => page.locator('.st-current .st-status').textContent();

describe('staff inbox', () => {
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ctx = await newPhoneContext(browser);
    page = await ctx.newPage();
  });
  afterAll(async () => ctx?.close());

  it('shows the login form to a visitor without a session; axe clean; not for search engines', async () => {
    await openInbox(page);
    await page.locator('#st-login').waitFor();
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
    expect(await axeViolations(page)).toEqual([]);
  });

  it("shows the API's Chinese message for a wrong password, then logs in", async () => {
    await logIn(page, login, 'not the password at all');
    const alert = page.locator('.st-alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(t('staff.error.login_failed'));
    // Focus moves to the message so a screen reader hears it and a keyboard user is next to the form.
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('st-alert'))).toBe(true);
    expect(await page.locator('#st-password').inputValue()).toBe('');

    await logIn(page, login, PASSWORD);
    await page.locator('.st-session').waitFor();
    expect(await page.locator('.st-who').textContent()).toContain(countyByAdcode(outfall.countyAdcode)!.name);
  });

  it('lists the report with its category, place, outfall, age and deadline; filters live in the URL; axe clean', async () => {
    const row = page.locator('.st-item', { hasText: report.trackingNumber });
    await row.waitFor();
    const text = (await row.textContent())!;
    expect(text).toContain(t('report.category.illegal_discharge'));
    expect(text).toContain(outfall.code);
    expect(text).toContain(t('staff.ui.field.ageDays', { n: 0 }));
    expect(text).toMatch(/受理期限 \d{4}\/\d{2}\/\d{2}/);
    expect(await row.locator('.st-status').textContent()).toBe(t('report.status.received'));
    expect(await axeViolations(page)).toEqual([]);

    // A filter that excludes it, then one that includes it; both in the URL, and Back restores the first.
    await page.locator('#st-f-status').selectOption('concluded');
    await page.getByRole('button', { name: t('staff.ui.filters.apply'), exact: true }).click();
    await poll(() => new URL(page.url()).search).toBe('?status=concluded');
    await poll(() => row.count()).toBe(0);
    await page.locator('#st-f-status').selectOption('received');
    await page.locator('#st-f-category').selectOption('illegal_discharge');
    await page.getByRole('button', { name: t('staff.ui.filters.apply'), exact: true }).click();
    await poll(() => new URL(page.url()).search).toBe('?status=received&category=illegal_discharge');
    await row.waitFor();
    await page.goBack();
    await poll(() => new URL(page.url()).search).toBe('?status=concluded');
    expect(await page.locator('#st-f-status').inputValue()).toBe('concluded');
    await poll(() => row.count()).toBe(0);

    // A reload of a filtered URL keeps the filter.
    await openInbox(page, '?status=received');
    await row.waitFor();
    expect(await page.locator('#st-f-status').inputValue()).toBe('received');
  });

  it('opens the report: description, photo (served with the session), routing, contact on demand; axe clean', async () => {
    await page.locator('.st-item', { hasText: report.trackingNumber }).getByRole('link').click();
    await page.locator('h1', { hasText: report.trackingNumber }).waitFor();
    expect(await page.locator('meta[name="robots"]').getAttribute('content')).toContain('noindex');
    expect(await page.locator('.st-description').textContent()).toContain('黄色污水');
    expect(await page.locator(`a[href="/outfalls/${outfall.code}/"]`).count()).toBe(1);
    // The routing decision in words: by the outfall's county.
    expect(await page.locator('section[aria-labelledby="st-routing-title"]').textContent()).toContain(
      t('staff.ui.routing.ruleOutfall', { county: countyByAdcode(outfall.countyAdcode)!.name }),
    );
    // The photo really loaded (the API serves it only with the staff cookie).
    const img = page.locator('.st-photos img').first();
    await img.scrollIntoViewIfNeeded();
    await poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);

    // The contact is not in the page until asked for, and the asking is recorded.
    expect(await page.content()).not.toContain('13912345678');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: t('staff.ui.contact.show'), exact: true }).click();
    await page.locator('.st-contact').waitFor();
    expect(await page.locator('.st-contact').textContent()).toContain('13912345678');
    await page.locator('.st-timeline', { hasText: t('staff.ui.event.contact_viewed') }).waitFor();
    const viewed = dbRow<{ n: number }>(
      "SELECT count(*) AS n FROM report_events e JOIN reports r ON r.id = e.report_id WHERE r.tracking_number = ? AND e.type = 'contact_viewed'",
      report.trackingNumber,
    );
    expect(viewed?.n).toBe(1);
  });

  it('accepts, replies publicly, notes internally and concludes; the page re-renders from each answer', async () => {
    // Accept, by keyboard.
    await page.getByRole('button', { name: t('staff.ui.action.accept'), exact: true }).focus();
    await page.keyboard.press('Enter');
    await poll(() => statusText(page)).toBe(t('report.status.accepted'));
    expect(await page.locator('.st-live').textContent()).toBe(t('staff.ui.done.accept'));
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('st-current'))).toBe(true);

    await act(page, t('staff.ui.action.reply'), REPLY, t('staff.ui.action.reply.submit'), t('staff.ui.confirm.reply.yes'));
    await page.locator('.st-timeline .tr-reply', { hasText: REPLY }).waitFor();
    expect(await statusText(page)).toBe(t('report.status.accepted'));

    await act(page, t('staff.ui.action.note'), NOTE, t('staff.ui.action.note.submit'));
    await page.locator('.st-timeline .st-note', { hasText: NOTE }).waitFor();
    expect(await page.locator('.st-ev-internal', { hasText: NOTE }).locator('.st-tag').textContent()).toBe(t('staff.ui.timeline.internal'));

    // Conclude needs a reply: an empty one is refused in the page, with the field named.
    await page.locator('summary', { hasText: t('staff.ui.action.conclude') }).click();
    await page.getByRole('button', { name: t('staff.ui.action.conclude.submit'), exact: true }).click();
    await page.locator('#st-a-conclude-text-error').waitFor();
    expect(await page.locator('#st-a-conclude-text').getAttribute('aria-invalid')).toBe('true');
    await page.locator('summary', { hasText: t('staff.ui.action.conclude') }).click();

    await act(page, t('staff.ui.action.conclude'), FINAL, t('staff.ui.action.conclude.submit'), t('staff.ui.confirm.conclude.yes'));
    await poll(() => statusText(page)).toBe(t('report.status.concluded'));
    expect(await page.locator('.st-live').textContent()).toBe(t('staff.ui.done.conclude'));
    // Closed: no more status changes offered.
    expect(await page.getByRole('button', { name: t('staff.ui.action.accept'), exact: true }).count()).toBe(0);
    expect(await page.locator('summary', { hasText: t('staff.ui.action.conclude') }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    const row = dbRow<{ status: string }>('SELECT status FROM reports WHERE tracking_number = ?', report.trackingNumber);
    expect(row?.status).toBe('concluded');
  });

  it("the citizen's tracking page shows the replies and the conclusion, never the internal note", async () => {
    const citizen = await newPhoneContext(browser);
    const p = await citizen.newPage();
    await p.goto(`${portal.url}/track/#n=${report.trackingNumber}&c=${report.queryCode}`);
    await p.locator('.tr-status').waitFor();
    expect(await p.locator('.tr-status').textContent()).toBe(t('report.status.concluded'));
    const timeline = (await p.locator('.tr-timeline').textContent())!;
    expect(timeline).toContain(REPLY);
    expect(timeline).toContain(FINAL);
    expect(await p.content()).not.toContain(NOTE);
    expect(await p.content()).not.toContain('13912345678');
    await citizen.close();
  });

  it('logs out: the server forgets the session and the login form comes back', async () => {
    await page.getByRole('button', { name: t('staff.ui.session.logout'), exact: true }).click();
    await page.locator('#st-login').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/staff/me')).status);
    expect(me).toBe(401);
  });
});

describe('province staff', () => {
  let ctx: BrowserContext;
  let page: Page;
  let second: { trackingNumber: string; queryCode: string };
  let other: OutfallRecord;
  const provinceLogin = `ui.province.${Date.now().toString(36)}`;

  beforeAll(async () => {
    staffAdd(['--province', '--login', provinceLogin], PASSWORD);
    const db = buildDb(portal.dbPath, { readonly: true });
    other = publishedRecords(db).find((r) => r.countyAdcode !== outfall.countyAdcode && countyByAdcode(r.countyAdcode))!;
    db.$client.close();
    const body = new FormData();
    body.append('lat', String(outfall.lat));
    body.append('lng', String(outfall.lng));
    body.append('category', 'signboard');
    body.append('description', '排污口旁边的公示标识牌被撞倒，看不清编码。');
    const res = await fetch(`${portal.url}/api/reports`, { method: 'POST', body, headers: { 'Idempotency-Key': randomUUID() } });
    if (res.status !== 201) throw new Error(`POST /api/reports: ${res.status} ${await res.text()}`);
    second = (await res.json()) as typeof second;
    ctx = await newPhoneContext(browser);
    page = await ctx.newPage();
  });
  afterAll(async () => ctx?.close());

  it('sees every county, picks one in the URL, and the staff pages are never cached', async () => {
    const res = await page.goto(`${portal.url}/staff/`);
    expect(res?.headers()['cache-control']).toContain('no-store');
    await page.locator('#st-login').waitFor();
    await logIn(page, provinceLogin, PASSWORD);
    await page.locator('.st-session').waitFor();
    expect(await page.locator('.st-who').textContent()).toContain(t('staff.ui.session.province'));
    await page.locator('#st-f-county').selectOption(outfall.countyAdcode);
    await page.getByRole('button', { name: t('staff.ui.filters.apply'), exact: true }).click();
    await poll(() => new URL(page.url()).search).toBe(`?county=${outfall.countyAdcode}`);
    const row = page.locator('.st-item', { hasText: second.trackingNumber });
    await row.waitFor();
    expect(await row.textContent()).toContain(countyByAdcode(outfall.countyAdcode)!.name);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('may only reassign: no contact, no workflow; the reassignment asks for a county and a reason', async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/staff/report/'),
      page.locator('.st-item', { hasText: second.trackingNumber }).getByRole('link').click(),
    ]);
    expect(res.headers()['cache-control']).toContain('no-store');
    await page.locator('h1', { hasText: second.trackingNumber }).waitFor();
    expect(await page.getByRole('button', { name: t('staff.ui.contact.show'), exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: t('staff.ui.action.accept'), exact: true }).count()).toBe(0);
    expect(await page.locator('.st-action > summary').allTextContents()).toEqual([t('staff.ui.action.transferProvince')]);

    await page.locator('summary', { hasText: t('staff.ui.action.transferProvince') }).click();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('st-a-transfer-county');
    // No county chosen: refused in the page, the select named as the problem.
    await page.getByRole('button', { name: t('staff.ui.action.transferProvince.submit'), exact: true }).click();
    await page.locator('#st-a-transfer-county-error').waitFor();
    await page.locator('#st-a-transfer-county').selectOption(other.countyAdcode);
    await page.locator('#st-a-transfer-text').fill('经核实，问题点位于相邻县境内。');
    await page.getByRole('button', { name: t('staff.ui.action.transferProvince.submit'), exact: true }).click();
    await page.locator('.st-confirm').waitFor();
    expect(await page.locator('.st-confirm').textContent()).toContain(countyByAdcode(other.countyAdcode)!.name);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: t('staff.ui.confirm.transfer.yes'), exact: true }).click();

    const otherName = countyByAdcode(other.countyAdcode)!.name;
    await poll(() => page.locator('.st-live').textContent()).toBe(t('staff.ui.done.transfer', { county: otherName }));
    expect(
      await page
        .locator('.facts', { hasText: t('staff.ui.field.county') })
        .first()
        .textContent(),
    ).toContain(otherName);
    expect(await page.locator('.st-timeline').textContent()).toContain(
      t('staff.ui.event.transferred', { from: countyByAdcode(outfall.countyAdcode)!.name, to: otherName }),
    );
    const row = dbRow<{ county_adcode: string; status: string }>('SELECT county_adcode, status FROM reports WHERE tracking_number = ?', second.trackingNumber);
    expect(row).toEqual({ county_adcode: other.countyAdcode, status: 'received' });
  });
});

describe('staff login throttling', () => {
  it('says how long to wait after too many failures', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await openInbox(page);
    await page.locator('#st-login').waitFor();
    const alert = page.locator('.st-alert');
    // An unknown login is throttled exactly like a real one (the API must not tell them apart).
    const nobody = `nobody.${Date.now().toString(36)}`;
    let text = '';
    for (let i = 0; i < 10 && !text.includes('秒后再试'); i++) {
      await logIn(page, nobody, 'wrong password 123');
      await alert.waitFor();
      await poll(async () => page.locator('button[type="submit"]:not([disabled])').count()).toBe(1);
      text = (await alert.textContent()) ?? '';
    }
    expect(text).toMatch(/请 \d+ 秒后再试/);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });
});
