import { DEFAULT_LOCALE, type Locale, t } from '../../kernel/i18n/index.ts';
import { formatCount, formatDate } from '../../site/format.ts';

/**
 * How the statistics read on the /stats/ pages: shares as percentages with one decimal, days with
 * one decimal, "—" where nothing counts yet (a share of nothing is not 0%).
 */

/** @example formatShare(0.8765) // '87.7%'; formatShare(null) // '—' */
export function formatShare(share: number | null): string {
  return share === null ? t('stats.none') : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** @example formatDays(2.25) // '2.3 天' */
export function formatDays(days: number | null): string {
  return days === null ? t('stats.none') : t('stats.days', { days: days.toFixed(1) });
}

/** @example formatMonth('2026-05') // '2026年5月' */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-');
  return t('stats.monthLabel', { year: y!, month: Number(m) });
}

/** An instant in Beijing time, as 2026年5月1日 10:00. */
export function formatBeijingTime(iso: string, locale: Locale = DEFAULT_LOCALE): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${formatDate(d.slice(0, 10), locale)} ${d.slice(11, 16)}`;
}

/** The Beijing calendar date of an instant, YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export { formatCount };
