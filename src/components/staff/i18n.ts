import { fill } from '../../kernel/i18n/fill.ts';
import report from '../../kernel/i18n/zh-CN/report.ts';
import staffUi from '../../kernel/i18n/zh-CN/staff-ui.ts';

/**
 * `t()` for the browser code of the staff pages (/staff/). Same keys, dictionaries and `{name}`
 * filling (src/kernel/i18n/fill.ts) as src/kernel/i18n/index.ts, but only the two dictionaries
 * these pages use (statuses come from report.ts), so the islands do not ship every area's strings.
 */
const messages = { ...report, ...staffUi } as const;

export type StaffMessageKey = keyof typeof messages;

/** @example t('staff.ui.inbox.count', { n: 3 }) // '共 3 件' */
export function t(key: StaffMessageKey, params?: Record<string, string | number>): string {
  const template: string = messages[key];
  return params ? fill(template, params) : template;
}
