import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { readerLanguage } from '../../../api/middleware/language.ts';

const dir = mkdtempSync(join(tmpdir(), 'lang-'));
mkdirSync(join(dir, 'ko', 'outfalls', 'YB1'), { recursive: true });
writeFileSync(join(dir, 'ko', 'outfalls', 'YB1', 'index.html'), '<html lang="ko">');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = new Hono();
app.use('*', readerLanguage(dir));
app.get('*', (c) => {
  c.header('Vary', 'Accept-Encoding');
  return c.text('zh page');
});
const get = (path: string, headers: Record<string, string> = {}) => app.request(`http://portal.test${path}`, { headers });

describe('readerLanguage', () => {
  it.each([
    ['ko-KR,ko;q=0.9,zh-CN;q=0.8', 'ko'],
    ['ko', 'ko'],
    ['zh-CN,zh;q=0.9,ko;q=0.8', 'zh'],
    ['en-US,ko;q=0.5,zh;q=0.4', 'ko'],
    ['en-US,en;q=0.9', 'zh'],
    ['zh-TW,ko;q=0.9', 'zh'],
    ['ko;q=0,zh', 'zh'],
  ])('Accept-Language %s on a bilingual page → %s', async (acceptLanguage, want) => {
    const res = await get('/outfalls/YB1/', { 'Accept-Language': acceptLanguage });
    if (want === 'ko') {
      expect(res.status).toBe(302);
      expect(res.headers.get('Location')).toBe('/ko/outfalls/YB1/');
    } else {
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('zh page');
    }
    expect(res.headers.get('Vary')).toContain('Accept-Language');
  });

  it('keeps the query and never redirects a click from this site (the language switch)', async () => {
    expect((await get('/outfalls/YB1/?x=1', { 'Accept-Language': 'ko' })).headers.get('Location')).toBe('/ko/outfalls/YB1/?x=1');
    const res = await get('/outfalls/YB1/', { 'Accept-Language': 'ko', Referer: 'http://portal.test/ko/outfalls/YB1/' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBe('Accept-Encoding, Accept-Language, Referer');
    // A link from elsewhere (a chat, a search engine) is not a choice made on this site.
    expect((await get('/outfalls/YB1/', { 'Accept-Language': 'ko', Referer: 'https://elsewhere.example/' })).status).toBe(302);
  });

  it('leaves pages without a Korean twin, Korean pages and other methods alone', async () => {
    for (const path of ['/outfalls/ZZ9/', '/ko/outfalls/YB1/', '/api/health', '/outfalls/YB1/../../etc/']) {
      const res = await get(path, { 'Accept-Language': 'ko' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Vary'), path).toBe('Accept-Encoding');
    }
    expect((await app.request('http://portal.test/outfalls/YB1/', { method: 'POST', headers: { 'Accept-Language': 'ko' } })).status).toBe(404);
  });
});
