import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { t as msg } from '../../../src/kernel/i18n/index.ts';
import type { CitizenAnswer } from '../../../src/kernel/report/contract/citizen-pages.ts';
import { count, type Fields, filesUnder, form, jpeg, makeTestApp, outfallRecord, publishOutfalls, type TestApp, validFields } from '../helpers.ts';

/**
 * The no-JS forms (api/reports/pages.ts) through app.request. Without the site the answers come
 * back as JSON (`answerAsJson`); the browser tests see the same answers as pages.
 */

const apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.cleanup();
});
/** A test app, cleaned up after the test. */
function app(env: Record<string, string> = {}): TestApp {
  const a = makeTestApp(env);
  apps.push(a);
  return a;
}

const ORIGIN = { Origin: 'http://localhost', 'X-Forwarded-For': '198.51.100.9' };

function postForm(t: TestApp, fields: Fields, photos: Parameters<typeof form>[1] = [], headers: Record<string, string> = ORIGIN) {
  return t.app.request('/report/', { method: 'POST', body: form(fields, photos), headers });
}

async function answer<P extends CitizenAnswer['page']>(res: Response, page: P): Promise<Extract<CitizenAnswer, { page: P }>> {
  const body = (await res.json()) as CitizenAnswer;
  expect(body.page).toBe(page);
  expect(res.status).toBe(body.status);
  return body as Extract<CitizenAnswer, { page: P }>;
}

describe('POST /report/ (the report form without JavaScript)', () => {
  it('stores the report once and answers with the receipt; the back button resubmitting it gets the same receipt', async () => {
    const t = app();
    const fields = validFields({ formToken: randomUUID(), locationSource: 'typed' });
    const first = await answer(await postForm(t, fields, [{ bytes: await jpeg() }]), 'report-receipt');
    expect(first.status).toBe(201);
    expect(first.receipt.trackingNumber).toMatch(/^JL\d{4}-\d{6}$/);
    expect(first.receipt.queryCode).toMatch(/^[2-9A-Z]{8}$/);
    expect(first.replayed).toBe(false);

    // The same token with other content (here: without the photo) creates nothing: the form again, with a fresh token.
    const again = await answer(await postForm(t, fields), 'report-form');
    expect(again.status).toBe(422);
    expect(again.notice).toBe(msg('reportForm.answer.tokenReused'));
    expect(again.token).not.toBe(fields.formToken);
    expect(count(t, 'reports')).toBe(1);
  });

  it('a double submit and a resubmission with the same token and content make exactly one report', async () => {
    const t = app();
    const fields = validFields({ formToken: randomUUID() });
    const photo = await jpeg(640, 480);
    const [a, b] = await Promise.all([postForm(t, fields, [{ bytes: photo }]), postForm(t, fields, [{ bytes: photo }])]);
    const ra = await answer(a, 'report-receipt');
    const rb = await answer(b, 'report-receipt');
    expect(rb.receipt).toEqual(ra.receipt);
    expect([ra.replayed, rb.replayed].sort()).toEqual([false, true]);
    const back = await answer(await postForm(t, fields, [{ bytes: photo }]), 'report-receipt');
    expect(back).toMatchObject({ status: 201, replayed: true, receipt: ra.receipt });
    expect(count(t, 'reports')).toBe(1);
    expect(count(t, 'report_photos')).toBe(1);
  });

  it('shows the form again with what was typed and each problem next to its field; nothing is written', async () => {
    const t = app();
    const token = randomUUID();
    const res = await postForm(t, { lat: '43.85', lng: '125.35', description: '太短', contactName: '张三', formToken: token });
    const body = await answer(res, 'report-form');
    expect(body.status).toBe(400);
    expect(body.values).toMatchObject({ lat: '43.85', lng: '125.35', description: '太短', contactName: '张三' });
    expect(body.errors.map((e) => [e.field, e.code])).toEqual([
      ['category', 'required'],
      ['description', 'description_too_short'],
    ]);
    expect(body.errors[1]!.message).toBe(msg('report.error.description_too_short', { min: 5 }));
    // The token was not used: the corrected form goes through with it.
    expect(body.token).toBe(token);
    expect(count(t, 'reports')).toBe(0);
    expect(count(t, 'idempotency_keys')).toBe(0);
  });

  it('refuses a point outside Jilin after the photos were read, leaving no file and no row, and asks for the photos again', async () => {
    const t = app();
    const res = await postForm(t, validFields({ lat: '41.80', lng: '123.40', formToken: randomUUID() }), [{ bytes: await jpeg() }]);
    const body = await answer(res, 'report-form');
    expect(body.status).toBe(422);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'location', code: 'outside_province' })]);
    expect(body.errors[0]!.message).toContain('12369');
    expect(body.notice).toBe(msg('reportForm.answer.photosAgain'));
    expect(filesUnder(t.uploadDir).filter((f) => !f.startsWith('tmp'))).toEqual([]);
    expect(count(t, 'reports') + count(t, 'report_photos') + count(t, 'idempotency_keys')).toBe(0);
  });

  it("takes the outfall's own location when reached from its page without a typed point", async () => {
    const t = app();
    publishOutfalls(t, [outfallRecord({ code: 'TEST-220102-0001', lat: 43.86, lng: 125.37 })]);
    const res = await postForm(t, { outfallCode: 'TEST-220102-0001', category: 'signboard', description: '标识牌被撞倒了。', formToken: randomUUID() });
    const body = await answer(res, 'report-receipt');
    const row = t.db.$client.prepare('SELECT lat, lng, outfall_code, location_source FROM reports').get();
    expect(row).toEqual({ lat: 43.86, lng: 125.37, outfall_code: 'TEST-220102-0001', location_source: null });
    expect(body.receipt.county.adcode).toBe('220102');
    // A form re-rendered for that outfall names it.
    const again = await answer(await postForm(t, { outfallCode: 'TEST-220102-0001', formToken: randomUUID() }), 'report-form');
    expect(again.outfall).toEqual({ code: 'TEST-220102-0001', name: '伊通河南关区测试排污口', lat: 43.86, lng: 125.37 });
  });

  it('sends nothing without the form token, and refuses a post from another site', async () => {
    const t = app();
    const noToken = await answer(await postForm(t, validFields()), 'report-form');
    expect(noToken).toMatchObject({ status: 400, notice: msg('reportForm.answer.tokenMissing'), values: { category: 'illegal_discharge' } });
    expect(noToken.token).toMatch(/^[0-9a-f-]{36}$/);
    const crossSite = await postForm(t, validFields({ formToken: randomUUID() }), [], { Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(count(t, 'reports')).toBe(0);
  });

  it('shares the rate limit with the JSON API and says "try again in N minutes", keeping what was typed', async () => {
    const t = app({ REPORT_RATE_LIMIT: '1', REPORT_RATE_WINDOW_S: '600' });
    await answer(await postForm(t, validFields({ formToken: randomUUID() })), 'report-receipt');
    const limited = await answer(await postForm(t, validFields({ description: '第二份：又在排了。', formToken: randomUUID() })), 'report-form');
    expect(limited.status).toBe(429);
    expect(limited.errors).toEqual([{ code: 'rate_limited', field: '', message: msg('reportForm.errors.throttled', { minutes: 10 }) }]);
    expect(limited.values.description).toBe('第二份：又在排了。');
    expect(count(t, 'reports')).toBe(1);
  });
});

