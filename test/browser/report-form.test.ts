import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { axeViolations, launchChromium, newPhoneContext } from '../support/chromium.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * The report form on a phone (390×844) in real Chromium against the real server and API: a 12 MP
 * photo with GPS goes in, is downscaled in the browser before upload, its position is offered and
 * used, the nearest outfall is attached, the report is stored, and the tracking link works.
 */

const portal = inject('portal');
let browser: Browser;
let records: OutfallRecord[];

beforeAll(async () => {
  records = readPortalDb(publishedRecords);
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** The description in the form's draft stored on the device (IndexedDB of src/components/report/outbox.ts), or undefined without a draft. */
function storedDraftDescription(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      new Promise<string | undefined>((resolve, reject) => {
        const req = indexedDB.open('jl-outfalls-report');
        req.onsuccess = () => {
          const get = req.result.transaction('drafts').objectStore('drafts').get('current');
          get.onsuccess = () => {
            req.result.close();
            resolve(get.result === undefined ? undefined : String(get.result.fields?.description ?? ''));
          };
          get.onerror = () => reject(get.error);
        };
        req.onerror = () => reject(req.error);
      }),
  );
}

/** Degrees as an EXIF rational triple (deg/1 min/1 sec×1000/1000). */
function dms(x: number): string {
  const d = Math.floor(x);
  const m = Math.floor((x - d) * 60);
  const s = Math.round(((x - d) * 60 - m) * 60 * 1000);
  return `${d}/1 ${m}/1 ${s}/1000`;
}

/**
 * A phone-camera-like JPEG: 4000×3000 with noise (so it is megabytes, like a real photo), EXIF GPS,
 * and orientation 6 (the sensor was held in portrait: the upright picture is 3000×4000).
 */
async function cameraJpeg(lat: number, lng: number): Promise<Buffer> {
  const base = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#5b7b5a', noise: { type: 'gaussian', mean: 110, sigma: 40 } } })
    .blur(0.6)
    .jpeg({ quality: 92 })
    .toBuffer();
  const withExif = await sharp(base)
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'TP-12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(lat), GPSLongitudeRef: 'E', GPSLongitude: dms(lng) },
    })
    // withExif cannot set the orientation tag itself; withMetadata can.
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 92 })
    .toBuffer();
  const meta = await sharp(withExif).metadata();
  if (meta.orientation !== 6 || !meta.exif) throw new Error('test photo lacks its EXIF orientation or GPS');
  return withExif;
}

function dbRows<T>(sql: string, ...params: unknown[]): T[] {
  return readPortalDb((db) => db.$client.prepare(sql).all(...params) as T[]);
}

async function openForm(page: Page, query = '') {
  await page.goto(`${portal.url}/report/${query}`);
  // Hydrated: the island runs (before that the server-rendered form posts without script).
  await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
}

