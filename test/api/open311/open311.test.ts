import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openContact } from '../../../api/reports/contact.ts';
import { type ReportStatus, reportContacts, reportEvents, reports } from '../../../src/kernel/db/schema.ts';
import { CATEGORY_KEYS } from '../../../src/kernel/report/categories.ts';
import { count, form, makeTestApp, outfallRecord, postReport, publishOutfalls, TEST_CONTACT_KEY, type TestApp, validFields } from '../helpers.ts';

/**
 * Open311 GeoReport v2 under /open311/v2, through app.request: discovery, services, requests GET and
 * POST (form-encoded, as Open311 clients send it), one request, and the error format.
 */

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const V2 = '/open311/v2';
const DAY = 86_400_000;
const valid = { service_code: 'illegal_discharge', lat: '43.85', long: '125.35', description: '河边排口在排黑色污水，气味刺鼻。' };

function post(app: TestApp, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.app.request(`${V2}/requests.json`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '198.51.100.9', ...headers },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read many shapes of Open311 answers and assert on them field by field
const json = async (res: Response) => (await res.json()) as any;

type Open311Error = { code: number; description: string; error_code: string; field: string | null };

async function expectOpen311Error(res: Response, status: number, errorCode: string, field?: string): Promise<Open311Error[]> {
  const body = (await res.json()) as Open311Error[];
  expect(res.status).toBe(status);
  expect(Array.isArray(body)).toBe(true);
  expect(body[0]).toMatchObject({ code: status, error_code: errorCode, ...(field === undefined ? {} : { field }) });
  expect(body[0]!.description).toMatch(/\p{Script=Han}/u);
  return body;
}

function act(app: TestApp, trackingNumber: string, status: ReportStatus, note?: string) {
  const at = app.now().toISOString();
  const row = app.db.select().from(reports).where(eq(reports.trackingNumber, trackingNumber)).get()!;
  app.db.update(reports).set({ status, updatedAt: at }).where(eq(reports.id, row.id)).run();
  app.db
    .insert(reportEvents)
    .values({ reportId: row.id, type: 'status_changed', actor: 'staff:1', public: true, status, note: note ?? null, at })
    .run();
}

describe('discovery and services', () => {
  it('discovery.json names the GeoReport v2 endpoint, JSON only', async () => {
    t = makeTestApp({ PUBLIC_BASE_URL: 'https://hbpwk.example.gov.cn' });
    const body = await json(await t.app.request(`${V2}/discovery.json`));
    expect(body.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'https://hbpwk.example.gov.cn/open311/v2',
        changeset: body.changeset,
        type: 'production',
        formats: ['application/json'],
      },
    ]);
  });

  it('services.json maps every report category to a service, saying media_url is not supported', async () => {
    t = makeTestApp();
    const res = await t.app.request(`${V2}/services.json`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.map((s: { service_code: string }) => s.service_code)).toEqual([...CATEGORY_KEYS]);
    expect(body[0]).toMatchObject({ service_code: 'illegal_discharge', service_name: '偷排/超标排放', metadata: true, type: 'realtime', group: '入河排污口' });
    for (const s of body) expect(s.description).toContain('不支持 media_url');
  });

  it('services/<code>.json defines the optional outfall_code attribute', async () => {
    t = makeTestApp();
    const body = await json(await t.app.request(`${V2}/services/signboard.json`));
    expect(body).toMatchObject({
      service_code: 'signboard',
      attributes: [{ code: 'outfall_code', variable: true, required: false, datatype: 'string', order: 1 }],
    });
    await expectOpen311Error(await t.app.request(`${V2}/services/nope.json`), 400, 'invalid_category', 'service_code');
    await expectOpen311Error(await t.app.request(`${V2}/services.xml`), 404, 'api_not_found');
    await expectOpen311Error(await t.app.request(`${V2}/services/signboard.xml`), 404, 'unsupported_format');
  });

  it('answers unknown paths in the Open311 error format', async () => {
    t = makeTestApp();
    await expectOpen311Error(await t.app.request(`${V2}/tokens/1.json`), 404, 'api_not_found');
  });
});

