import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReportStatus, reportEvents, reports } from '../../../src/kernel/db/schema.ts';
import { computeStats } from '../../../src/kernel/report/stats/compute.ts';
import { loadTimelines } from '../../../src/kernel/report/stats/service.ts';
import { form, makeTestApp, outfallRecord, postReport, publishOutfalls, type TestApp, validFields } from '../helpers.ts';

/**
 * GET /api/stats, /api/stats/:adcode and /api/outfalls/:code/report-stats over reports created
 * through the real API and moved through the workflow the way the staff service writes it (status
 * on the report, one status_changed event).
 */

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const DAY = 86_400_000;
const SECRET_DESCRIPTION = '统计接口不应出现的描述文字XYZ';

async function create(app: TestApp, extra: Record<string, string> = {}) {
  const res = await postReport(app, form(validFields({ description: SECRET_DESCRIPTION, contactName: '统计测试人', contactPhone: '13800001111', ...extra })));
  expect(res.status).toBe(201);
  const { trackingNumber } = (await res.json()) as { trackingNumber: string };
  return app.db.select().from(reports).where(eq(reports.trackingNumber, trackingNumber)).get()!;
}

/** A staff action as the workflow writes it, `days` after now. */
function act(app: TestApp, reportId: number, status: ReportStatus, note?: string) {
  const at = app.now().toISOString();
  app.db.transaction((tx) => {
    tx.update(reports).set({ status, updatedAt: at }).where(eq(reports.id, reportId)).run();
    tx.insert(reportEvents)
      .values({ reportId, type: 'status_changed', actor: 'staff:1', public: true, status, note: note ?? null, at })
      .run();
  });
}

const get = async (app: TestApp, path: string) => {
  const res = await app.app.request(path);
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the answer field by field
  return { res, body: (await res.json()) as any };
};

describe('GET /api/stats', () => {
  it('gives the province and all 60 counties, numbers only', async () => {
    t = makeTestApp();
    const a = await create(t);
    const b = await create(t);
    await create(t, { lat: '43.95', lng: '125.32' }); // 宽城区, left undecided
    t.advance(2 * DAY);
    act(t, a.id, 'accepted');
    t.advance(1 * DAY);
    act(t, b.id, 'rejected', '不属于入河排污口问题');
    t.advance(7 * DAY);
    act(t, a.id, 'concluded', '已责令整改');
    t.advance(31_000);

    const { res, body } = await get(t, '/api/stats');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(body.deadlines).toEqual({ acceptDays: 7, concludeDays: 60 });
    expect(body.province).toMatchObject({
      received: 3,
      decided: 2,
      accepted: 1,
      rejected: 1,
      concluded: 1,
      open: 1,
      acceptedShare: 0.5,
      medianDaysToAcceptance: 2,
      medianDaysToConclusion: 10,
      // a (2 d) and b (3 d) decided in time; the 宽城区 one is 10 days old and undecided.
      decisionDue: 3,
      decidedOnTime: 2,
      conclusionDue: 1,
      concludedOnTime: 1,
    });
    expect(body.province.months.map((m: { month: string; received: number }) => [m.month, m.received])).toEqual([['2026-05', 3]]);
    expect(body.counties).toHaveLength(60);
    const nanguan = body.counties.find((c: { adcode: string }) => c.adcode === '220102');
    expect(nanguan).toMatchObject({ name: '南关区', bureau: '长春市生态环境局南关区分局', received: 2, accepted: 1, rejected: 1 });
    expect(nanguan.months).toBeUndefined();
    expect(body.counties.find((c: { adcode: string }) => c.adcode === '220103')).toMatchObject({ received: 1, decided: 0, decisionDue: 1 });
    expect(body.counties.find((c: { adcode: string }) => c.adcode === '222426')).toMatchObject({ received: 0, acceptedShare: null });

    // The same numbers as the pure computation over the stored timelines.
    const direct = computeStats(loadTimelines(t.db), { now: t.now(), deadlines: { acceptDays: 7, concludeDays: 60 } });
    expect(body.province.received).toBe(direct.province.received);
    expect(body.province.concludedOnTimeShare).toBe(direct.province.concludedOnTimeShare);

    // Nothing of the reports themselves.
    const text = JSON.stringify(body);
    for (const leak of [SECRET_DESCRIPTION, '统计测试人', '13800001111', a.trackingNumber, '已责令整改', '不属于入河排污口问题', '43.85', '125.35'])
      expect(text).not.toContain(leak);
  });

  it('reuses the figures for 30 seconds, then recomputes', async () => {
    t = makeTestApp();
    await create(t);
    expect((await get(t, '/api/stats')).body.province.received).toBe(1);
    await create(t);
    t.advance(29_000);
    expect((await get(t, '/api/stats')).body.province.received).toBe(1);
    t.advance(2_000);
    expect((await get(t, '/api/stats')).body.province.received).toBe(2);
  });
});

