import { describe, expect, it } from 'vitest';
import { outfallArticle, outfallPageContext } from '../../../src/site/outfall-page/sections.ts';
import { buildRecord } from '../../support/builders.ts';

const shared = { base: '', reportCounts: new Map([['X', { reports: 3, concluded: 1 }]]), asOf: '2025-06-30' };

describe('outfall page sections', () => {
  it('show the record in Chinese with links into the Chinese site', () => {
    const r = buildRecord();
    const html = outfallArticle(r, outfallPageContext('zh-CN', shared));
    expect(html.startsWith('<article class="outfall"><h1>')).toBe(true);
    expect(html).toContain(`href="/report/?outfall=${encodeURIComponent(r.code)}"`);
    expect(html).toContain(`href="/counties/${r.countyAdcode}/"`);
    expect(html).toContain(`href="/signboards/${r.code}.svg"`);
    expect(html).not.toContain('lang="zh-CN"');
  });

  it('on a Korean page label in Korean, link into /ko/ and mark the Chinese values', () => {
    const r = buildRecord({ countyAdcode: '222401' });
    const html = outfallArticle(r, outfallPageContext('ko', shared));
    expect(html).toContain(`<h1 lang="zh-CN">`);
    expect(html).toContain(`href="/ko/report/?outfall=`);
    expect(html).toContain(`href="/ko/counties/222401/"`);
    // The signboard and the statistics exist in one language only.
    expect(html).toContain(`href="/signboards/${r.code}.svg"`);
    expect(html).toContain('href="/stats/222401/"');
  });

  it('count the reports of this outfall as of the build date', () => {
    const html = outfallArticle(buildRecord({ code: 'X' }), outfallPageContext('zh-CN', shared));
    expect(html).toContain('data-reports="3" data-concluded="1"');
    expect(html).toContain('2025年6月30日');
  });

  it('escape published text', () => {
    const html = outfallArticle(buildRecord({ name: '<b>A&B</b>' }), outfallPageContext('zh-CN', shared));
    expect(html).toContain('<h1>&lt;b&gt;A&amp;B&lt;/b&gt;</h1>');
  });
});
