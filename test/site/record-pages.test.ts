import { describe, expect, it } from 'vitest';
import { LAYOUT_CODE, LAYOUT_CODE_BILINGUAL, LAYOUT_MARKS } from '../../src/site/outfall-page/layout-marks.ts';
import { pageLayout } from '../../src/site/record-pages.ts';

const { title, description, main } = LAYOUT_MARKS;
const layout = (code: string) =>
  `<html><head><title>${title} · 站</title><meta name="description" content="${description}"><link rel="alternate" hreflang="ko" href="http://x/ko/outfalls/${code}/"></head><body><a href="/ko/outfalls/${code}/">한국어</a><main>${main}</main></body></html>`;

describe('pageLayout', () => {
  it('fills title and description escaped, the main HTML as it is, and the code wherever the page names its own address', () => {
    const html = pageLayout(layout(LAYOUT_CODE_BILINGUAL)).fill('GB-1', 'A&B <河>', '"说明"', '<article>x</article>');
    expect(html).toBe(
      '<html><head><title>A&amp;B &lt;河&gt; · 站</title><meta name="description" content="&quot;说明&quot;"><link rel="alternate" hreflang="ko" href="http://x/ko/outfalls/GB-1/"></head><body><a href="/ko/outfalls/GB-1/">한국어</a><main><article>x</article></main></body></html>',
    );
  });

  it('keeps $ patterns in the content literally', () => {
    expect(pageLayout(layout(LAYOUT_CODE)).fill('C', "$& $' $1", 'd', '$&')).toContain('<title>$&amp; $&#39; $1 · 站</title>');
  });

  it('refuses a layout without one of its placeholders', () => {
    expect(() => pageLayout(layout(LAYOUT_CODE).replace(main, ''))).toThrow(/__OUTFALL_PAGE_MAIN__/);
  });
});