describe('POST requests.json', () => {
  it('creates a report through the same service: routed, numbered, contact sealed, delivery decided', async () => {
    t = makeTestApp();
    const res = await post(t, { ...valid, first_name: '娜娜', last_name: '欧阳', phone: '139 1234 5678', api_key: 'anything', jurisdiction_id: 'jl' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual([
      {
        service_request_id: 'JL2026-000001',
        service_notice: expect.stringContaining('长春市生态环境局南关区分局'),
        account_id: null,
        query_code: expect.stringMatching(/^[2-9A-Z]{8}$/),
      },
    ]);
    expect(body[0].service_notice).toContain(body[0].query_code);
    const row = t.db.select().from(reports).get()!;
    expect(row).toMatchObject({
      trackingNumber: 'JL2026-000001',
      category: 'illegal_discharge',
      countyAdcode: '220102',
      lat: 43.85,
      lng: 125.35,
      status: 'received',
      deliveryState: 'inbox_only',
    });
    const sealed = t.db.select().from(reportContacts).get()!;
    expect(openContact(Buffer.from(TEST_CONTACT_KEY, 'hex'), sealed.sealed, 'JL2026-000001')).toEqual({ name: '欧阳娜娜', phone: '13912345678' });
    // The native tracking endpoint knows it by the code Open311 returned.
    const track = await t.app.request(`/api/reports/JL2026-000001?code=${body[0].query_code}`);
    expect(track.status).toBe(200);
  });

  it('routes by the outfall_code attribute like the native outfallCode', async () => {
    t = makeTestApp();
    publishOutfalls(t, [outfallRecord({ code: 'TEST-220104-0001', countyAdcode: '220104', countyName: '朝阳区', lng: 125.29, lat: 43.83 })]);
    const res = await post(t, { ...valid, 'attribute[outfall_code]': 'test-220104-0001' });
    expect(res.status).toBe(200);
    expect(t.db.select().from(reports).get()).toMatchObject({ outfallCode: 'TEST-220104-0001', countyAdcode: '220104', routingRule: 'outfall_county' });
  });

  it('accepts an e-mail address but keeps nothing of it, and says so', async () => {
    t = makeTestApp();
    const res = await post(t, { ...valid, email: 'citizen@example.com' });
    expect(res.status).toBe(200);
    expect((await json(res))[0].service_notice).toContain('不保存电子邮箱');
    expect(count(t, 'report_contacts')).toBe(0);
    expect(JSON.stringify(t.db.$client.prepare('SELECT * FROM reports').all())).not.toContain('citizen@example.com');
  });

  it.each([
    ['no lat (address only)', { ...valid, lat: undefined, long: undefined, address_string: '人民大街 1 号' }, 400, 'required', 'lat'],
    ['a bad long', { ...valid, long: '1e2' }, 400, 'invalid_lng', 'long'],
    ['an unknown service_code', { ...valid, service_code: 'potholes' }, 400, 'invalid_category', 'service_code'],
    ['no service_code', { ...valid, service_code: undefined }, 400, 'required', 'service_code'],
    ['a short description', { ...valid, description: '太脏' }, 400, 'description_too_short', 'description'],
    ['a bad phone', { ...valid, phone: '12345' }, 400, 'invalid_phone', 'phone'],
    ['a long name', { ...valid, first_name: '名'.repeat(30), last_name: '姓'.repeat(15) }, 400, 'contact_name_too_long', 'first_name'],
    ['a bad outfall code', { ...valid, 'attribute[outfall_code]': 'bad code!' }, 400, 'invalid_outfall_code', 'attribute[outfall_code]'],
    ['an unknown outfall', { ...valid, 'attribute[outfall_code]': 'NOPE-220102-9999' }, 400, 'unknown_outfall', 'attribute[outfall_code]'],
    ['a media_url', { ...valid, media_url: 'https://example.com/photo.jpg' }, 400, 'media_url_unsupported', 'media_url'],
    ['a point outside Jilin', { ...valid, lat: '39.9', long: '116.4' }, 422, 'outside_province', undefined],
  ] as const)('refuses %s in the Open311 error format and writes nothing', async (_what, fields, status, code, field) => {
    t = makeTestApp();
    publishOutfalls(t, []);
    const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>;
    await expectOpen311Error(await post(t, clean), status, code, field);
    expect(count(t, 'reports')).toBe(0);
  });

  it('fills the limits into the Chinese message', async () => {
    t = makeTestApp();
    const [e] = await expectOpen311Error(await post(t, { ...valid, description: '太脏' }), 400, 'description_too_short', 'description');
    expect(e!.description).toBe('description: 问题描述至少需要 5 个字');
  });

  it('lists every bad field, one entry each', async () => {
    t = makeTestApp();
    const body = await expectOpen311Error(await post(t, { service_code: 'x', lat: 'north', long: 'east', description: '' }), 400, 'invalid_lat', 'lat');
    expect(body.map((e) => e.field)).toEqual(['lat', 'long', 'service_code', 'description']);
  });

  it('refuses a field sent twice', async () => {
    t = makeTestApp();
    const params = new URLSearchParams(valid);
    params.append('lat', '43.86');
    const res = await t.app.request(`${V2}/requests.json`, { method: 'POST', body: params, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    await expectOpen311Error(res, 400, 'duplicate_field', 'lat');
  });

  it('validates exactly like POST /api/reports (same codes for the same bad values)', async () => {
    t = makeTestApp();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ lat: '91' }, { lat: '91' }],
      [{ long: '181' }, { lng: '181' }],
      [{ description: 'a\u0007bcdef' }, { description: 'a\u0007bcdef' }],
      [{ description: 'x'.repeat(2001) }, { description: 'x'.repeat(2001) }],
      [{ phone: '0431-123' }, { contactPhone: '0431-123' }],
      [{ lat: '43.8500000000001' }, { lat: '43.8500000000001' }],
    ];
    for (const [open311, native] of cases) {
      const a = (await json(await post(t, { ...valid, ...open311 })))[0].error_code;
      const b = (await json(await postReport(t, form(validFields(native))))).error.code;
      expect({ open311, code: a }).toEqual({ open311, code: b });
    }
  });
});

describe('POST requests.json: idempotency', () => {
  it('with an Idempotency-Key, a retry gets the same request id and creates nothing', async () => {
    t = makeTestApp();
    const key = randomUUID();
    const first = await json(await post(t, valid, { 'Idempotency-Key': key }));
    const again = await post(t, valid, { 'Idempotency-Key': key });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await json(again))[0].service_request_id).toBe(first[0].service_request_id);
    expect(count(t, 'reports')).toBe(1);
    await expectOpen311Error(await post(t, { ...valid, description: '另一份内容不同的举报描述' }, { 'Idempotency-Key': key }), 422, 'idempotency_key_reused');
    await expectOpen311Error(await post(t, valid, { 'Idempotency-Key': 'not-a-uuid' }), 400, 'idempotency_key_invalid');
  });

  it('shares keys with the native API: an Open311 retry of a report first sent natively replays it', async () => {
    t = makeTestApp();
    const key = randomUUID();
    const native = await json(await postReport(t, form(validFields()), {}, key));
    const res = await post(t, valid, { 'Idempotency-Key': key });
    expect((await json(res))[0].service_request_id).toBe(native.trackingNumber);
  });

  it('without a key every POST is a new report (documented: no retry protection)', async () => {
    t = makeTestApp();
    await post(t, valid);
    await post(t, valid);
    expect(count(t, 'reports')).toBe(2);
  });
});

