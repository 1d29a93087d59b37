import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { count, filesUnder, form, jpeg, makeTestApp, outfallRecord, postReport, publishOutfalls, type TestApp, validFields } from '../helpers.ts';

/**
 * What a citizen does after sending a report (api/reports/followups.ts), through the JSON API:
 * earlier reports nearby, 「我也看到了」, adding information, rating and asking for a review.
 */

const apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.cleanup();
});
function app(env: Record<string, string> = {}): TestApp {
  const a = makeTestApp(env);
  apps.push(a);
  return a;
}

interface Created {
  trackingNumber: string;
  queryCode: string;
}

async function report(t: TestApp, extra: Record<string, string> = {}): Promise<Created> {
  const res = await postReport(t, form(validFields(extra)));
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

const idOf = (t: TestApp, n: string) => (t.db.$client.prepare('SELECT id FROM reports WHERE tracking_number = ?').get(n) as { id: number }).id;

/** The county's steps to conclusion, written as the case service writes them. */
function conclude(t: TestApp, n: string) {
  const id = idOf(t, n);
  const at = t.now().toISOString();
  t.db.$client.prepare("UPDATE reports SET status = 'concluded', updated_at = ? WHERE id = ?").run(at, id);
  t.db.$client
    .prepare(
      "INSERT INTO report_events (report_id, type, actor, public, status, note, data, at) VALUES (?, 'status_changed', 'staff:1', 1, 'concluded', '已封堵。', '{}', ?)",
    )
    .run(id, at);
}

const json = (t: TestApp, path: string, body: unknown) =>
  t.app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '198.51.100.7' } });

const status = async (t: TestApp, r: Created) =>
  (await (await t.app.request(`/api/reports/${r.trackingNumber}?code=${r.queryCode}`)).json()) as Record<string, unknown>;

describe('GET /api/reports/nearby', () => {
  it('lists reports of the last 30 days within 200 m or about the outfall — category, status, day, supporters; never contents', async () => {
    const t = app();
    publishOutfalls(t, [outfallRecord({ code: 'TEST-220102-0001', lat: 43.86, lng: 125.37 })]);
    const near = await report(t, { lat: '43.85', lng: '125.35', description: '这是不能公开的描述，含人名张三。' });
    await report(t, { lat: '43.8530', lng: '125.35' }); // ~330 m north: too far
    const atOutfall = await report(t, { lat: '43.86', lng: '125.37', outfallCode: 'TEST-220102-0001' });
    const res = await t.app.request('/api/reports/nearby?lat=43.8510&lng=125.3505');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { trackingNumber: string }[];
    expect(list.map((r) => r.trackingNumber)).toEqual([near.trackingNumber]);
    expect(list[0]).toEqual({
      trackingNumber: near.trackingNumber,
      category: { key: 'illegal_discharge', name: '偷排/超标排放' },
      status: 'received',
      statusLabel: '已收到',
      receivedOn: '2026-05-01',
      supporters: 0,
      open: true,
    });
    expect(JSON.stringify(list)).not.toContain('张三');
    const byOutfall = (await (await t.app.request('/api/reports/nearby?outfallCode=test-220102-0001')).json()) as { trackingNumber: string }[];
    expect(byOutfall.map((r) => r.trackingNumber)).toEqual([atOutfall.trackingNumber]);
    t.advance(31 * 86_400_000);
    expect(await (await t.app.request('/api/reports/nearby?lat=43.85&lng=125.35')).json()).toEqual([]);
    expect((await t.app.request('/api/reports/nearby')).status).toBe(400);
  });
});

describe('POST /api/reports/:n/supports (「我也看到了」)', () => {
  it('adds a supporter with an optional photo exactly once, shows in the timeline and refuses a closed report', async () => {
    const t = app();
    const r = await report(t);
    const key = randomUUID();
    const photo = await jpeg(320, 240);
    const post = (k: string, photos: Buffer[] = [photo]) =>
      t.app.request(`/api/reports/${r.trackingNumber}/supports`, {
        method: 'POST',
        body: form(
          {},
          photos.map((bytes) => ({ bytes })),
        ),
        headers: { 'Idempotency-Key': k, 'X-Forwarded-For': '198.51.100.7' },
      });
    const first = await post(key);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ trackingNumber: r.trackingNumber, supporters: 1 });
    const again = await post(key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await (await post(randomUUID(), [])).json()).toEqual({ trackingNumber: r.trackingNumber, supporters: 2 });
    expect(count(t, 'report_supports')).toBe(2);
    expect(count(t, 'report_photos')).toBe(1);
    const view = await status(t, r);
    expect(view.supporters).toBe(2);
    expect((view.timeline as { type: string; label: string }[]).filter((e) => e.type === 'supported')).toHaveLength(2);
    expect(
      (await t.app.request('/api/reports/JL2026-999999/supports', { method: 'POST', body: form({}), headers: { 'Idempotency-Key': randomUUID() } })).status,
    ).toBe(404);
    conclude(t, r.trackingNumber);
    const closed = await post(randomUUID());
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('support_closed');
    expect(filesUnder(t.uploadDir).filter((f) => f.endsWith('.jpg'))).toHaveLength(1);
  });
});

