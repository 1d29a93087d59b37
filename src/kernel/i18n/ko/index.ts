import common from './common.ts';
import outfall from './outfall.ts';
import report from './report.ts';
import reportForm from './report-form.ts';
import site from './site.ts';

/**
 * Korean (조선어/한국어) for 延边朝鲜族自治州. It covers every area a citizen meets on the Korean
 * pages (layout, county and outfall pages, search, 404, the report form, receipt and tracking);
 * each file is typed against its zh-CN twin, so a key added in Chinese and missing in Korean fails
 * the type check, and test/kernel/i18n/ko.test.ts checks the values (placeholders, Hangul).
 * Staff pages, import messages and open-data texts stay Chinese (zh-CN fallback).
 * Data values (names of waters, entities, places) stay as published, in Chinese.
 */
export const ko = { ...common, ...site, ...outfall, ...report, ...reportForm } as const;

/** The zh-CN areas Korean covers, by file name under ../zh-CN/ (the completeness test reads it). */
export const KOREAN_AREAS = ['common', 'site', 'outfall', 'report', 'report-form'] as const;
