import common from './common.ts';
import outfall from './outfall.ts';
import publish from './publish.ts';
import report from './report.ts';
import reportForm from './report-form.ts';
import site from './site.ts';
import stats from './stats.ts';

/**
 * Korean (조선어/한국어) for 延边朝鲜族自治州. It covers every area a citizen meets on the Korean
 * pages (layout, county and outfall pages, search, 404, the report form, receipt and tracking) and
 * the Korean lines of 延边's bilingual signboards;
 * each file is typed against its zh-CN twin, so a key added in Chinese and missing in Korean fails
 * the type check, and test/kernel/i18n/ko.test.ts checks the values (placeholders, Hangul).
 * Staff pages, import messages and open-data texts stay Chinese (zh-CN fallback).
 * Data values (names of waters, entities, places) stay as published, in Chinese.
 */
export const ko = { ...common, ...site, ...outfall, ...report, ...reportForm, ...stats, ...publish } as const;

/**
 * The zh-CN areas Korean covers: a file under ../zh-CN/, wholly or the keys with a prefix (the
 * completeness test reads this list).
 */
export const KOREAN_AREAS: readonly { file: string; prefix?: string }[] = [
  { file: 'common' },
  { file: 'site' },
  { file: 'outfall' },
  { file: 'report' },
  { file: 'report-form' },
  { file: 'stats', prefix: 'stats.outfall.' },
  { file: 'publish', prefix: 'publish.signboard.' },
  { file: 'publish', prefix: 'publish.demo.mark' },
];