describe('POST /track/ (tracking without JavaScript)', () => {
  it('shows status, timeline and the statutory dates for the right pair; a wrong code answers like an unknown number; the code is never logged', async () => {
    const t = app();
    const created = await answer(await postForm(t, validFields({ formToken: randomUUID() })), 'report-receipt');
    const { trackingNumber, queryCode } = created.receipt;
    const track = (n: string, c: string) =>
      t.app.request('/track/', {
        method: 'POST',
        body: new URLSearchParams({ n, c }),
        headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    const ok = await answer(await track(trackingNumber.toLowerCase(), queryCode.toLowerCase()), 'track-result');
    expect(ok.view).toMatchObject({ trackingNumber, status: 'received', statusLabel: msg('report.status.received') });
    expect(ok.view.deadlines).toEqual([
      { kind: 'acceptance', due: '2026-05-08T02:00:00.000Z', overdue: false },
      { kind: 'conclusion', due: '2026-06-30T02:00:00.000Z', overdue: false },
    ]);
    const wrong = await answer(
      await track(
        trackingNumber,
        queryCode.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')),
      ),
      'track-form',
    );
    const unknown = await answer(await track('JL2026-999999', queryCode), 'track-form');
    expect({ ...wrong, number: '' }).toEqual({ ...unknown, number: '' });
    expect(wrong).toMatchObject({ status: 404, errors: [{ message: msg('track.notFound') }] });
    expect(t.logs.join('\n')).not.toContain(queryCode);
    expect(t.logs.some((l) => l.includes('"path":"/track/"'))).toBe(true);
  });
});
