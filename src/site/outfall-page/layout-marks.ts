/**
 * Placeholders of the outfall pages' layout. Astro renders the layout once per variant (src/pages/
 * outfalls/[code].astro and src/pages/ko/outfalls/[code].astro, at the placeholder codes below)
 * with these in place of the title, the description and the main content; the build's record
 * generator (src/site/record-pages.ts) fills them per record. Plain ASCII, so no escaping changes
 * them; the code placeholders stand in the page's own address (hreflang alternates, the language
 * switch).
 */
export const LAYOUT_MARKS = {
  title: '__OUTFALL_PAGE_TITLE__',
  description: '__OUTFALL_PAGE_DESCRIPTION__',
  main: '__OUTFALL_PAGE_MAIN__',
} as const;

/** The placeholder code of the Chinese layout of an outfall with a Chinese page only. */
export const LAYOUT_CODE = '__OUTFALL_PAGE_CODE__';
/** The placeholder code of the layouts of 延边's outfalls (pages in Chinese and Korean). */
export const LAYOUT_CODE_BILINGUAL = '__OUTFALL_PAGE_CODE_BI__';
