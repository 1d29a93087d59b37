import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { allCities, allCounties } from '../../src/kernel/geo/admin.ts';
import { offersKorean } from '../../src/kernel/i18n/locales.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { readPortalDb } from '../support/portal-db.ts';

/**
 * Korean pages for 延边: exactly its city, county and outfall pages exist under /ko/, each in
 * Korean (lang, Korean UI text), paired with its Chinese page both ways by hreflang and a
 * language switch; every local link on them leads to a page that exists; a signboard's QR
 * address opens the Korean page for a reader whose phone prefers Korean.
 */

const portal = inject('portal');
const client = join(portal.siteDir, 'client');
const page = (path: string) => join(client, path, 'index.html');
const read = (path: string) => readFileSync(page(path), 'utf8');
let yanbian: OutfallRecord[];
let other: OutfallRecord;

beforeAll(() => {
  const records: OutfallRecord[] = readPortalDb(publishedRecords);
  yanbian = records.filter((r) => offersKorean(r.countyAdcode));
  other = records.find((r) => !offersKorean(r.countyAdcode))!;
});

const koreanPaths = () => [
  ...allCities()
    .filter((c) => offersKorean(c.adcode))
    .map((c) => `/cities/${c.adcode}/`),
  ...allCounties()
    .filter((c) => offersKorean(c.adcode))
    .map((c) => `/counties/${c.adcode}/`),
  ...yanbian.map((r) => `/outfalls/${r.code}/`),
];

describe('Korean pages', () => {
  it('exist for 延边 (its city, its eight county units, each of its outfalls) and nowhere else', () => {
    expect(allCounties().filter((c) => offersKorean(c.adcode))).toHaveLength(8);
    expect(yanbian.length).toBeGreaterThan(0);
    for (const path of koreanPaths()) expect(existsSync(page(`/ko${path}`)), path).toBe(true);
    expect(existsSync(page(`/ko/outfalls/${other.code}/`))).toBe(false);
    expect(existsSync(page(`/ko/counties/${other.countyAdcode}/`))).toBe(false);
  });

  it('are Korean pages paired with their Chinese twins by hreflang and a switch, both ways', () => {
    for (const path of koreanPaths().slice(0, 30)) {
      const ko = read(`/ko${path}`);
      const zh = read(path);
      expect(ko, path).toMatch(/<html lang="ko">/);
      expect(zh, path).toMatch(/<html lang="zh-CN">/);
      for (const html of [ko, zh]) {
        expect(html, path).toMatch(new RegExp(`<link rel="alternate" hreflang="ko" href="[^"]*/ko${path}"`));
        expect(html, path).toMatch(new RegExp(`<link rel="alternate" hreflang="zh-CN" href="[^"]*(?<!/ko)${path}"`));
      }
      expect(ko, path).toMatch(new RegExp(`class="lang-switch" href="${path}" hreflang="zh-CN"`));
      expect(zh, path).toMatch(new RegExp(`class="lang-switch" href="/ko${path}" hreflang="ko"`));
      // The Korean page's own words are Korean; the Chinese page has none.
      expect(ko).toContain('본문으로 건너뛰기');
      expect(zh).not.toMatch(/<main[\s\S]*\p{Script=Hangul}[\s\S]*<\/main>/u);
    }
  });

  it('label an outfall in Korean and keep its published names in Chinese, marked as such', () => {
    const r = yanbian[0]!;
    const html = read(`/ko/outfalls/${r.code}/`);
    expect(html).toContain('배출구 코드');
    expect(html).toContain(`<h1 lang="zh-CN">${r.name}</h1>`);
    expect(html).toContain(`<dd lang="zh-CN">${r.receivingWater.name}</dd>`);
    // Classification terms are labels, not data: no Chinese status or type left in the facts.
    expect(html).not.toContain(`<dd>${r.remediation.status}</dd>`);
    expect(html).not.toContain(`<dd>${r.type.level1}</dd>`);
  });

  it('have no hreflang or switch where no Korean page exists', () => {
    const html = read(`/outfalls/${other.code}/`);
    expect(html).not.toContain('hreflang');
    expect(html).not.toContain('lang-switch');
  });

  it('open from a signboard’s QR address in the reader’s language', async () => {
    const qr = `${portal.url}/outfalls/${yanbian[0]!.code}/`;
    const korean = await fetch(qr, { redirect: 'manual', headers: { 'Accept-Language': 'ko-KR,ko;q=0.9' } });
    expect(korean.status).toBe(302);
    expect(korean.headers.get('Location')).toBe(`/ko/outfalls/${yanbian[0]!.code}/`);
    const chinese = await fetch(qr, { redirect: 'manual', headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,ko;q=0.8' } });
    expect(chinese.status).toBe(200);
    expect(chinese.headers.get('Vary')).toMatch(/Accept-Language/);
    // Outside 延边 there is no Korean page: no redirect.
    expect((await fetch(`${portal.url}/outfalls/${other.code}/`, { redirect: 'manual', headers: { 'Accept-Language': 'ko' } })).status).toBe(200);
  });

  it('link only to pages that exist', () => {
    const missing = new Set<string>();
    for (const path of koreanPaths()) {
      for (const [, href] of read(`/ko${path}`).matchAll(/href="(\/[^"#?]*)/g)) {
        const target = href!;
        if (target.endsWith('/') ? !existsSync(join(client, target, 'index.html')) : !existsSync(join(client, target))) missing.add(target);
      }
    }
    // The report form and the statistics are rendered on demand by the server, not files in the build.
    expect([...missing].filter((path) => !/^(\/ko)?\/(report|stats)\//.test(path))).toEqual([]);
  });
});
