import type { ReportStatus } from '../db/schema.ts';

/**
 * The handling workflow as data. Each action names the statuses it may start from, the status it
 * leads to (null: unchanged), the audit event it writes, whether that event is on the citizen's
 * public timeline, and who may take it. The case service (api/staff/case-service.ts) applies one row per
 * request, in one transaction; the tests walk this table, so a new action is tested by adding a row.
 *
 *   received ──accept──▶ accepted ──start──▶ in_progress ──conclude──▶ concluded
 *      │                    └──────────────conclude──────────────────▶ concluded
 *      └──reject──▶ rejected
 *   received | accepted | in_progress ──transfer──▶ received (another county)
 */

export const ACTIONS = ['accept', 'reject', 'start', 'conclude', 'reply', 'note', 'transfer'] as const;
export type Action = (typeof ACTIONS)[number];

/** Statuses a report is still being handled in; rejected and concluded are final. */
export const OPEN_STATUSES = ['received', 'accepted', 'in_progress'] as const satisfies readonly ReportStatus[];
const ALL_STATUSES = ['received', 'accepted', 'rejected', 'in_progress', 'concluded'] as const satisfies readonly ReportStatus[];

export interface Transition {
  from: readonly ReportStatus[];
  to: ReportStatus | null;
  /** report_events.type written. */
  event: 'status_changed' | 'public_reply' | 'internal_note' | 'transferred';
  /** The event shows on the public tracking page. */
  public: boolean;
  /** `county`: staff of the handling county only; `county_or_province`: province staff too (reassignment). */
  who: 'county' | 'county_or_province';
}

export const TRANSITIONS: Record<Action, Transition> = {
  accept: { from: ['received'], to: 'accepted', event: 'status_changed', public: true, who: 'county' },
  /** The reason is the public explanation of why the report was not accepted. */
  reject: { from: ['received'], to: 'rejected', event: 'status_changed', public: true, who: 'county' },
  start: { from: ['accepted'], to: 'in_progress', event: 'status_changed', public: true, who: 'county' },
  /** Needs the public reply: the citizen is told what was found and done. */
  conclude: { from: ['accepted', 'in_progress'], to: 'concluded', event: 'status_changed', public: true, who: 'county' },
  /** A public message without a change of status, while the report is open. */
  reply: { from: OPEN_STATUSES, to: null, event: 'public_reply', public: true, who: 'county' },
  /** Internal notes: never public, possible at any time (also on closed reports, for the file). */
  note: { from: ALL_STATUSES, to: null, event: 'internal_note', public: false, who: 'county' },
  /** The public timeline shows "转交<bureau>"; the reason stays internal (in the event's data). */
  transfer: { from: OPEN_STATUSES, to: 'received', event: 'transferred', public: true, who: 'county_or_province' },
};

/** Whether `action` may be taken on a report in `status`. */
export function allowed(action: Action, status: ReportStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}
