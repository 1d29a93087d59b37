import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';
import { allCities, allCounties } from '../../src/kernel/geo/admin.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { encodeMapData, plainGeoJson } from '../../src/site/map-data.ts';
import { type CompactMapData, type DecodedMapData, decodeMapData } from '../../src/site/map-format.ts';

/**
 * The home page's built map files against the records store: the content-hashed outfall data
 * decodes to exactly the published outfalls (codes, coordinates to 1e-5, type, status, county,
 * water), stays small per point, and the base layer, glyphs and page markup are what the map needs.
 */

const portal = inject('portal');
const client = join(portal.siteDir, 'client');
let db: Db;
let records: OutfallRecord[];
let html: string;
let config: { dataUrl: string; baseUrl: string; glyphs: string; base: { kind: string } };

beforeAll(() => {
  db = buildDb(portal.dbPath, { readonly: true });
  records = publishedRecords(db);
  html = readFileSync(join(client, 'index.html'), 'utf8');
  const json = /<script type="application\/json" id="map-config">(.*?)<\/script>/s.exec(html)?.[1];
  config = JSON.parse(json!);
});
afterAll(() => db.$client.close());

const built = (path: string) => readFileSync(join(client, path));
const brotli = (b: Buffer | string) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length;

/** Every record against its decoded point. */
function expectSameOutfalls(data: DecodedMapData) {
  expect(data.points).toHaveLength(records.length);
  const byCode = new Map(data.points.map((p) => [p.code, p]));
  expect(byCode.size).toBe(records.length);
  for (const r of records) {
    const p = byCode.get(r.code);
    expect(p, r.code).toBeDefined();
    expect(p!.name, r.code).toBe(r.name);
    // Rounded to 1e-5 degrees: at most half a unit away (plus float noise).
    expect(Math.abs(p!.lng - r.lng), r.code).toBeLessThanOrEqual(0.5e-5 + 1e-9);
    expect(Math.abs(p!.lat - r.lat), r.code).toBeLessThanOrEqual(0.5e-5 + 1e-9);
    expect(data.types[p!.type]!.key, r.code).toBe(r.type.level1Key);
    expect(data.statuses[p!.status]!.name, r.code).toBe(r.remediation.status);
    expect(data.counties[p!.county]!.adcode, r.code).toBe(r.countyAdcode);
    expect(data.cities[data.counties[p!.county]!.city]!.adcode, r.code).toBe(r.cityAdcode);
    expect(data.waters[p!.water], r.code).toBe(r.receivingWater.name);
  }
}

describe('outfall map data', () => {
  it('is a content-hashed file that the page preloads and configures', () => {
    expect(config.dataUrl).toMatch(/^\/map\/outfalls\.[0-9a-f]{12}\.json$/);
    expect(html).toContain(`<link rel="preload" href="${config.dataUrl}" as="fetch" crossorigin="anonymous">`);
    const body = built(config.dataUrl);
    const hash = /\.([0-9a-f]{12})\.json$/.exec(config.dataUrl)![1];
    expect(createHash('sha256').update(body).digest('hex').slice(0, 12)).toBe(hash);
    // Served precompressed.
    expect(brotliDecompressSync(built(`${config.dataUrl}.br`)).equals(body)).toBe(true);
  });

  it('decodes to exactly the published outfalls', () => {
    expectSameOutfalls(decodeMapData(JSON.parse(built(config.dataUrl).toString()) as CompactMapData));
  });

  it('round-trips the records store through encode → JSON → decode', () => {
    expectSameOutfalls(decodeMapData(JSON.parse(JSON.stringify(encodeMapData(records)))));
  });

  it('stays small: ≤ 32 brotli bytes per outfall and under 90% of plain GeoJSON', () => {
    // Budget: the province's ledger is about 2,500 outfalls (the default demo size); at 32 B each
    // its map data stays under 80 KB, a fifth of maplibre itself, on a phone's weak connection.
    // This test set has 400 outfalls, where the lookup tables weigh relatively more, so the bound
    // holds with room at larger sizes (bench/map-data.ts: ~15 B at 2,500, ~11 B at 20,000).
    const body = built(config.dataUrl);
    const perPoint = brotli(body) / records.length;
    expect(perPoint).toBeLessThan(32);
    expect(brotli(body)).toBeLessThan(0.9 * brotli(plainGeoJson(records)));
  });
});

