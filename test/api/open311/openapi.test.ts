import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('GET /api/openapi.json covers statistics and Open311', () => {
  it('lists every path with the schemas the handlers validate with', async () => {
    t = makeTestApp();
    // biome-ignore lint/suspicious/noExplicitAny: the test walks the OpenAPI document by path
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, any> };
    for (const path of [
      '/api/stats',
      '/api/stats/{adcode}',
      '/api/outfalls/{code}/report-stats',
      '/open311/v2/discovery.json',
      '/open311/v2/services.json',
      '/open311/v2/services/{service_code}.json',
      '/open311/v2/requests.json',
      '/open311/v2/requests/{service_request_id}.json',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const post = doc.paths['/open311/v2/requests.json'].post;
    const form = post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(Object.keys(form.properties)).toEqual(
      expect.arrayContaining([
        'service_code',
        'lat',
        'long',
        'description',
        'attribute[outfall_code]',
        'first_name',
        'last_name',
        'phone',
        'email',
        'media_url',
      ]),
    );
    const query = doc.paths['/open311/v2/requests.json'].get.parameters.map((p: { name: string }) => p.name);
    expect(query).toEqual(expect.arrayContaining(['service_request_id', 'service_code', 'status', 'start_date', 'end_date']));
    const stats = doc.paths['/api/stats'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(stats.properties.province.properties)).toEqual(
      expect.arrayContaining(['received', 'acceptedShare', 'medianDaysToAcceptance', 'concludedOnTimeShare', 'months']),
    );
    expect(doc.paths['/api/stats/{adcode}'].get.parameters[0]).toMatchObject({ name: 'adcode', in: 'path', schema: { pattern: '^\\d{6}$' } });
  });
});
