import { t } from '../../kernel/i18n/index.ts';

/**
 * An ISO timestamp as Beijing time (UTC+8, no daylight saving), the way the audience reads times.
 * Kept here rather than in src/site/format.ts, which has no time-of-day helper.
 *
 * @example beijingTime('2025-07-01T00:30:00.000Z') // '2025-07-01 08:30（北京时间）'
 */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  if (Number.isNaN(d.getTime())) return iso;
  return t('publish.data.beijingTime', { date: d.toISOString().slice(0, 10), time: d.toISOString().slice(11, 16) });
}
