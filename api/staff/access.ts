import { eq } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';
import { reports } from '../../src/kernel/db/schema.ts';
import { ApiError } from '../errors.ts';
import type { StaffPrincipal } from './sessions.ts';

/**
 * Who may do what with a report — the one place that decides it. Every staff route that touches a
 * report gets it through `loadReportFor`; nothing else reads a report for staff.
 *
 *   need        county staff of its county   county staff of another   province staff
 *   read        ✓                            404 (as if it did not exist) ✓
 *   handle      ✓                            404                        403
 *   contact     ✓                            404                        403
 *   transfer    ✓                            404                        ✓ (reassignment)
 *
 * A report of another county answers exactly like a report that does not exist, so staff cannot
 * learn which ids exist elsewhere.
 */

export type Need = 'read' | 'handle' | 'contact' | 'transfer';

export type ReportRow = typeof reports.$inferSelect;

/** The scope of reports a staff member sees: a county, or all of them (province). */
export function scopeOf(staff: StaffPrincipal): string | null {
  return staff.role === 'province' ? null : staff.countyAdcode;
}

/** Whether the staff member may do `need` to a report of `countyAdcode`: 'ok', 'hidden' (404) or 'forbidden' (403). */
export function decide(staff: StaffPrincipal, countyAdcode: string, need: Need): 'ok' | 'hidden' | 'forbidden' {
  if (staff.role === 'county') return staff.countyAdcode === countyAdcode ? 'ok' : 'hidden';
  return need === 'read' || need === 'transfer' ? 'ok' : 'forbidden';
}

/**
 * The report with this id if `staff` may do `need` to it; throws `report_not_found` (404) or
 * `forbidden` (403) otherwise. Pass the transaction when the caller goes on to write.
 *
 * @example const report = loadReportFor(db, staff, 42, 'read');
 */
export function loadReportFor(db: Pick<Db, 'select'>, staff: StaffPrincipal, id: number, need: Need): ReportRow {
  const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(reports).where(eq(reports.id, id)).get() : undefined;
  if (!row) throw new ApiError('report_not_found');
  const verdict = decide(staff, row.countyAdcode, need);
  if (verdict === 'hidden') throw new ApiError('report_not_found');
  if (verdict === 'forbidden') throw new ApiError('forbidden');
  return row;
}

/** Staff-only actions that are not about one report (the county-wide contact export). */
export function requireCountyStaff(staff: StaffPrincipal): string {
  if (staff.role !== 'county' || !staff.countyAdcode) throw new ApiError('forbidden');
  return staff.countyAdcode;
}
