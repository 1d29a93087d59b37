import { and, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { outfalls, type ReportStatus, reportEvents, reports } from '../../src/kernel/db/schema.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import { category, isCategoryKey } from '../../src/kernel/report/categories.ts';
import { DAY_MS } from '../../src/kernel/report/stats/compute.ts';
import type { RequestsQuery } from './schemas.ts';

/**
 * The public side of reports as Open311 service requests. What is published, and why:
 * - status open/closed (received, accepted, in progress → open; concluded, rejected → closed),
 *   the latest public reply as status_notes, the county bureau as agency_responsible, category,
 *   times, and the conclusion deadline as expected_datetime while open;
 * - NOT the description: citizens' free text routinely carries names, phone numbers and other
 *   people's details and is not moderated; the native public status view withholds it too;
 * - NOT the exact point: a report about a published outfall is placed at that outfall (already
 *   public); any other report at its point rounded to 0.001° (about 100 m), enough for a map and
 *   for nobody to read a reporter's doorstep from it;
 * - never contact data, photos or internal notes.
 */

const OPEN: readonly ReportStatus[] = ['received', 'accepted', 'in_progress'];
const CLOSED: readonly ReportStatus[] = ['concluded', 'rejected'];
/** Without dates, the spec's default window. */
export const DEFAULT_WINDOW_DAYS = 90;
/** Most requests one GET answers (the spec suggests 1,000). */
export const MAX_REQUESTS = 1000;

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: null;
  agency_responsible: string;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: null;
  address_id: null;
  zipcode: null;
  lat: number;
  long: number;
  media_url: null;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface Open311RequestsDeps {
  db: Db;
  config: Pick<Config, 'CONCLUDE_DEADLINE_DAYS'>;
  clock: () => Date;
}

/**
 * @example open311Requests({ db, config, clock }).list({ status: ['open'] })
 */
export function open311Requests(deps: Open311RequestsDeps) {
  const { db, config, clock } = deps;

  function toRequests(rows: (typeof reports.$inferSelect)[]): Open311Request[] {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    // Latest public note (the bureau's public reply) and latest transfer of each report.
    const notes = new Map<number, string>();
    const transfers = new Map<number, string>();
    const events = db
      .select({ reportId: reportEvents.reportId, type: reportEvents.type, note: reportEvents.note, public: reportEvents.public, at: reportEvents.at })
      .from(reportEvents)
      .where(inArray(reportEvents.reportId, ids))
      .orderBy(reportEvents.id)
      .all();
    for (const e of events) {
      if (e.public && e.note) notes.set(e.reportId, e.note);
      if (e.type === 'transferred') transfers.set(e.reportId, e.at);
    }
    const codes = [...new Set(rows.map((r) => r.outfallCode).filter((c): c is string => c !== null))];
    const places = new Map(
      codes.length
        ? db
            .select({ code: outfalls.code, lng: outfalls.lng, lat: outfalls.lat })
            .from(outfalls)
            .where(inArray(outfalls.code, codes))
            .all()
            .map((o) => [o.code, o])
        : [],
    );
    return rows.map((r) => {
      const county = countyByAdcode(r.countyAdcode);
      const open = OPEN.includes(r.status);
      const start = transfers.get(r.id) ?? r.receivedAt;
      const outfall = r.outfallCode ? places.get(r.outfallCode) : undefined;
      return {
        service_request_id: r.trackingNumber,
        status: open ? 'open' : 'closed',
        status_notes: notes.get(r.id) ?? null,
        service_name: isCategoryKey(r.category) ? category(r.category).name : r.category,
        service_code: r.category,
        description: null,
        agency_responsible: county ? t('report.bureauName', { city: county.cityName, county: county.name }) : r.countyAdcode,
        service_notice: null,
        requested_datetime: r.receivedAt,
        updated_datetime: r.updatedAt,
        expected_datetime: open ? new Date(Date.parse(start) + config.CONCLUDE_DEADLINE_DAYS * DAY_MS).toISOString() : null,
        address: null,
        address_id: null,
        zipcode: null,
        lat: outfall ? outfall.lat : round3(r.lat),
        long: outfall ? outfall.lng : round3(r.lng),
        media_url: null,
      };
    });
  }

  return {
    /** GET requests.json: by ids, or by service, status and receipt date (default: the last 90 days), newest first. */
    list(q: RequestsQuery): Open311Request[] {
      const where: SQL[] = [];
      if (q.service_request_id) {
        where.push(inArray(reports.trackingNumber, q.service_request_id));
      } else {
        if (q.service_code) where.push(inArray(reports.category, q.service_code));
        if (q.status)
          where.push(
            inArray(
              reports.status,
              q.status.flatMap((s) => (s === 'open' ? OPEN : CLOSED)),
            ),
          );
        const start = q.start_date ?? (q.end_date ? undefined : new Date(clock().getTime() - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString());
        // Stored times are UTC ISO strings, so compare with the bounds converted to UTC.
        if (start) where.push(gte(reports.receivedAt, new Date(start).toISOString()));
        if (q.end_date) where.push(lte(reports.receivedAt, new Date(q.end_date).toISOString()));
      }
      const rows = db
        .select()
        .from(reports)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(reports.receivedAt), desc(reports.id))
        .limit(MAX_REQUESTS)
        .all();
      return toRequests(rows);
    },
    /** GET requests/<id>.json. */
    get(trackingNumber: string): Open311Request | undefined {
      const row = db.select().from(reports).where(eq(reports.trackingNumber, trackingNumber)).get();
      return row ? toRequests([row])[0] : undefined;
    },
  };
}

export type Open311RequestsReader = ReturnType<typeof open311Requests>;