describe('GET /api/stats/:adcode', () => {
  it('gives one county with its months', async () => {
    t = makeTestApp();
    await create(t);
    t.advance(40 * DAY);
    const { res, body } = await get(t, '/api/stats/220102');
    expect(res.status).toBe(200);
    expect(body.county).toEqual({ adcode: '220102', name: '南关区', cityAdcode: '220100', cityName: '长春市', bureau: '长春市生态环境局南关区分局' });
    expect(body.received).toBe(1);
    expect(body.months.map((m: { month: string }) => m.month)).toEqual(['2026-06', '2026-05']);
  });

  it('gives zeros for a county without reports', async () => {
    t = makeTestApp();
    const { body } = await get(t, '/api/stats/220184');
    expect(body).toMatchObject({ county: { name: '公主岭市' }, received: 0, months: [] });
  });

  it.each(['999999', '220100', 'abc', '2201021'])('answers 404 county_not_found for %s', async (code) => {
    t = makeTestApp();
    const { res, body } = await get(t, `/api/stats/${code}`);
    expect(res.status).toBe(404);
    expect(body.error.code).toBe('county_not_found');
    expect(body.error.message).toMatch(/\p{Script=Han}/u);
  });
});

describe('GET /api/outfalls/:code/report-stats', () => {
  it('counts the reports about an outfall and the concluded ones, live', async () => {
    t = makeTestApp();
    publishOutfalls(t, [outfallRecord({ code: 'TEST-220102-0001' }), outfallRecord({ code: 'TEST-220102-0002', name: '另一个排污口' })]);
    const r1 = await create(t, { outfallCode: 'TEST-220102-0001' });
    await create(t, { outfallCode: 'TEST-220102-0001' });
    await create(t);
    let { res, body } = await get(t, '/api/outfalls/TEST-220102-0001/report-stats');
    expect(res.status).toBe(200);
    expect(body).toEqual({ code: 'TEST-220102-0001', reports: 2, concluded: 0, asOf: t.now().toISOString() });
    act(t, r1.id, 'accepted');
    act(t, r1.id, 'concluded', '已处理');
    ({ body } = await get(t, '/api/outfalls/test-220102-0001/report-stats'));
    expect(body).toMatchObject({ code: 'TEST-220102-0001', reports: 2, concluded: 1 });
    ({ body } = await get(t, '/api/outfalls/TEST-220102-0002/report-stats'));
    expect(body).toMatchObject({ reports: 0, concluded: 0 });
  });

  it.each(['NOPE-0000-0000', 'bad code!'])('answers 404 outfall_not_found for %s', async (code) => {
    t = makeTestApp();
    const { res, body } = await get(t, `/api/outfalls/${encodeURIComponent(code)}/report-stats`);
    expect(res.status).toBe(404);
    expect(body.error.code).toBe('outfall_not_found');
  });
});