describe('POST /api/reports/:n/additions', () => {
  it('lets the reporter add text and photos until conclusion; the bureau sees them; a wrong code is not_found', async () => {
    const t = app();
    const r = await report(t);
    const add = (fields: Record<string, string>, photos: Buffer[] = []) =>
      t.app.request(`/api/reports/${r.trackingNumber}/additions`, {
        method: 'POST',
        body: form(
          fields,
          photos.map((bytes) => ({ bytes })),
        ),
        headers: { 'Idempotency-Key': randomUUID(), 'X-Forwarded-For': '198.51.100.7' },
      });
    const res = await add({ code: r.queryCode, text: '今天下午又排了一次，颜色更深。' }, [await jpeg(200, 150)]);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ trackingNumber: r.trackingNumber, photos: 1 });
    expect((await add({ code: 'ABCDEFGH', text: '冒充的补充' })).status).toBe(404);
    const empty = await add({ code: r.queryCode, text: '  ' });
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('addition_empty');
    const view = await status(t, r);
    expect((view.timeline as { type: string; note?: string }[]).find((e) => e.type === 'citizen_addition')).toMatchObject({
      label: '举报人补充了信息',
      note: '今天下午又排了一次，颜色更深。',
    });
    const event = t.db.$client.prepare("SELECT note, data FROM report_events WHERE type = 'citizen_addition'").get() as { note: string; data: string };
    expect(event).toEqual({ note: '今天下午又排了一次，颜色更深。', data: JSON.stringify({ photos: [1] }) });
    conclude(t, r.trackingNumber);
    const late = await add({ code: r.queryCode, text: '办结后再补充' });
    expect(late.status).toBe(409);
  });
});

describe('rating and review', () => {
  it('rates a concluded report once; a dissatisfied reporter asks for a review within 15 days, once', async () => {
    const t = app();
    const r = await report(t);
    const rate = (rating: string, code = r.queryCode) => json(t, `/api/reports/${r.trackingNumber}/rating`, { code, rating });
    const review = (reason: string) => json(t, `/api/reports/${r.trackingNumber}/review`, { code: r.queryCode, reason });
    expect((await rate('satisfied')).status).toBe(409);
    conclude(t, r.trackingNumber);
    expect((await status(t, r)).can).toEqual({ add: false, rate: true, review: false });
    expect((await rate('great')).status).toBe(400);
    expect((await rate('dissatisfied', 'ABCDEFGH')).status).toBe(404);
    expect((await review('没有真正封堵')).status).toBe(409);
    expect((await rate('dissatisfied')).status).toBe(200);
    expect((await rate('dissatisfied')).status).toBe(200);
    expect((await rate('satisfied')).status).toBe(409);
    expect((await status(t, r)).can).toEqual({ add: false, rate: false, review: true });
    const asked = await review('排口只是挪了位置，晚上还在排。');
    expect(asked.status).toBe(201);
    expect((await review('排口只是挪了位置，晚上还在排。')).status).toBe(201);
    expect((await review('另一个理由')).status).toBe(409);
    const view = await status(t, r);
    expect(view.review).toMatchObject({ status: 'requested', statusLabel: '已申请' });
    expect(view.rating).toEqual({ key: 'dissatisfied', label: '不满意' });
    expect(count(t, 'report_reviews')).toBe(1);
  });

  it('refuses a review asked for more than 15 days after conclusion', async () => {
    const t = app();
    const r = await report(t);
    conclude(t, r.trackingNumber);
    await json(t, `/api/reports/${r.trackingNumber}/rating`, { code: r.queryCode, rating: 'dissatisfied' });
    t.advance(16 * 86_400_000);
    const res = await json(t, `/api/reports/${r.trackingNumber}/review`, { code: r.queryCode, reason: '太晚了吗' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'review_too_late',
      message: '办结 15 天后不能再申请复核',
    });
  });
});
