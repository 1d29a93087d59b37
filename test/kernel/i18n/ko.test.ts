import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceDictionary, t, translator } from '../../../src/kernel/i18n/index.ts';
import { KOREAN_AREAS, ko } from '../../../src/kernel/i18n/ko/index.ts';
import { localeOfPath, localizedPath, offersKorean } from '../../../src/kernel/i18n/locales.ts';

const zhDir = new URL('../../../src/kernel/i18n/zh-CN/', import.meta.url);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const HAN = /\p{Script=Han}/u;
const koDict: Readonly<Record<string, string>> = ko;

describe('Korean dictionary', async () => {
  const areas = await Promise.all(
    KOREAN_AREAS.map(async ({ file, prefix = '' }) => {
      const all = (await import(new URL(`${file}.ts`, zhDir).href)).default as Record<string, string>;
      return [`${file}${prefix ? ` (${prefix}*)` : ''}`, Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(prefix)))] as const;
    }),
  );

  it('names only zh-CN files that exist', () => {
    const files = readdirSync(zhDir).map((f) => f.replace(/\.ts$/, ''));
    for (const { file } of KOREAN_AREAS) expect(files).toContain(file);
  });

  for (const [area, zh] of areas) {
    it(`has every key of zh-CN/${area}, with the same placeholders`, () => {
      const missing = Object.keys(zh).filter((key) => !(key in koDict));
      expect(missing, `keys missing in Korean for zh-CN/${area}`).toEqual([]);
      for (const [key, value] of Object.entries(zh)) {
        expect(placeholders(koDict[key] ?? ''), key).toEqual(placeholders(value));
      }
    });

    it(`has no Chinese left in zh-CN/${area}'s Korean twins`, () => {
      // Chinese data values (names) come in through placeholders, never in the templates; the one
      // exception is the autonym 中文 of the language switch.
      const untranslated = Object.keys(zh).filter((key) => key !== 'lang.zh-CN' && HAN.test(koDict[key] ?? ''));
      expect(untranslated).toEqual([]);
    });
  }

  it('has no key that Chinese does not have (a typo would never be shown)', () => {
    expect(Object.keys(ko).filter((key) => !(key in referenceDictionary))).toEqual([]);
  });

  it('is what t() answers for Korean, and Chinese remains the fallback for staff texts', () => {
    expect(t('nav.report', undefined, 'ko')).toBe('신고하기');
    expect(translator('ko')('area.groupCount', { count: 3 })).toBe('3개');
    const staffKey = Object.keys(referenceDictionary).find((k) => k.startsWith('staff.')) as keyof typeof referenceDictionary;
    expect(t(staffKey, undefined, 'ko')).toBe(t(staffKey));
  });
});

describe('locale paths', () => {
  it('offers Korean for 延边 and its counties only', () => {
    expect(offersKorean('222400')).toBe(true);
    expect(offersKorean('222401')).toBe(true);
    expect(offersKorean('222426')).toBe(true);
    expect(offersKorean('220102')).toBe(false);
    expect(offersKorean('220200')).toBe(false);
  });

  it('reads the locale from the path, base included', () => {
    expect(localeOfPath('/ko/counties/222401/')).toBe('ko');
    expect(localeOfPath('/portal/ko/track/', '/portal')).toBe('ko');
    expect(localeOfPath('/kongzhi/')).toBe('zh-CN');
    expect(localeOfPath('/counties/222401/')).toBe('zh-CN');
    expect(localizedPath('/report/', 'ko')).toBe('/ko/report/');
    expect(localizedPath('/report/', 'zh-CN')).toBe('/report/');
  });
});
