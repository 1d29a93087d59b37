import { describe, expect, it } from 'vitest';
import { KO_TERMS } from '../../src/kernel/i18n/ko/terms.ts';
import { OUTFALL_TYPES, type OutfallTypeNode } from '../../src/records/classification.ts';
import { DISCHARGE_CHANNELS, DISCHARGE_MODES, REMEDIATION_ROUTES, REMEDIATION_STATUSES } from '../../src/records/schema.ts';
import { pageLocale } from '../../src/site/locale.ts';

const names = (nodes: readonly OutfallTypeNode[]): string[] => nodes.flatMap((n) => [n.name, ...names(n.children ?? [])]);

describe('pageLocale', () => {
  it('speaks Korean under /ko/ and Chinese elsewhere, with links in the same language', () => {
    const ko = pageLocale(new URL('http://x/ko/counties/222401/'));
    expect(ko.locale).toBe('ko');
    expect(ko.t('area.list')).toBe('배출구 명록');
    expect(ko.href('/outfalls/X/')).toBe('/ko/outfalls/X/');
    expect(ko.term('待整治')).toBe('정비 대기');
    const zh = pageLocale(new URL('http://x/counties/222401/'));
    expect(zh.locale).toBe('zh-CN');
    expect(zh.t('area.list')).toBe('排污口名录');
    expect(zh.href('/outfalls/X/')).toBe('/outfalls/X/');
    expect(zh.term('待整治')).toBe('待整治');
  });
});

describe('Korean terms', () => {
  it('name every classification term a Korean page shows as a label', () => {
    const terms = [...names(OUTFALL_TYPES), ...REMEDIATION_ROUTES, ...REMEDIATION_STATUSES, ...DISCHARGE_MODES, ...DISCHARGE_CHANNELS];
    expect(terms.filter((term) => !KO_TERMS[term])).toEqual([]);
  });

  it('are written in Hangul', () => {
    expect(Object.values(KO_TERMS).filter((v) => !/\p{Script=Hangul}/u.test(v))).toEqual([]);
  });
});
