import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';
import { type ReportStatus, reportContacts, reportEvents, reportPhotos, reports, staffAccounts } from '../../src/kernel/db/schema.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { type MessageKey, t } from '../../src/kernel/i18n/index.ts';
import { category, isCategoryKey } from '../../src/kernel/report/categories.ts';
import type { ActionBody, ContactView, ExportQuery, ListQuery, ReportDetail, ReportList, ReportSummary } from '../../src/kernel/report/contract/staff.ts';
import { ageDays, type DeadlineConfig, deadlineFor } from '../../src/kernel/report/deadlines.ts';
import { allowed, TRANSITIONS } from '../../src/kernel/report/workflow.ts';
import type { EnqueueDelivery } from '../delivery/index.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { type Contact, openContact } from '../reports/contact.ts';
import type { PhotoStore } from '../reports/photos.ts';
import { statusLabel } from '../reports/service.ts';
import { loadReportFor, type ReportRow, requireCountyStaff, scopeOf } from './access.ts';
import { reportsCsv } from './export.ts';
import { createPlaces, type PlaceIndex } from './places.ts';
import type { StaffPrincipal } from './sessions.ts';

/** The settings casework reads: the deadlines. */
export type CaseConfig = DeadlineConfig;

export interface CaseServiceDeps {
  db: Db;
  config: CaseConfig;
  clock: () => Date;
  contactKey: Buffer;
  photos: PhotoStore;
  logger: Logger;
  /** Queues a transferred report's delivery to its new county (`createDelivery(…).enqueue`), inside the transfer's transaction. */
  enqueueDelivery: EnqueueDelivery;
}

/** One row of the inbox before filtering, with what the filters and views need. */
interface InboxRow {
  row: Pick<ReportRow, 'id' | 'trackingNumber' | 'status' | 'countyAdcode' | 'category' | 'lng' | 'lat' | 'outfallCode' | 'nearBorder' | 'receivedAt'>;
  lastTransferAt: string | null;
  photoCount: number;
}

/**
 * The staff side of reports for a logged-in staff member (./auth-service.ts says who that is): the
 * inbox, a report's file, the workflow, contact reveal and CSV export. Every report access goes
 * through `loadReportFor` (./access.ts); every action is ONE transaction that updates the report
 * and writes its audit event. Answers have the shapes of the shared contract
 * (src/kernel/report/contract/staff.ts).
 *
 * @example const cases = createCaseService({ db, config, clock, contactKey, photos, logger }); cases.list(staff, { overdue: true, nearBorder: false });
 */
