import { REPORT_STATUSES, type ReportStatus, type StaffRole } from '../../kernel/db/enums.ts';
import type { CategoryKey } from '../../kernel/report/categories.ts';
import type { ActionRequest, CountyOption, DeadlineView, ListQuery, TimelineEvent } from '../../kernel/report/contract/staff.ts';
import { ACTIONS, allowed, TRANSITIONS } from '../../kernel/report/workflow.ts';
import { type StaffMessageKey, t } from './i18n.ts';

/**
 * The pure parts of the staff pages: inbox filters in the URL, which workflow actions a status
 * offers, and the Chinese wording of dates, distances and timeline events. Kept free of the DOM
 * and of preact so they can be unit-tested on their own.
 */

/**
 * Inbox filters: the query of GET /api/staff/reports as the API reads it, which the page URL
 * carries with the same names (`county`: province staff only).
 */
export type InboxFilters = ListQuery;

export const NO_FILTERS: InboxFilters = { overdue: false, nearBorder: false };

/**
 * Reads filters from a query string, dropping values that are not valid (a stale or hand-edited
 * link then shows the unfiltered list rather than an error).
 *
 * @example parseFilters('?status=received&overdue=1', ['other']) // { status: 'received', overdue: true, nearBorder: false }
 */
export function parseFilters(search: string, categoryKeys: readonly CategoryKey[]): InboxFilters {
  const q = new URLSearchParams(search);
  const status = q.get('status') ?? '';
  const category = q.get('category') ?? '';
  const county = q.get('county') ?? '';
  const f: InboxFilters = { overdue: q.get('overdue') === '1', nearBorder: q.get('nearBorder') === '1' };
  if ((REPORT_STATUSES as readonly string[]).includes(status)) f.status = status as ReportStatus;
  const key = categoryKeys.find((k) => k === category);
  if (key) f.category = key;
  if (/^\d{6}$/.test(county)) f.county = county;
  return f;
}

/**
 * The query string for filters, in a fixed order, `''` when nothing is filtered.
 *
 * @example filtersToQuery({ status: 'received', overdue: true, nearBorder: false }) // '?status=received&overdue=1'
 */
export function filtersToQuery(f: InboxFilters): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.category) q.set('category', f.category);
  if (f.overdue) q.set('overdue', '1');
  if (f.nearBorder) q.set('nearBorder', '1');
  if (f.county) q.set('county', f.county);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function isFiltered(f: InboxFilters): boolean {
  return filtersToQuery(f) !== '';
}

/** A workflow action, as the API's action body names it. */
export type ActionKind = ActionRequest['action'];

/** Status changes with no way back, public text that cannot be withdrawn, and handing the report away ask for confirmation. */
export const CONFIRMED_ACTIONS: ReadonlySet<ActionKind> = new Set<ActionKind>(['reject', 'conclude', 'reply', 'transfer']);

/**
 * The actions the page offers for a report: the rows of the API's own transition table
 * (src/kernel/report/workflow.ts) that start from its status and that the role may take (the API
 * still decides: a 409 or 403 from it is shown as it comes). Province staff may only reassign.
 *
 * @example availableActions('received', 'county') // ['accept', 'reject', 'reply', 'note', 'transfer']
 */
export function availableActions(status: ReportStatus, role: StaffRole): ActionKind[] {
  return ACTIONS.filter((a) => allowed(a, status) && (role === 'county' || TRANSITIONS[a].who === 'county_or_province'));
}

export function statusLabel(status: string): string {
  return (REPORT_STATUSES as readonly string[]).includes(status) ? t(`report.status.${status as ReportStatus}`) : status;
}

const dateTime = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit' });

/** @example formatDateTime('2026-03-01T02:05:00Z') // '2026/03/01 10:05' in China */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

/** @example formatDistance(320.4) // '320 米'; formatDistance(1530) // '1.5 公里' */
export function formatDistance(m: number): string {
  return m < 1000 ? t('staff.ui.unit.m', { n: Math.round(m) }) : t('staff.ui.unit.km', { n: (m / 1000).toFixed(1) });
}

/** A login wait: seconds under a minute, whole minutes (rounded up) above. */
export function formatWait(seconds: number): string {
  return seconds < 60 ? t('staff.ui.unit.seconds', { n: Math.ceil(seconds) }) : t('staff.ui.unit.minutes', { n: Math.ceil(seconds / 60) });
}

/** Coordinates as staff read them off a GPS or paste them into a map: latitude first, 6 decimals (≈ 0.1 m). */
export function formatCoords(lat: number, lng: number): string {
  return t('staff.ui.coords', { lat: lat.toFixed(6), lng: lng.toFixed(6) });
}

/** Who did a step: `citizen`, `system` or `staff:<id>` (named by the login when the API gives it). */
export function actorLabel(actor: string, login?: string | null): string {
  if (actor === 'citizen') return t('staff.ui.actor.citizen');
  if (actor === 'system') return t('staff.ui.actor.system');
  const m = /^staff:(.+)$/.exec(actor);
  return m ? t('staff.ui.actor.staff', { who: login || m[1]! }) : actor;
}

/** The deadline line of a report: '受理期限 2026/03/08', with the overdue mark in words, not colour alone. */
export function deadlineLabel(d: NonNullable<DeadlineView>): string {
  const key: StaffMessageKey = d.kind === 'acceptance' ? 'staff.ui.deadline.acceptance' : 'staff.ui.deadline.conclusion';
  return t(key, { date: formatDate(d.due) });
}

/**
 * What a timeline event says, in Chinese. County codes in `data` are named with `countyName`.
 *
 * @example eventLabel({ type: 'transferred', data: { from: '220102', to: '220104' }, … }, names) // '转交：南关区 → 朝阳区'
 */
export function eventLabel(e: Pick<TimelineEvent, 'type' | 'status' | 'data'>, countyName: (adcode: string) => string): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.type) {
    case 'received':
      return t('staff.ui.event.received');
    case 'status_changed':
      return t('staff.ui.event.status_changed', { status: e.status ? statusLabel(e.status) : '' });
    case 'public_reply':
      return t('staff.ui.event.public_reply');
    case 'internal_note':
      return t('staff.ui.event.internal_note');
    case 'transferred':
      return t('staff.ui.event.transferred', { from: countyName(str(e.data?.from)), to: countyName(str(e.data?.to)) });
    case 'contact_viewed':
      return t('staff.ui.event.contact_viewed');
    case 'export_with_contact':
      return t('staff.ui.event.export_with_contact');
    default:
      return e.status ? t('staff.ui.event.status_changed', { status: statusLabel(e.status) }) : t('staff.ui.event.other', { type: e.type });
  }
}

/** Counties grouped by city for an `<optgroup>` list, in the API's order. */
export function groupByCity<C extends Pick<CountyOption, 'cityName'>>(counties: readonly C[]): [string, C[]][] {
  const groups = new Map<string, C[]>();
  for (const c of counties) {
    const key = c.cityName;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups];
}
