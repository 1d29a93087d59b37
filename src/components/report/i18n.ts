import { fill } from '../../kernel/i18n/fill.ts';
import report from '../../kernel/i18n/zh-CN/report.ts';
import reportForm from '../../kernel/i18n/zh-CN/report-form.ts';

/**
 * `t()` for the browser code of /report/ and /track/. Same keys, same dictionaries and the same
 * `{name}` filling (src/kernel/i18n/fill.ts) as src/kernel/i18n/index.ts, but it imports only the
 * two dictionaries these pages use: the full translation layer would ship every area's strings
 * (import, publishing, staff…) to a phone on a weak network, about 3× the bytes. Server-side code
 * keeps using src/kernel/i18n/index.ts.
 */
const messages = { ...report, ...reportForm } as const;

export type ReportMessageKey = keyof typeof messages;

/** @example t('reportForm.distance.km', { n: 1.2 }) // '1.2 公里' */
export function t(key: ReportMessageKey, params?: Record<string, string | number>): string {
  const template: string = messages[key];
  return params ? fill(template, params) : template;
}
