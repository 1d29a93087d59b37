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
