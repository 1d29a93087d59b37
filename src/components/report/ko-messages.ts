import report from '../../kernel/i18n/ko/report.ts';
import reportForm from '../../kernel/i18n/ko/report-form.ts';
import type { ReportMessages } from './i18n.ts';

/** The Korean texts of the report form and tracking page, which the Korean pages hand to their scripts. */
export const koReportMessages: ReportMessages = { ...report, ...reportForm };
