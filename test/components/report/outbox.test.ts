import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { apiFields, EMPTY_FORM, errorsFromApi, type FormState } from '../../../src/components/report/form-model.ts';
import { locationRefusal, type OutboxItem, sendItem } from '../../../src/components/report/outbox.ts';
import { count, jpeg, makeTestApp, NANGUAN, type TestApp } from '../../api/helpers.ts';

/**
 * The outbox's sending half against the real API (app.request, in-memory database, real
 * migrations): what the form sends is accepted, a retry with the same key is the same report, and
 * every kind of answer is classified as sent, retry-later or refused. (The IndexedDB half runs in
 * the browser tests.)
 */

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const viaApp = (app: TestApp) => ((url: string | URL | Request, init?: RequestInit) => app.app.request(String(url), init)) as typeof fetch;

function item(fields: Record<string, string>, photos: OutboxItem['photos'] = []): OutboxItem {
  return { key: randomUUID(), endpoint: 'http://localhost/api/reports', createdAt: new Date().toISOString(), fields, photos, state: 'queued', attempts: 0 };
}

const state: FormState = {
  ...EMPTY_FORM,
  lat: NANGUAN.lat,
  lng: NANGUAN.lng,
  locationSource: 'gps',
  accuracyM: '8',
  category: 'abnormal_water',
  description: '  河水发黑发臭，有死鱼。 ',
};

describe('sendItem against the real API', () => {
  it('sends what the form builds; a retry with the same key answers with the same report and creates nothing', async () => {
    t = makeTestApp();
    const photo = await jpeg(320, 240);
    const one = item(apiFields(state), [
      { id: 'p1', blob: new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), name: 'photo-1.jpg', width: 320, height: 240 },
    ]);
    const first = await sendItem(one, viaApp(t));
    expect(first.kind).toBe('sent');
    if (first.kind !== 'sent') return;
    expect(first.receipt.trackingNumber).toMatch(/^JL\d{4}-\d{6}$/);
    expect(first.receipt.county).toMatchObject({ adcode: '220102', bureau: '长春市生态环境局南关区分局' });

    const again = await sendItem(one, viaApp(t));
    expect(again).toEqual(first);
    expect(count(t, 'reports')).toBe(1);
    expect(count(t, 'report_photos')).toBe(1);
    const row = t.db.$client.prepare('SELECT location_source, description FROM reports').get();
    expect(row).toEqual({ location_source: 'gps', description: '河水发黑发臭，有死鱼。' });
  });

  it.each([
    ['a description that is too short', { ...state, description: '黑水' }, 400, 'description_too_short', 'description'],
    ['a phone number that is not one', { ...state, contactPhone: '12345' }, 400, 'invalid_phone', 'contactPhone'],
    ['a point outside Jilin', { ...state, lat: '41.80', lng: '123.40' }, 422, 'outside_province', 'lat'],
  ] as const)('refuses %s, naming the form field', async (_, s, status, code, formField) => {
    t = makeTestApp();
    const outcome = await sendItem(item(apiFields(s)), viaApp(t));
    expect(outcome.kind).toBe('rejected');
    if (outcome.kind !== 'rejected') return;
    expect(outcome.status).toBe(status);
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(errorsFromApi(outcome.error).map((e) => e.field)).toEqual([formField]);
    expect(count(t, 'reports')).toBe(0);
  });

  it('keeps a report for later when the client is rate-limited (429), and sends it once allowed', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '1', REPORT_RATE_WINDOW_S: '60' });
    expect((await sendItem(item(apiFields(state)), viaApp(t))).kind).toBe('sent');
    const waiting = item(apiFields({ ...state, description: '第二份举报：排口在冒白烟。' }));
    const limited = await sendItem(waiting, viaApp(t));
    expect(limited).toMatchObject({ kind: 'retry', reason: 'throttled' });
    expect(limited.kind === 'retry' && limited.retryAfterS).toBeGreaterThan(0);
    t.advance(61_000);
    expect((await sendItem(waiting, viaApp(t))).kind).toBe('sent');
    expect(count(t, 'reports')).toBe(2);
  });

  it.each([
    ['the network fails', () => Promise.reject(new TypeError('Failed to fetch')), { kind: 'retry', reason: 'network' }],
    ['a proxy answers 502 with HTML', () => Promise.resolve(new Response('<h1>Bad gateway</h1>', { status: 502 })), { kind: 'retry', reason: 'server' }],
    [
      'the server is busy (503, Retry-After)',
      () => Promise.resolve(Response.json({ error: { code: 'busy' } }, { status: 503, headers: { 'Retry-After': '2' } })),
      { kind: 'retry', reason: 'server', retryAfterS: 2 },
    ],
    [
      'the first try is still being processed (409)',
      () => Promise.resolve(Response.json({ error: { code: 'request_in_progress' } }, { status: 409 })),
      { kind: 'retry', reason: 'server' },
    ],
    ['a 2xx without a receipt', () => Promise.resolve(Response.json({ ok: true }, { status: 200 })), { kind: 'retry', reason: 'server' }],
  ])('retries later when %s', async (_, fake, expected) => {
    expect(await sendItem(item(apiFields(state)), fake as typeof fetch)).toEqual(expected);
  });

  it('sends the Idempotency-Key header and every photo', async () => {
    let seen: { key: string | null; photos: number } | undefined;
    const fake = (async (_url: string, init: RequestInit) => {
      const body = init.body as FormData;
      seen = { key: new Headers(init.headers).get('Idempotency-Key'), photos: body.getAll('photos').length };
      return Promise.reject(new TypeError('offline'));
    }) as unknown as typeof fetch;
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    const one = item(
      apiFields(state),
      [1, 2, 3].map((n) => ({ id: `p${n}`, blob, name: `photo-${n}.jpg`, width: 1, height: 1 })),
    );
    await sendItem(one, fake);
    expect(seen).toEqual({ key: one.key, photos: 3 });
  });

  it('checks the point before the photos go: a point outside Jilin comes back as the refusal, anything else lets the upload go on', async () => {
    t = makeTestApp();
    const endpoint = 'http://localhost/api/reports';
    expect(await locationRefusal(endpoint, apiFields(state), viaApp(t))).toBeUndefined();
    const outside = await locationRefusal(endpoint, apiFields({ ...state, lat: '41.80', lng: '123.40' }), viaApp(t));
    expect(outside).toMatchObject({ code: 'outside_province', field: 'location' });
    expect(errorsFromApi(outside!)).toEqual([{ field: 'lat', message: outside!.message }]);
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    expect(await locationRefusal(endpoint, apiFields({ ...state, lat: '41.80', lng: '123.40' }), offline)).toBeUndefined();
    expect(count(t, 'reports')).toBe(0);
  });
});
