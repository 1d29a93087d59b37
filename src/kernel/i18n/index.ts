import { fill } from './fill.ts';
import { ko } from './ko/index.ts';
import common from './zh-CN/common.ts';
import exportsText from './zh-CN/exports.ts';
import importer from './zh-CN/import.ts';
import map from './zh-CN/map.ts';
import outfall from './zh-CN/outfall.ts';
import publish from './zh-CN/publish.ts';
import report from './zh-CN/report.ts';
import reportForm from './zh-CN/report-form.ts';
import site from './zh-CN/site.ts';
import staff from './zh-CN/staff.ts';
import staffUi from './zh-CN/staff-ui.ts';
import stats from './zh-CN/stats.ts';

/**
 * The translation layer. Simplified Chinese is the reference locale: its keys define `MessageKey`.
 * Korean (`ko`, for 延边) covers the public areas a citizen meets (./ko/index.ts lists them; a
 * test fails when one of their keys is missing) and falls back to zh-CN elsewhere (staff pages).
 * Add strings to the file of their area under ./zh-CN/ (keys prefixed by area: `import.`, `site.`,
 * `map.`, `exports.`, `report.`, `staff.`) and register new files here.
 */
const zhCN = {
  ...common,
  ...outfall,
  ...importer,
  ...site,
  ...publish,
  ...exportsText,
  ...map,
  ...report,
  ...reportForm,
  ...staff,
  ...staffUi,
  ...stats,
} as const;

export type MessageKey = keyof typeof zhCN;
export type Locale = 'zh-CN' | 'ko';
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALES: readonly Locale[] = ['zh-CN', 'ko'];

const dictionaries: Record<Locale, Partial<Record<MessageKey, string>>> = { 'zh-CN': zhCN, ko };

/** The reference dictionary (zh-CN), for the completeness test of other locales. */
export const referenceDictionary: Readonly<Record<MessageKey, string>> = zhCN;

/**
 * Looks up a message and fills `{name}` placeholders.
 *
 * @example t('footer.dataAsOf', { date: '2025-12-31' }) // '数据更新至 2025-12-31'
 */
export function t(key: MessageKey, params?: Record<string, string | number>, locale: Locale = DEFAULT_LOCALE): string {
  const template = dictionaries[locale][key] ?? zhCN[key];
  return params ? fill(template, params) : template;
}

/** A message lookup bound to one locale: what a page or component rendering in that locale uses. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `t` bound to `locale`. */
export function translator(locale: Locale): Translate {
  return (key, params) => t(key, params, locale);
}
