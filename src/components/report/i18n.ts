import { fill } from '../../kernel/i18n/fill.ts';
import report from '../../kernel/i18n/zh-CN/report.ts';
import reportForm from '../../kernel/i18n/zh-CN/report-form.ts';

/**
 * `t()` for the browser code of /report/ and /track/. Same keys, same dictionaries and the same
 * `{name}` filling (src/kernel/i18n/fill.ts) as src/kernel/i18n/index.ts, but it imports only the
 * two dictionaries these pages use: the full translation layer would ship every area's strings
 * (import, publishing, staff…) to a phone on a weak network, about 3× the bytes. Server-side code
 * keeps using src/kernel/i18n/index.ts.
 *
 * Chinese is built in. The Korean pages (/ko/report/, /ko/track/) hand their Korean texts to the
 * island or script (`setMessages`), so Chinese readers never download them. The island calls it at
 * the top of every render: server rendering is synchronous, so concurrent pages cannot mix.
 */
const zh = { ...report, ...reportForm } as const;

export type ReportMessageKey = keyof typeof zh;
/** The texts of another language, as a page hands them over. */
export type ReportMessages = Partial<Record<ReportMessageKey, string>>;

let active: ReportMessages = {};

/** Speak `messages` from now on (an empty object: Chinese). */
export function setMessages(messages: ReportMessages | undefined): void {
  active = messages ?? {};
}

/** Whether `key` is one of the dictionaries' keys (for keys made from data, like a category's). */
export function isMessageKey(key: string): key is ReportMessageKey {
  // Not Object.hasOwn: Safari before 15.4 lacks it and the build does not polyfill.
  return Object.hasOwn(zh, key);
}

/** @example t('reportForm.distance.km', { n: 1.2 }) // '1.2 公里' */
export function t(key: ReportMessageKey, params?: Record<string, string | number>): string {
  const template: string = active[key] ?? zh[key];
  return params ? fill(template, params) : template;
}