describe('GET requests.json and requests/<id>.json', () => {
  async function seed(app: TestApp) {
    publishOutfalls(app, [outfallRecord({ code: 'TEST-220102-0001', lng: 125.3712345, lat: 43.8612345 })]);
    const ids: string[] = [];
    for (const fields of [
      { ...valid, lat: '43.851234', long: '125.354321', first_name: '秘密', phone: '13811112222', description: '描述里有个人信息：张三 13900000000' },
      { ...valid, service_code: 'signboard', 'attribute[outfall_code]': 'TEST-220102-0001' },
      { ...valid, lat: '43.95', long: '125.32' },
    ]) {
      ids.push((await json(await post(app, fields)))[0].service_request_id);
      app.advance(DAY);
    }
    return ids;
  }

  it('lists public fields only, newest first, with status, reply, agency and deadline', async () => {
    t = makeTestApp();
    const [a, b, c] = await seed(t);
    act(t, a!, 'accepted');
    act(t, a!, 'concluded', '已责令企业整改，复查合格。');
    const res = await t.app.request(`${V2}/requests.json`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([c, b, a]);
    const ra = body.find((r: { service_request_id: string }) => r.service_request_id === a);
    expect(ra).toEqual({
      service_request_id: a,
      status: 'closed',
      status_notes: '已责令企业整改，复查合格。',
      service_name: '偷排/超标排放',
      service_code: 'illegal_discharge',
      description: null,
      agency_responsible: '长春市生态环境局南关区分局',
      service_notice: null,
      requested_datetime: '2026-05-01T02:00:00.000Z',
      updated_datetime: t.now().toISOString(),
      expected_datetime: null,
      address: null,
      address_id: null,
      zipcode: null,
      lat: 43.851,
      long: 125.354,
      media_url: null,
    });
    const rb = body.find((r: { service_request_id: string }) => r.service_request_id === b);
    // At the outfall's published place; open, due 60 days after receipt.
    expect(rb).toMatchObject({ status: 'open', status_notes: null, lat: 43.8612345, long: 125.3712345, expected_datetime: '2026-07-01T02:00:00.000Z' });
    expect(body.find((r: { service_request_id: string }) => r.service_request_id === c).agency_responsible).toBe('长春市生态环境局宽城区分局');
    const text = JSON.stringify(body);
    for (const leak of ['秘密', '13811112222', '张三', '13900000000', '43.851234', '125.354321']) expect(text).not.toContain(leak);
  });

  it('filters by status, service_code, dates and ids', async () => {
    t = makeTestApp();
    const [a, b, c] = await seed(t);
    act(t, a!, 'rejected', '不属于排污口问题');
    const ids = async (q: string) =>
      ((await json(await t!.app.request(`${V2}/requests.json?${q}`))) as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(await ids('status=closed')).toEqual([a]);
    expect(await ids('status=open')).toEqual([c, b]);
    expect(await ids('status=open,closed')).toEqual([c, b, a]);
    expect(await ids('service_code=signboard')).toEqual([b]);
    expect(await ids('service_code=signboard,illegal_discharge&status=open')).toEqual([c, b]);
    expect(await ids(`start_date=${encodeURIComponent('2026-05-02T00:00:00Z')}`)).toEqual([c, b]);
    expect(await ids(`end_date=${encodeURIComponent('2026-05-02T10:00:00+08:00')}`)).toEqual([b, a]);
    expect(await ids(`service_request_id=${a},${c!.toLowerCase()}&status=open`)).toEqual([c, a]);
  });

  it('defaults to the last 90 days', async () => {
    t = makeTestApp();
    const [a] = await seed(t);
    t.advance(95 * DAY);
    const [d] = await seed(t);
    const listed = ((await json(await t.app.request(`${V2}/requests.json`))) as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(listed).toContain(d);
    expect(listed).not.toContain(a);
    const all = ((await json(await t.app.request(`${V2}/requests.json?start_date=2026-01-01T00:00:00Z`))) as unknown[]).length;
    expect(all).toBe(6);
  });

  it.each([
    ['status=pending', 'status'],
    ['service_code=potholes', 'service_code'],
    ['start_date=yesterday', 'start_date'],
    ['end_date=2026-05-01', 'end_date'],
    ['service_request_id=123', 'service_request_id'],
  ])('refuses %s', async (q, field) => {
    t = makeTestApp();
    await expectOpen311Error(await t.app.request(`${V2}/requests.json?${q}`), 400, 'invalid_parameter', field);
  });

  it('requests/<id>.json gives one request; an unknown one is 404', async () => {
    t = makeTestApp();
    const [a] = await seed(t);
    const body = await json(await t.app.request(`${V2}/requests/${a}.json`));
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ service_request_id: a, status: 'open' });
    expect((await json(await t.app.request(`${V2}/requests/${a!.toLowerCase()}.json`)))[0].service_request_id).toBe(a);
    await expectOpen311Error(await t.app.request(`${V2}/requests/JL2026-999999.json`), 404, 'request_not_found');
    await expectOpen311Error(await t.app.request(`${V2}/requests/whatever.json`), 404, 'request_not_found');
    await expectOpen311Error(await t.app.request(`${V2}/requests/${a}.xml`), 404, 'unsupported_format');
  });
});