export function createCaseService(deps: CaseServiceDeps) {
  const { db, config, clock, contactKey, photos, logger, enqueueDelivery } = deps;
  const places = createPlaces(db);

  // ── Reading ──

  /** Reports in a scope (a county, or all), oldest first, with transfer time and photo count. */
  function inboxRows(county: string | null, ids?: number[]): InboxRow[] {
    // Written out as reports.id: drizzle renders ${reports.id} unqualified in a one-table select,
    // which inside these subqueries would name the subquery's own id column.
    const lastTransferAt = sql<string | null>`(SELECT max(e.at) FROM report_events e WHERE e.report_id = reports.id AND e.type = 'transferred')`;
    const photoCount = sql<number>`(SELECT count(*) FROM report_photos p WHERE p.report_id = reports.id)`;
    const where = and(county ? eq(reports.countyAdcode, county) : undefined, ids ? inArray(reports.id, ids) : undefined);
    return db
      .select({
        id: reports.id,
        trackingNumber: reports.trackingNumber,
        status: reports.status,
        countyAdcode: reports.countyAdcode,
        category: reports.category,
        lng: reports.lng,
        lat: reports.lat,
        outfallCode: reports.outfallCode,
        nearBorder: reports.nearBorder,
        receivedAt: reports.receivedAt,
        lastTransferAt,
        photoCount,
      })
      .from(reports)
      .where(where)
      .orderBy(asc(reports.receivedAt), asc(reports.id))
      .all()
      .map(({ lastTransferAt: l, photoCount: p, ...row }) => ({ row, lastTransferAt: l, photoCount: p }));
  }

  function placeName(row: InboxRow['row'], countyName: string, named: { name: string } | undefined, index: PlaceIndex): string {
    if (named) return t('staff.place.outfall', { county: countyName, outfall: named.name });
    const near = index.nearest(row);
    if (near) return t('staff.place.nearOutfall', { county: countyName, outfall: near.outfall.name, distanceM: Math.round(near.distanceM) });
    return t('staff.place.coordinates', { county: countyName, lat: row.lat.toFixed(5), lng: row.lng.toFixed(5) });
  }

  function summary({ row, lastTransferAt, photoCount }: InboxRow, now: Date, index: PlaceIndex): ReportSummary {
    const countyName = countyByAdcode(row.countyAdcode)?.name ?? row.countyAdcode;
    const named = index.outfall(row.outfallCode);
    return {
      id: row.id,
      trackingNumber: row.trackingNumber,
      category: row.category,
      categoryName: isCategoryKey(row.category) ? category(row.category).name : row.category,
      status: row.status,
      countyAdcode: row.countyAdcode,
      countyName,
      lat: row.lat,
      lng: row.lng,
      placeName: placeName(row, countyName, named, index),
      outfallCode: row.outfallCode,
      outfallName: named?.name ?? null,
      receivedAt: row.receivedAt,
      ageDays: ageDays(row.receivedAt, now),
      deadline: deadlineFor(row, lastTransferAt, now, config),
      nearBorder: row.nearBorder.length > 0,
      photoCount,
    };
  }

  /** The scope of a list or export: county staff their county (asking for another is refused), province staff all or `?county=`. */
  function listScope(staff: StaffPrincipal, county: string | undefined): string | null {
    if (county !== undefined && !countyByAdcode(county)) throw new ApiError('invalid_filter', { field: 'county' });
    if (staff.role === 'county') {
      if (county !== undefined && county !== staff.countyAdcode) throw new ApiError('forbidden', { field: 'county' });
      return staff.countyAdcode;
    }
    return county ?? scopeOf(staff);
  }

  function filtered(staff: StaffPrincipal, query: ListQuery): ReportList {
    const now = clock();
    const index = places.current();
    const all = inboxRows(listScope(staff, query.county)).map((r) => summary(r, now, index));
    const byStatus: Partial<Record<ReportStatus, number>> = {};
    for (const r of all) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const overdue = all.filter((r) => r.deadline?.overdue).length;
    const reportsOut = all.filter(
      (r) =>
        (!query.status || r.status === query.status) &&
        (!query.category || r.category === query.category) &&
        (!query.overdue || r.deadline?.overdue === true) &&
        (!query.nearBorder || r.nearBorder),
    );
    return { reports: reportsOut, counts: { byStatus, overdue } };
  }

  /** The inbox: GET /api/staff/reports. */
  function list(staff: StaffPrincipal, query: ListQuery): ReportList {
    return filtered(staff, query);
  }

  /** A report's full file for staff, WITHOUT an access check: callers have done `loadReportFor`. */
  function detailOf(report: ReportRow): ReportDetail {
    const now = clock();
    const [inbox] = inboxRows(null, [report.id]);
    const photoRows = db.select().from(reportPhotos).where(eq(reportPhotos.reportId, report.id)).orderBy(asc(reportPhotos.position)).all();
    const events = db.select().from(reportEvents).where(eq(reportEvents.reportId, report.id)).orderBy(asc(reportEvents.id)).all();
    const staffIds = [
      ...new Set(
        events
          .map((e) => /^staff:(\d+)$/.exec(e.actor)?.[1])
          .filter((x): x is string => !!x)
          .map(Number),
      ),
    ];
    const logins = new Map(
      staffIds.length
        ? db
            .select({ id: staffAccounts.id, login: staffAccounts.login })
            .from(staffAccounts)
            .where(inArray(staffAccounts.id, staffIds))
            .all()
            .map((a) => [`staff:${a.id}`, a.login])
        : [],
    );
    const hasContact = !!db.select({ id: reportContacts.reportId }).from(reportContacts).where(eq(reportContacts.reportId, report.id)).get();
    return {
      ...summary(inbox!, now, places.current()),
      description: report.description,
      routing: {
        rule: report.routingRule,
        routedCountyAdcode: report.routedCountyAdcode,
        pointCountyAdcode: report.pointCountyAdcode,
        outfallCountyMismatch: report.outfallCountyMismatch,
        nearBorder: report.nearBorder,
        boundaryVersion: report.boundaryVersion,
      },
      photos: photoRows.map((p) => ({ n: p.position + 1, url: `/api/staff/reports/${report.id}/photos/${p.position + 1}`, width: p.width, height: p.height })),
      hasContact,
      timeline: events.map((e) => ({
        type: e.type,
        actor: e.actor,
        actorLogin: logins.get(e.actor) ?? null,
        public: e.public,
        status: e.status,
        note: e.note,
        data: e.data,
        at: e.at,
      })),
    };
  }

  /** GET /api/staff/reports/:id. */
  function detail(staff: StaffPrincipal, id: number): ReportDetail {
    return detailOf(loadReportFor(db, staff, id, 'read'));
  }

  /** The stored file of photo `n` (from 1) of a report the staff member may read. */
  function photoPath(staff: StaffPrincipal, id: number, n: number): string {
    const report = loadReportFor(db, staff, id, 'read');
    const photo =
      Number.isSafeInteger(n) && n >= 1
        ? db
            .select()
            .from(reportPhotos)
            .where(and(eq(reportPhotos.reportId, report.id), eq(reportPhotos.position, n - 1)))
            .get()
        : undefined;
    if (!photo) throw new ApiError('photo_not_found');
    return photos.pathFor(photo.sha256);
  }

  // ── Writing: each in ONE transaction with its audit event ──

  /** Decrypts the reporter's contact and records who looked, in the same transaction. */
  function revealContact(staff: StaffPrincipal, id: number): ContactView {
    const now = clock();
    const contact = db.transaction(
      (tx) => {
        const report = loadReportFor(tx, staff, id, 'contact');
        const sealed = tx.select().from(reportContacts).where(eq(reportContacts.reportId, report.id)).get();
        if (!sealed) throw new ApiError('no_contact');
        // Opened before the audit row is written: a contact that cannot be opened was not viewed.
        const opened = openContact(contactKey, sealed.sealed, report.trackingNumber);
        tx.insert(reportEvents)
          .values({ reportId: report.id, type: 'contact_viewed', actor: `staff:${staff.id}`, public: false, at: now.toISOString() })
          .run();
        return opened;
      },
      { behavior: 'immediate' },
    );
    logger.info('staff.contact_viewed', { staffId: staff.id, reportId: id });
    return { name: contact.name ?? null, phone: contact.phone ?? null };
  }

  /** POST /api/staff/reports/:id/actions: one row of the transition table, applied. */
  function act(staff: StaffPrincipal, id: number, body: ActionBody): ReportDetail {
    const rule = TRANSITIONS[body.action];
    const now = clock();
    const at = now.toISOString();
    const report = db.transaction(
      (tx) => {
        const report = loadReportFor(tx, staff, id, rule.who === 'county' ? 'handle' : 'transfer');
        if (!allowed(body.action, report.status)) {
          throw new ApiError('invalid_transition', {
            field: 'action',
            params: { status: statusLabel(report.status), action: t(`staff.action.${body.action}` as MessageKey) },
          });
        }
        let note: string | null = null;
        let data: Record<string, unknown> = { county: report.countyAdcode };
        let countyAdcode = report.countyAdcode;
        switch (body.action) {
          case 'reject':
            note = body.reason;
            break;
          case 'conclude':
            note = body.reply;
            break;
          case 'reply':
          case 'note':
            note = body.text;
            break;
          case 'transfer': {
            const target = countyByAdcode(body.countyAdcode);
            if (!target) throw new ApiError('unknown_county', { field: 'countyAdcode' });
            if (target.adcode === report.countyAdcode) throw new ApiError('transfer_same_county', { field: 'countyAdcode' });
            countyAdcode = target.adcode;
            // The reason stays internal: the public lookup shows only "转交<bureau>" from data.to.
            data = { from: report.countyAdcode, to: target.adcode, reason: body.reason };
            break;
          }
        }
        const status = rule.to ?? report.status;
        // An internal note must not move the public "last updated" time: that would tell the public something happened.
        if (rule.public) tx.update(reports).set({ status, countyAdcode, updatedAt: at }).where(eq(reports.id, report.id)).run();
        tx.insert(reportEvents)
          .values({ reportId: report.id, type: rule.event, actor: `staff:${staff.id}`, public: rule.public, status: rule.to, note, data, at })
          .run();
        if (body.action === 'transfer') enqueueDelivery(tx, { reportId: report.id, countyAdcode, reason: 'transferred' }, now);
        return tx.select().from(reports).where(eq(reports.id, report.id)).get()!;
      },
      { behavior: 'immediate' },
    );
    logger.info('staff.action', { staffId: staff.id, reportId: report.id, action: body.action, status: report.status });
    // The answer describes the report as it now is, even when a transfer took it out of this staff member's sight.
    return detailOf(report);
  }

  /**
   * GET /api/staff/reports.csv. With `includeContact` (county staff only) the contact columns are
   * filled and one `export_with_contact` audit event is written per exported report that has a
   * contact, in the same transaction that read them.
   */
  function exportCsv(staff: StaffPrincipal, query: ExportQuery): { csv: string; scope: string } {
    const scope = listScope(staff, query.county) ?? 'all';
    if (!query.includeContact) {
      const { reports: rows } = filtered(staff, query);
      return { csv: reportsCsv(rows, descriptionsOf(rows.map((r) => r.id))), scope };
    }
    requireCountyStaff(staff);
    const now = clock();
    // One transaction for the list, the contacts and the audit rows: a report transferred away
    // meanwhile is either exported (and audited) before the transfer or not at all.
    const { rows, contacts } = db.transaction(
      (tx) => {
        const { reports: rows } = filtered(staff, query);
        const ids = rows.map((r) => r.id);
        const trackingNumbers = new Map(rows.map((r) => [r.id, r.trackingNumber]));
        const contacts = new Map<number, Contact>();
        const sealed = [];
        for (let i = 0; i < ids.length; i += 500)
          sealed.push(
            ...tx
              .select()
              .from(reportContacts)
              .where(inArray(reportContacts.reportId, ids.slice(i, i + 500)))
              .all(),
          );
        for (const s of sealed) {
          contacts.set(s.reportId, openContact(contactKey, s.sealed, trackingNumbers.get(s.reportId)!));
          tx.insert(reportEvents)
            .values({
              reportId: s.reportId,
              type: 'export_with_contact',
              actor: `staff:${staff.id}`,
              public: false,
              data: { exported: rows.length },
              at: now.toISOString(),
            })
            .run();
        }
        return { rows, contacts };
      },
      { behavior: 'immediate' },
    );
    logger.info('staff.export_with_contact', { staffId: staff.id, reports: rows.length, contacts: contacts.size });
    return { csv: reportsCsv(rows, descriptionsOf(rows.map((r) => r.id)), contacts), scope };
  }

  function descriptionsOf(ids: number[]): Map<number, string> {
    const out = new Map<number, string>();
    // In chunks: SQLite bounds the number of bound parameters per statement.
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of db
        .select({ id: reports.id, description: reports.description })
        .from(reports)
        .where(inArray(reports.id, ids.slice(i, i + 500)))
        .all())
        out.set(r.id, r.description);
    }
    return out;
  }

  return { list, detail, photoPath, revealContact, act, exportCsv };
}

export type CaseService = ReturnType<typeof createCaseService>;
