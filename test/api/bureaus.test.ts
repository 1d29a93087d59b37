import { afterEach, describe, expect, it } from 'vitest';
import { bureauListSchema } from '../../api/reports/schemas.ts';
import { makeTestApp, type TestApp } from './helpers.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('GET /api/bureaus', () => {
  it('serves the 60 bureaus with address, phone, tel: link, 12369 and the demo mark, and is in the OpenAPI document', async () => {
    t = makeTestApp();
    const res = await t.app.request('/api/bureaus');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const list = bureauListSchema.parse(await res.json());
    expect(list).toHaveLength(60);
    expect(list.find((b) => b.adcode === '220102')).toMatchObject({
      bureau: '长春市生态环境局南关区分局',
      hotline: '12369',
      demo: true,
      statsPath: '/stats/220102/',
      tel: expect.stringMatching(/^tel:0431\d+$/),
    });
    // biome-ignore lint/suspicious/noExplicitAny: walking the OpenAPI document by path
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, any> };
    expect(Object.keys(doc.paths['/api/bureaus'].get.responses['200'].content['application/json'].schema.items.properties)).toEqual(
      expect.arrayContaining(['bureau', 'address', 'phone', 'tel', 'hotline', 'demo', 'statsPath']),
    );
  });
});

describe('GET /api/locate (the check before photos are uploaded)', () => {
  it('names the county of a point, refuses a point outside Jilin with 12369, and stores nothing', async () => {
    t = makeTestApp();
    const ok = await t.app.request('/api/locate?lat=43.85&lng=125.35');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ county: { adcode: '220102', name: '南关区', cityName: '长春市', bureau: '长春市生态环境局南关区分局' } });
    const outside = await t.app.request('/api/locate?lat=41.80&lng=123.40');
    expect(outside.status).toBe(422);
    const body = (await outside.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('outside_province');
    expect(body.error.message).toContain('12369');
    expect((await t.app.request('/api/locate?lat=abc&lng=125')).status).toBe(400);
    expect(t.db.$client.prepare('SELECT count(*) AS n FROM reports').get()).toEqual({ n: 0 });
  });
});
