import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_CONTENT_SECURITY_POLICY,
  astroIslandHashes,
  builtSiteHashes,
  inlineHashes,
  siteContentSecurityPolicy,
  tileOrigins,
} from '../../api/middleware/security-headers.ts';
import { createPortal } from '../../api/server.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { form, jpeg, makeTestApp, postReport, TEST_CONTACT_KEY, type TestApp, validFields } from './helpers.ts';

/**
 * Security headers on every answer: the API through `app.request`, and the portal as api/server.ts
 * composes it (API + static files + Astro's handler + 404 page) over a small built-site stand-in on
 * a real socket. The real built site in real Chromium is test/built/security-headers.test.ts.
 */

/** Directive → sources. */
function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function expectCommonHeaders(res: Response, what: string) {
  for (const [k, v] of Object.entries(COMMON)) expect(res.headers.get(k), `${what}: ${k}`).toBe(v);
  const pp = res.headers.get('permissions-policy') ?? '';
  expect(pp, what).toContain('geolocation=(self)');
  expect(pp, what).toContain('camera=(self)');
  // Nothing else is granted to anyone.
  expect(
    pp
      .split(',')
      .map((s) => s.trim())
      .filter((s) => !s.endsWith('=()'))
      .sort(),
    what,
  ).toEqual(['camera=(self)', 'geolocation=(self)']);
  expect(res.headers.get('referrer-policy'), what).toMatch(/^(strict-origin-when-cross-origin|same-origin)$/);
  expect(res.headers.get('content-security-policy'), what).toBeTruthy();
}

