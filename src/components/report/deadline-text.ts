import type { PublicDeadline } from '../../kernel/report/contract/citizen-pages.ts';
import { t as reportT } from './i18n.ts';

/** One statutory date as the tracking page says it. */
export interface DeadlineLine {
  kind: PublicDeadline['kind'];
  /** 受理期限 / 办结期限 */
  label: string;
  /** "2026年5月8日 10:00前" */
  due: string;
  /** "已于 … 完成", "已超期，仍未完成" or "尚未到期". */
  state: string;
  overdue: boolean;
}

/**
 * The statutory dates of a report in words, for both the server-rendered tracking page and its
 * script. `time` formats an instant (Beijing time on the server, the phone's locale in the browser).
 *
 * @example deadlineLines(view.deadlines, fmt)[0].label // '受理期限'
 */
export function deadlineLines(
  deadlines: readonly PublicDeadline[],
  time: (iso: string) => string,
  /** The page's `t` on the server (its locale); the script's by default. */
  t: (
    key:
      | 'track.deadline.acceptance'
      | 'track.deadline.conclusion'
      | 'track.deadline.due'
      | 'track.deadline.done'
      | 'track.deadline.overdue'
      | 'track.deadline.open',
    params?: Record<string, string>,
  ) => string = reportT,
): DeadlineLine[] {
  return deadlines.map((d) => ({
    kind: d.kind,
    label: t(d.kind === 'acceptance' ? 'track.deadline.acceptance' : 'track.deadline.conclusion'),
    due: t('track.deadline.due', { date: time(d.due) }),
    state: d.doneAt ? t('track.deadline.done', { date: time(d.doneAt) }) : d.overdue ? t('track.deadline.overdue') : t('track.deadline.open'),
    overdue: d.overdue,
  }));
}