describe('report form at a phone viewport', () => {
  it('has no axe violations, and keeps the submit button within thumb reach (the form without script: report-nojs.test.ts)', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await openForm(page);
    expect(await axeViolations(page)).toEqual([]);
    // The primary button stays reachable with one thumb: sticky at the bottom of the viewport.
    const box = (await page.locator('button.rf-submit').boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.y).toBeGreaterThan(844 / 2);
    // Script takes over: the browser's own checks are off, the buttons that need script are there.
    expect(await page.locator('form.rf-form').getAttribute('novalidate')).not.toBeNull();
    expect(await page.getByRole('button', { name: t('reportForm.location.gps') }).count()).toBe(1);
    await ctx.close();
  });

  it('downscales a 12 MP photo before upload, offers its GPS, submits, and follows the tracking link', async () => {
    const outfall = records[Math.floor(records.length / 3)]!;
    // The photo was taken ~60 m north of the outfall.
    const photoLat = outfall.lat + 0.00054;
    const photoLng = outfall.lng;
    const photo = await cameraJpeg(photoLat, photoLng);
    expect(photo.length).toBeGreaterThan(2_000_000);

    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const uploads: { body: Buffer; headers: Record<string, string> }[] = [];
    await page.route('**/api/reports', async (route) => {
      const req = route.request();
      if (req.method() === 'POST') uploads.push({ body: req.postDataBuffer()!, headers: await req.allHeaders() });
      await route.continue();
    });
    await openForm(page);

    await page.setInputFiles('#rf-photos', { name: 'IMG_20260501_081500.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.rf-thumbs li').first().waitFor();
    await page.getByRole('button', { name: t('reportForm.location.usePhoto') }).click();
    expect(Number(await page.inputValue('#rf-lat'))).toBeCloseTo(photoLat, 4);
    expect(Number(await page.inputValue('#rf-lng'))).toBeCloseTo(photoLng, 4);

    // The nearest outfalls are listed with distances; attach the report to ours.
    const radio = page.locator(`#rf-outfall-${outfall.code}`);
    await radio.waitFor();
    await expect(page.locator(`label[for="rf-outfall-${outfall.code}"]`).textContent()).resolves.toMatch(/\d+ 米/);
    await page.locator(`label[for="rf-outfall-${outfall.code}"]`).click();
    expect(await radio.isChecked()).toBe(true);

    await page.locator('label[for="rf-category-illegal_discharge"]').click();
    await page.fill('#rf-description', '排污口早上一直在排黑色污水，有刺鼻气味，河面有泡沫。');
    // Anonymous by default, and the confidentiality statement is there.
    await expect(page.getByText(t('reportForm.contact.confidential')).isVisible()).resolves.toBe(true);
    await expect(page.locator('.rf-chip').textContent()).resolves.toBe(t('reportForm.contact.anonymous'));
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('button.rf-submit').click();
    const number = page.locator('[data-testid="tracking-number"]');
    await number.waitFor({ timeout: 30_000 });
    const trackingNumber = (await number.textContent())!.trim();
    const queryCode = (await page.locator('[data-testid="query-code"]').textContent())!.trim();
    expect(trackingNumber).toMatch(/^JL\d{4}-\d{6,}$/);
    expect(queryCode).toMatch(/^[0-9A-Z]{8}$/);
    const county = countyByAdcode(outfall.countyAdcode)!;
    await expect(page.locator('.rf-receipt').textContent()).resolves.toContain(t('report.bureauName', { city: county.cityName, county: county.name }));
    expect(await axeViolations(page)).toEqual([]);

    // What crossed the network: one small JPEG, upright, long edge 2048, without EXIF.
    expect(uploads).toHaveLength(1);
    const sent = await new Response(new Uint8Array(uploads[0]!.body), { headers: { 'Content-Type': uploads[0]!.headers['content-type']! } }).formData();
    expect(uploads[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent.get('outfallCode')).toBe(outfall.code);
    expect(sent.get('locationSource')).toBe('photo');
    expect(sent.get('category')).toBe('illegal_discharge');
    expect(sent.has('contactName')).toBe(false);
    const files = sent.getAll('photos') as File[];
    expect(files).toHaveLength(1);
    const uploaded = Buffer.from(await files[0]!.arrayBuffer());
    const meta = await sharp(uploaded).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1536, 2048]);
    expect(meta.exif).toBeUndefined();
    expect(uploaded.length).toBeLessThan(photo.length / 3);

    // The server stored exactly this report, attached to the outfall, with its photo.
    const rows = dbRows<{ id: number; outfall_code: string; county_adcode: string; location_source: string }>(
      'SELECT id, outfall_code, county_adcode, location_source FROM reports WHERE tracking_number = ?',
      trackingNumber,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outfall_code: outfall.code, county_adcode: outfall.countyAdcode, location_source: 'photo' });
    expect(dbRows<{ n: number }>('SELECT count(*) AS n FROM report_photos WHERE report_id = ?', rows[0]!.id)[0]!.n).toBe(1);

    // Follow the link on the receipt: the code travels in the fragment, the page shows the status.
    await page.getByRole('link', { name: t('reportForm.result.track') }).click();
    await page.locator('.tr-status').waitFor();
    const trackUrl = new URL(page.url());
    expect([trackUrl.pathname, trackUrl.search, trackUrl.hash]).toEqual(['/track/', '', `#n=${trackingNumber}&c=${queryCode}`]);
    await expect(page.locator('.tr-status').textContent()).resolves.toBe(t('report.status.received'));
    await expect(page.locator('#track-result').textContent()).resolves.toContain(trackingNumber);
    // The device remembers its receipt: the tracking page lists it for next time.
    await expect(page.locator('#track-saved').textContent()).resolves.toContain(trackingNumber);
    expect(await axeViolations(page)).toEqual([]);

    // The draft is gone once the report is in.
    await page.goto(`${portal.url}/report/`);
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    expect(await page.inputValue('#rf-description')).toBe('');
    expect(await page.locator('.rf-thumbs li').count()).toBe(0);
    await ctx.close();
  });

  it('preselects the outfall and its location from ?outfall=<code>', async () => {
    const outfall = records[records.length - 5]!;
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await openForm(page, `?outfall=${encodeURIComponent(outfall.code)}`);
    await page.locator(`#rf-outfall-${outfall.code}:checked`).waitFor();
    expect(Number(await page.inputValue('#rf-lat'))).toBeCloseTo(outfall.lat, 5);
    expect(Number(await page.inputValue('#rf-lng'))).toBeCloseTo(outfall.lng, 5);
    await expect(page.locator('.rf-preselected').textContent()).resolves.toContain(outfall.code);
    await expect(page.locator(`label[for="rf-outfall-${outfall.code}"]`).textContent()).resolves.toContain(outfall.name);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('loads the map only when asked, and a tap on it sets the location', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await openForm(page);
    await page.waitForLoadState('networkidle');
    expect(requested.filter((u) => /maplibre|map-picker|\/map\/base\./.test(u))).toEqual([]);

    await page.getByRole('button', { name: t('reportForm.location.map') }).click();
    const canvas = page.locator('.rf-map canvas');
    await canvas.waitFor({ timeout: 30_000 });
    await page.getByText(t('reportForm.location.mapHint')).waitFor();
    expect(requested.some((u) => /maplibre-gl/.test(u))).toBe(true);
    await page.locator('.rf-map').scrollIntoViewIfNeeded();
    const box = (await page.locator('.rf-map').boundingBox())!;
    // Near the centre but off the outfall dots' clusters would be luck; any tap sets a point.
    await canvas.click({ position: { x: box.width / 2 + 37, y: box.height / 2 - 23 } });
    await page.locator('#rf-location-status', { hasText: t('reportForm.location.mapPicked') }).waitFor();
    const lat = Number(await page.inputValue('#rf-lat'));
    const lng = Number(await page.inputValue('#rf-lng'));
    // The province view: the point is somewhere in Jilin.
    expect(lat).toBeGreaterThan(40.8);
    expect(lat).toBeLessThan(46.4);
    expect(lng).toBeGreaterThan(121.6);
    expect(lng).toBeLessThan(131.4);
    // A finger tap (an emulated touch, no mouse) sets the point too.
    const mapBox = (await page.locator('.rf-map').boundingBox())!;
    await page.touchscreen.tap(mapBox.x + mapBox.width / 2 - 61, mapBox.y + mapBox.height / 2 + 47);
    await expect.poll(async () => Number(await page.inputValue('#rf-lng'))).not.toBe(lng);
    expect(Number(await page.inputValue('#rf-lng'))).toBeLessThan(lng);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  });

  it("takes the location from the phone's GPS, and says clearly when it is refused", async () => {
    const outfall = records[3]!;
    const ctx = await newPhoneContext(browser, { geolocation: { latitude: outfall.lat, longitude: outfall.lng, accuracy: 9 }, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    await openForm(page);
    await page.getByRole('button', { name: t('reportForm.location.gps') }).click();
    await page.locator('#rf-location-status', { hasText: t('reportForm.location.gpsOk', { accuracy: 9 }) }).waitFor();
    expect(Number(await page.inputValue('#rf-lat'))).toBeCloseTo(outfall.lat, 5);
    expect(Number(await page.inputValue('#rf-lng'))).toBeCloseTo(outfall.lng, 5);
    // The outfall at that spot is the nearest, 0 m away.
    await expect(page.locator('.rf-outfalls .rf-choices li').nth(1).textContent()).resolves.toContain(outfall.name);
    await ctx.close();

    const denied = await newPhoneContext(browser, { permissions: [] });
    const p2 = await denied.newPage();
    await openForm(p2);
    await p2.getByRole('button', { name: t('reportForm.location.gps') }).click();
    await p2.locator('#rf-location-status', { hasText: t('reportForm.location.gpsDenied') }).waitFor();
    expect(await p2.inputValue('#rf-lat')).toBe('');
    await denied.close();
  });

  it('keeps a draft on the device, photos included, restores it with a notice, and clears it on request', async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await openForm(page);
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles('#rf-photos', { name: 'draft.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('.rf-thumbs li').waitFor();
    await page.locator('label[for="rf-category-abnormal_water"]').click();
    await page.fill('#rf-description', '草稿：河面漂着一层油。');
    // "Saved" is shown only once the current fields and photos are on the device (every edit clears it).
    await page.getByText(t('reportForm.draft.saved')).waitFor();
    expect(await storedDraftDescription(page)).toBe('草稿：河面漂着一层油。');

    await page.reload();
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    await page.getByRole('button', { name: t('reportForm.draft.clear') }).waitFor();
    expect(await page.inputValue('#rf-description')).toBe('草稿：河面漂着一层油。');
    expect(await page.locator('#rf-category-abnormal_water').isChecked()).toBe(true);
    expect(await page.locator('.rf-thumbs li').count()).toBe(1);
    expect(await page.locator('.rf-thumbs img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: t('reportForm.draft.clear') }).click();
    expect(await page.inputValue('#rf-description')).toBe('');
    // The draft leaves the device before the reload that proves it is gone.
    await expect.poll(() => storedDraftDescription(page), { timeout: 10_000 }).toBeUndefined();
    await page.reload();
    await page.locator('form.rf-form[data-hydrated="true"]').waitFor();
    expect(await page.inputValue('#rf-description')).toBe('');
    expect(await page.locator('.rf-thumbs li').count()).toBe(0);
    expect(await page.getByRole('button', { name: t('reportForm.draft.clear') }).count()).toBe(0);
    await ctx.close();
  });

  it("shows errors next to the fields, focuses the first, and maps the API's field errors", async () => {
    const ctx = await newPhoneContext(browser);
    const page = await ctx.newPage();
    await openForm(page);
    await page.locator('button.rf-submit').click();
    await page.locator('#rf-lat-error').waitFor();
    // Focus moves after the errors render: poll instead of reading it once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('rf-lat');
    await expect(page.locator('#rf-description-error').textContent()).resolves.toBe(t('report.error.required', { field: t('report.field.description') }));
    expect(await page.getAttribute('#rf-description', 'aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    // A point in Liaoning passes the browser's rough box check; the server refuses it (422) and
    // its Chinese message appears at the location, which gets the focus.
    await page.fill('#rf-lat', '41.80');
    await page.fill('#rf-lng', '123.40');
    await page.locator('label[for="rf-category-other"]').click();
    await page.fill('#rf-description', '河边有一根管子在排水，颜色发黄。');
    // With a photo attached the point is checked first: the refusal comes before any upload.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    const small = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#446655' } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles('#rf-photos', { name: 'liaoning.jpg', mimeType: 'image/jpeg', buffer: small });
    await page.locator('.rf-thumbs li').waitFor();
    await page.locator('button.rf-submit').click();
    await page.locator('#rf-lat-error').waitFor();
    await expect(page.locator('#rf-lat-error').textContent()).resolves.toContain('12369');
    expect(posts).toEqual([]);
    // Focus moves after the errors render: poll instead of reading it once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('rf-lat');
    // Nothing was queued for a refused report: the form is back, with what the citizen typed.
    expect(await page.inputValue('#rf-description')).toBe('河边有一根管子在排水，颜色发黄。');
    await ctx.close();
  });
});