describe('base layer', () => {
  it('is a content-hashed TopoJSON with the province, borders, rivers, lakes and every label', () => {
    expect(config.baseUrl).toMatch(/^\/map\/base\.[0-9a-f]{12}\.json$/);
    const body = built(config.baseUrl);
    expect(createHash('sha256').update(body).digest('hex').slice(0, 12)).toBe(/\.([0-9a-f]{12})\.json$/.exec(config.baseUrl)![1]);
    const topo = JSON.parse(body.toString()) as Topology;
    const fc = feature(topo, topo.objects.base!) as unknown as { features: { properties: { kind: string; name?: string } }[] };
    const kinds = (k: string) => fc.features.filter((f) => f.properties.kind === k);
    expect(kinds('province')).toHaveLength(1);
    expect(kinds('city-border')).toHaveLength(1);
    expect(kinds('county-border')).toHaveLength(1);
    expect(kinds('river').length).toBeGreaterThan(10);
    expect(kinds('lake').length).toBeGreaterThan(3);
    expect(
      kinds('county-label')
        .map((f) => f.properties.name)
        .sort(),
    ).toEqual(
      allCounties()
        .map((c) => c.name)
        .sort(),
    );
    expect(
      kinds('city-label')
        .map((f) => f.properties.name)
        .sort(),
    ).toEqual(
      allCities()
        .map((c) => c.name)
        .sort(),
    );
    expect(brotli(body)).toBeLessThan(48 * 1024);
  });
});

describe('glyphs', () => {
  it.each(['NotoSans-Regular', 'NotoSans-Bold'])('%s 0-255 is served for digits and Latin', (stack) => {
    const pbf = built(`/map/glyphs/${stack}/0-255.pbf`);
    expect(pbf.length).toBeGreaterThan(20_000);
    expect(pbf.includes('Noto Sans')).toBe(true);
    expect(pbf.includes('0-255')).toBe(true);
    expect(config.glyphs).toBe('/map/glyphs/{fontstack}/{range}.pbf');
  });
});

describe('home page markup', () => {
  it('without JavaScript says so and links to the county index and search', () => {
    const noscript = /<noscript>(.*?)<\/noscript>/s.exec(html)?.[1] ?? '';
    expect(noscript).toContain('JavaScript');
    expect(noscript).toContain('href="/counties/"');
    expect(noscript).toContain('href="/search/"');
  });

  it('renders the filters with every type, status, present county and water', () => {
    for (const key of ['industrial', 'municipal', 'agricultural', 'other']) expect(html).toContain(`name="type" value="${key}"`);
    for (const key of ['pending', 'in-progress', 'done', 'closed']) expect(html).toContain(`<option value="${key}">`);
    for (const adcode of new Set(records.map((r) => r.countyAdcode))) expect(html).toContain(`<option value="${adcode}">`);
    for (const water of new Set(records.map((r) => r.receivingWater.name))) expect(html).toContain(`<option value="${water}">`);
  });

  it('keeps maplibre off the first paint: no maplibre stylesheet or script in the page head', () => {
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    // With everything the entry scripts import statically (a value import of a module that shares
    // a chunk with maplibre would pull maplibre into the first paint).
    const queue = [...scripts];
    for (const src of queue) {
      for (const m of built(src)
        .toString()
        .matchAll(/(?:^|[;\s])import\s*(?:[\w{}*\s,$]+from\s*)?["'](\.\/[^"']+)["']/g)) {
        const dep = `/_astro/${m[1]!.slice(2)}`;
        if (!queue.includes(dep)) queue.push(dep);
      }
    }
    for (const href of [...links, ...queue]) {
      expect(href).not.toMatch(/maplibre|map-view/);
      // Markers of maplibre's own stylesheet and code.
      expect(built(href).toString()).not.toContain('maplibregl-ctrl-attrib-button');
      expect(built(href).toString()).not.toContain('maplibre-gl-worker');
    }
    expect(existsSync(join(client, '_astro'))).toBe(true);
  });

  it('uses the bundled base when no tile service is configured', () => {
    expect(config.base.kind).toBe('bundled');
  });
});
