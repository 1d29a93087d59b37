import type { Db } from '../db/client.ts';
import type { ReportStatus } from '../db/schema.ts';
import { distanceM } from '../geo/distance.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { category, isCategoryKey } from './categories.ts';

/**
 * Earlier reports of the same problem (issue 11): when a citizen chooses an outfall or a point, the
 * form shows the reports of the last NEARBY_DAYS days about that outfall or within NEARBY_M metres,
 * so they can say 「我也看到了」 instead of reporting it again. Only what is safe to show anyone:
 * category, status, day and how many supported it — never the description, photos, contact or the
 * exact point. The report API (GET /api/reports/nearby) and the server-rendered /report/ page both
 * read it from here.
 */

export const NEARBY_M = 200;
export const NEARBY_DAYS = 30;
/** At most this many are shown, newest first. */
export const NEARBY_MAX = 10;

/** One earlier report as anyone may see it. */
export interface NearbyReport {
  trackingNumber: string;
  category: { key: string; name: string };
  status: ReportStatus;
  statusLabel: string;
  /** The day it was received, Beijing time (YYYY-MM-DD). */
  receivedOn: string;
  /** People who said 「我也看到了」. */
  supporters: number;
  /** It can still be supported (received, accepted or in progress). */
  open: boolean;
}

const OPEN: readonly ReportStatus[] = ['received', 'accepted', 'in_progress'];
/** 200 m is about 0.0018° of latitude; the box is widened for longitude at Jilin's latitudes (cos 46° ≈ 0.69). */
const BOX_LAT = 0.002;
const BOX_LNG = 0.003;

/**
 * Reports of the last NEARBY_DAYS days about `outfallCode` or within NEARBY_M of the point.
 *
 * @example nearbyReports(db, { lat: 43.85, lng: 125.35 }, new Date())[0]?.supporters
 */
export function nearbyReports(db: Db, where: { lat?: number; lng?: number; outfallCode?: string }, now: Date): NearbyReport[] {
  const since = new Date(now.getTime() - NEARBY_DAYS * 86_400_000).toISOString();
  const hasPoint = where.lat !== undefined && where.lng !== undefined && Number.isFinite(where.lat) && Number.isFinite(where.lng);
  if (!hasPoint && !where.outfallCode) return [];
  const lat = where.lat ?? 0;
  const lng = where.lng ?? 0;
  const rows = db.$client
    .prepare(
      `SELECT r.tracking_number AS trackingNumber, r.category, r.status, r.received_at AS receivedAt, r.lat, r.lng, r.outfall_code AS outfallCode,
              (SELECT count(*) FROM report_supports s WHERE s.report_id = r.id) AS supporters
         FROM reports r
        WHERE r.received_at >= ?
          AND ((? IS NOT NULL AND r.outfall_code = ?) OR (? = 1 AND r.lat BETWEEN ? AND ? AND r.lng BETWEEN ? AND ?))
        ORDER BY r.received_at DESC, r.id DESC
        LIMIT 200`,
    )
    .all(since, where.outfallCode ?? null, where.outfallCode ?? null, hasPoint ? 1 : 0, lat - BOX_LAT, lat + BOX_LAT, lng - BOX_LNG, lng + BOX_LNG) as {
    trackingNumber: string;
    category: string;
    status: ReportStatus;
    receivedAt: string;
    lat: number;
    lng: number;
    outfallCode: string | null;
    supporters: number;
  }[];
  return rows
    .filter((r) => (where.outfallCode && r.outfallCode === where.outfallCode) || (hasPoint && distanceM({ lat, lng }, r) <= NEARBY_M))
    .slice(0, NEARBY_MAX)
    .map((r) => ({
      trackingNumber: r.trackingNumber,
      category: isCategoryKey(r.category) ? { key: r.category, name: category(r.category).name } : { key: r.category, name: r.category },
      status: r.status,
      statusLabel: t(`report.status.${r.status}` as MessageKey),
      receivedOn: new Date(Date.parse(r.receivedAt) + 8 * 3600_000).toISOString().slice(0, 10),
      supporters: r.supporters,
      open: OPEN.includes(r.status),
    }));
}
