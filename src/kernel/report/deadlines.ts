import type { ReportStatus } from '../db/schema.ts';

/**
 * Deadlines are computed from the report and the configuration, never stored: a change of
 * ACCEPT_DEADLINE_DAYS or CONCLUDE_DEADLINE_DAYS applies to every open report at once.
 *
 * The clock starts when the handling county got the report: at receipt, or at the last transfer
 * in (a transfer hands the report to a bureau that has not seen it, so both deadlines restart).
 *   received              → acceptance due  = start + ACCEPT_DEADLINE_DAYS
 *   accepted, in_progress → conclusion due  = start + CONCLUDE_DEADLINE_DAYS
 *   rejected, concluded   → none
 * Days are calendar days of 24 hours.
 */

export interface DeadlineConfig {
  ACCEPT_DEADLINE_DAYS: number;
  CONCLUDE_DEADLINE_DAYS: number;
}

export interface Deadline {
  kind: 'acceptance' | 'conclusion';
  /** ISO timestamp. */
  due: string;
  /** `now` is past `due`. */
  overdue: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The open deadline of a report, or null once it is decided.
 *
 * @example deadlineFor({ status: 'received', receivedAt: '2026-05-01T02:00:00.000Z' }, null, new Date('2026-05-09T00:00:00Z'), { ACCEPT_DEADLINE_DAYS: 7, CONCLUDE_DEADLINE_DAYS: 60 })
 * // { kind: 'acceptance', due: '2026-05-08T02:00:00.000Z', overdue: true }
 */
export function deadlineFor(
  report: { status: ReportStatus; receivedAt: string },
  lastTransferAt: string | null,
  now: Date,
  config: DeadlineConfig,
): Deadline | null {
  const start = Date.parse(lastTransferAt ?? report.receivedAt);
  const days =
    report.status === 'received'
      ? config.ACCEPT_DEADLINE_DAYS
      : report.status === 'accepted' || report.status === 'in_progress'
        ? config.CONCLUDE_DEADLINE_DAYS
        : undefined;
  if (days === undefined) return null;
  const due = start + days * DAY_MS;
  return { kind: report.status === 'received' ? 'acceptance' : 'conclusion', due: new Date(due).toISOString(), overdue: now.getTime() > due };
}

/** Whole days since `since` (0 on the first day). */
export function ageDays(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS));
}