describe('the site policy', () => {
  const policy = siteContentSecurityPolicy({
    scripts: ["'sha256-AAA='", "'sha256-AAA='"],
    styles: ["'sha256-BBB='"],
    tileOrigins: ['https://t0.tianditu.gov.cn'],
  });
  const csp = parseCsp(policy);

  it('allows what the pages and maplibre need and nothing more', () => {
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", "'sha256-AAA='"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'style-src-elem': ["'self'", "'sha256-BBB='"],
      'style-src-attr': ["'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:', 'https://t0.tianditu.gov.cn'],
      'font-src': ["'self'"],
      'connect-src': ["'self'", 'https://t0.tianditu.gov.cn'],
      'worker-src': ["'self'", 'blob:'],
      'manifest-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/\s\*(\s|;|$)|https?:(\s|;|$)/);
  });

  it('the API policy lets nothing load and nothing frame it', () => {
    expect(Object.fromEntries(parseCsp(API_CONTENT_SECURITY_POLICY))).toEqual({
      'default-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it.each([
    [{}, []],
    [{ TIANDITU_TOKEN: 'a'.repeat(32) }, Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn`)],
    [{ MAP_TILE_URL: 'https://Tiles.Example.cn:8443/osm/{z}/{x}/{y}.png?key=1' }, ['https://tiles.example.cn:8443']],
    [{ MAP_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' }, ['https://*.tile.example.org']],
  ])('tile hosts for %j', (config, expected) => {
    expect(tileOrigins(config)).toEqual(expected);
  });
});

describe('inline script and style hashes', () => {
  it('hashes exactly what a browser hashes: the text between the tags, runnable types only', () => {
    const html = [
      // MDN's worked example of a CSP hash.
      "<script>alert('Hello, world.');</script>",
      '<script type="module">import "/x.js";</script>',
      '<script src="/a.js"></script>',
      '<script type="application/json" id="cfg">{"a":1}</script>',
      '<script type="application/ld+json">{}</script>',
      '<style>astro-island{display:contents}</style>',
    ].join('\n');
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(inlineHashes(html)).toEqual({
      scripts: ["'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='", sha('import "/x.js";')].sort(),
      styles: [sha('astro-island{display:contents}')],
    });
  });

  it('collects them from every HTML file of a built site, once each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-site-'));
    try {
      mkdirSync(join(dir, 'a', 'b'), { recursive: true });
      writeFileSync(join(dir, 'index.html'), '<script>one()</script><script>two()</script>');
      writeFileSync(join(dir, 'a', 'b', 'index.html'), '<script>two()</script><style>p{}</style>');
      writeFileSync(join(dir, 'a', 'x.js'), '<script>not html()</script>');
      writeFileSync(join(dir, 'a', 'index.html.br'), '<script>compressed()</script>');
      const h = builtSiteHashes(dir);
      expect(h.scripts).toHaveLength(2);
      expect(h.styles).toHaveLength(1);
      expect(h.scripts).toEqual(inlineHashes('<script>one()</script><script>two()</script>').scripts);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers the island loader, every client:* directive and the island style Astro writes', async () => {
    const h = await astroIslandHashes();
    expect(h.scripts).toHaveLength(6);
    expect(h.styles).toEqual(inlineHashes('<style>astro-island,astro-slot,astro-static-slot{display:contents}</style>').styles);
  });
});

describe('API answers (app.request)', () => {
  let t: TestApp;
  beforeAll(() => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '3', REPORT_BODY_MAX_BYTES: String(64 * 1024) });
  });
  afterAll(() => t.cleanup());

  const req = (path: string, init: RequestInit = {}) =>
    t.app.request(path, { ...init, headers: { 'X-Forwarded-For': '198.51.100.9', ...(init.headers as Record<string, string>) } });

  it('every kind of answer carries the headers and the API policy; no-store unless the answer is public data', async () => {
    const photo = await jpeg(16, 16);
    const created = await postReport(t, form(validFields(), [{ bytes: photo }]));
    const { trackingNumber, queryCode } = (await created.json()) as { trackingNumber: string; queryCode: string };
    const cases: { name: string; res: () => Response | Promise<Response>; status: number; cache: string | RegExp }[] = [
      { name: '201 created', res: async () => created, status: 201, cache: 'no-store' },
      { name: 'report lookup', res: () => req(`/api/reports/${trackingNumber}?code=${queryCode}`), status: 200, cache: 'no-store' },
      { name: 'lookup, wrong code', res: () => req(`/api/reports/${trackingNumber}?code=AAAAAAAA`), status: 404, cache: 'no-store' },
      { name: 'categories', res: () => req('/api/report-categories'), status: 200, cache: /^public, max-age=\d+$/ },
      { name: 'counties', res: () => req('/api/counties'), status: 200, cache: /^public, max-age=\d+$/ },
      { name: 'openapi', res: () => req('/api/openapi.json'), status: 200, cache: 'no-store' },
      { name: 'unknown API path', res: () => req('/api/no/such/thing'), status: 404, cache: 'no-store' },
      { name: 'no Idempotency-Key', res: () => req('/api/reports', { method: 'POST', body: form(validFields()) }), status: 400, cache: 'no-store' },
      { name: 'not multipart', res: () => postReport(t, '{}', { 'Content-Type': 'application/json' }), status: 415, cache: 'no-store' },
      {
        name: 'body too large',
        res: () => postReport(t, new Uint8Array(70 * 1024), { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(70 * 1024) }),
        status: 413,
        cache: 'no-store',
      },
      {
        name: 'rate limited',
        res: async () => {
          await postReport(t, '{}', { 'Content-Type': 'application/json' });
          return postReport(t, '{}', { 'Content-Type': 'application/json' });
        },
        status: 429,
        cache: 'no-store',
      },
      { name: 'staff API, not logged in', res: () => req('/api/staff/me'), status: 0, cache: 'no-store' },
      { name: 'staff API, unknown path', res: () => req('/api/staff/nothing/here'), status: 0, cache: 'no-store' },
    ];
    for (const c of cases) {
      const res = await c.res();
      if (c.status) expect(res.status, c.name).toBe(c.status);
      expectCommonHeaders(res, c.name);
      expect(res.headers.get('content-security-policy'), c.name).toBe(API_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('cache-control'), c.name).toMatch(c.cache);
      if (c.name.startsWith('staff')) expect(res.headers.get('referrer-policy'), c.name).toBe('same-origin');
    }
  });

  it('a 500 carries them too', async () => {
    const broken = makeTestApp();
    try {
      broken.db.$client.close();
      const res = await broken.app.request('/api/reports/JL2026-000001?code=AAAAAAAA');
      expect(res.status).toBe(500);
      expectCommonHeaders(res, '500');
      expect(res.headers.get('cache-control')).toBe('no-store');
    } finally {
      broken.cleanup();
    }
  });
});

describe('the portal as api/server.ts composes it (real socket)', () => {
  let dir: string;
  let server: ServerType;
  let url: string;
  const islandScript = async () => ((await import('astro/runtime/server/astro-island.prebuilt.js')) as { default: string }).default;

  beforeAll(async () => {
    // A stand-in for `astro build` output: static pages with inline scripts, an asset, the 404 page,
    // and an Astro handler with one on-demand page, one route that fails and next() for the rest.
    dir = mkdtempSync(join(tmpdir(), 'csp-portal-'));
    const client = join(dir, 'site', 'client');
    mkdirSync(join(client, '_astro'), { recursive: true });
    mkdirSync(join(client, 'staff'), { recursive: true });
    mkdirSync(join(dir, 'site', 'server'), { recursive: true });
    writeFileSync(join(client, 'index.html'), "<!doctype html><script>document.documentElement.classList.add('js');</script><h1>home</h1>");
    writeFileSync(join(client, 'staff', 'index.html'), '<!doctype html><h1>staff</h1>');
    writeFileSync(join(client, '404.html'), '<!doctype html><h1>404</h1><script type="module">nf()</script>');
    writeFileSync(join(client, '_astro', 'app.js'), 'console.log(1)');
    const island = await islandScript();
    writeFileSync(
      join(dir, 'site', 'server', 'entry.mjs'),
      `export const handler = (req, res, next) => {
        if (req.url.startsWith('/ssr/')) { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(${JSON.stringify(`<!doctype html><script>${island}</script><astro-island></astro-island>`)}); return; }
        if (req.url.startsWith('/boom')) { next(new Error('render failed')); return; }
        next();
      };`,
    );
    const config = loadConfig({
      SITE_DIR: join(dir, 'site'),
      DATABASE_PATH: join(dir, 'portal.db'),
      UPLOAD_DIR: join(dir, 'uploads'),
      CONTACT_KEY: TEST_CONTACT_KEY,
      TIANDITU_TOKEN: 'b'.repeat(32),
      LOG_LEVEL: 'error',
    });
    const app = await createPortal({ config, db: buildDb(config.DATABASE_PATH) });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a static asset carries only what it needs: nosniff, no page policies', async () => {
    const res = await fetch(`${url}/_astro/app.js`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('static pages, the 404 page, on-demand pages, errors and the API all carry them', async () => {
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const island = await islandScript();
    const cases: { path: string; status: number; api?: boolean; staff?: boolean }[] = [
      { path: '/', status: 200 },
      { path: '/index.html', status: 200 },
      { path: '/staff/', status: 200, staff: true },
      { path: '/no/such/page/', status: 404 },
      { path: '/ssr/page', status: 200 },
      { path: '/boom', status: 500 },
      { path: '/api/counties', status: 200, api: true },
      { path: '/api/nope', status: 404, api: true },
      { path: '/api/staff/me', status: 0, api: true, staff: true },
    ];
    for (const c of cases) {
      const res = await fetch(`${url}${c.path}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
      await res.arrayBuffer();
      if (c.status) expect(res.status, c.path).toBe(c.status);
      expectCommonHeaders(res, c.path);
      const csp = res.headers.get('content-security-policy')!;
      if (c.api) {
        expect(csp, c.path).toBe(API_CONTENT_SECURITY_POLICY);
      } else {
        const d = parseCsp(csp);
        // The inline scripts of the built pages and Astro's island loader, by hash; the tile hosts.
        expect(d.get('script-src'), c.path).toEqual(
          expect.arrayContaining(["'self'", sha("document.documentElement.classList.add('js');"), sha('nf()'), sha(island)]),
        );
        expect(d.get('img-src'), c.path).toContain('https://t7.tianditu.gov.cn');
        expect(d.get('connect-src'), c.path).toContain('https://t0.tianditu.gov.cn');
        expect(d.get('frame-ancestors'), c.path).toEqual(["'none'"]);
      }
      if (c.staff) {
        expect(res.headers.get('cache-control'), c.path).toBe('no-store');
        expect(res.headers.get('referrer-policy'), c.path).toBe('same-origin');
      }
    }
  });

  it('a header is sent once, never twice (set on the raw response and on the Hono one)', async () => {
    const res = await fetch(`${url}/api/counties`);
    await res.arrayBuffer();
    // fetch joins repeated headers with ", ".
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const ssr = await fetch(`${url}/ssr/page`);
    await ssr.arrayBuffer();
    expect(ssr.headers.get('x-frame-options')).toBe('DENY');
  });

  it('a report posted through the portal gets them too', async () => {
    const res = await fetch(`${url}/api/reports`, { method: 'POST', body: form(validFields()), headers: { 'Idempotency-Key': randomUUID() } });
    expect(res.status).toBe(201);
    expectCommonHeaders(res, 'POST /api/reports');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
