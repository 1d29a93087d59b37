import { eq } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';
import { outfalls, reports } from '../../src/kernel/db/schema.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import { countyRef } from '../../src/kernel/report/bureaus.ts';
import { category, isCategoryKey } from '../../src/kernel/report/categories.ts';

/**
 * What a county bureau receives about a report: that it arrived, its tracking number, category,
 * county and place, and a link to it in the staff inbox. Built ONLY from the report's routing
 * columns: never the reporter's contact (kept sealed in another table), never the description
 * (free text that often names people) and no photos; staff read those in the inbox, where every
 * viewing of the contact is audited.
 */

/** The payload of a delivery (the webhook's JSON body; the e-mail is rendered from it). */
export interface DeliveryMessage {
  /**
   * Stable id of this delivery (one outbox row): the same on every retry, so a receiver can
   * dedupe. Sent as the webhook's `Idempotency-Key` and in the e-mail's Message-ID.
   */
  id: string;
  event: 'report.new' | 'report.transferred';
  trackingNumber: string;
  category: { key: string; name: string };
  county: { adcode: string; name: string; cityName: string; bureau: string };
  place: { lng: number; lat: number; outfallCode: string | null; outfallName: string | null; text: string };
  receivedAt: string;
  /** The staff inbox page of the report (login required). */
  inboxUrl: string;
}

export interface OutboxRowRef {
  id: number;
  reportId: number;
  countyAdcode: string;
  reason: 'new' | 'transferred';
}

/** `2026-05-01 10:00` in Beijing time (UTC+8, no daylight saving). */
export function beijingMinute(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Builds the message of one outbox row from the report as it is now (undefined if the report is
 * gone). The id is `<trackingNumber>.<outbox id>`: unique per database, stable across retries.
 *
 * @example deliveryMessage(db, row, 'https://hbpwk.example.gov.cn')?.inboxUrl // 'https://…/staff/report/?id=12'
 */
export function deliveryMessage(db: Db, row: OutboxRowRef, publicBaseUrl: string): DeliveryMessage | undefined {
  const report = db
    .select({
      trackingNumber: reports.trackingNumber,
      category: reports.category,
      lng: reports.lng,
      lat: reports.lat,
      outfallCode: reports.outfallCode,
      receivedAt: reports.receivedAt,
    })
    .from(reports)
    .where(eq(reports.id, row.reportId))
    .get();
  if (!report) return undefined;
  const county = countyByAdcode(row.countyAdcode);
  const ref = county ? countyRef(county) : { adcode: row.countyAdcode, name: row.countyAdcode, cityName: '', bureau: row.countyAdcode };
  const outfall = report.outfallCode ? db.select({ record: outfalls.record }).from(outfalls).where(eq(outfalls.code, report.outfallCode)).get() : undefined;
  const outfallName = outfall?.record.name ?? null;
  const coords = t('stats.delivery.coordinates', { lat: report.lat.toFixed(5), lng: report.lng.toFixed(5) });
  const text = report.outfallCode
    ? t('stats.delivery.placeOutfall', { county: ref.name, outfall: outfallName ?? t('stats.delivery.unpublishedOutfall'), code: report.outfallCode, coords })
    : t('stats.delivery.placePoint', { county: ref.name, coords });
  return {
    id: `${report.trackingNumber}.${row.id}`,
    event: row.reason === 'new' ? 'report.new' : 'report.transferred',
    trackingNumber: report.trackingNumber,
    category: isCategoryKey(report.category) ? { key: report.category, name: category(report.category).name } : { key: report.category, name: report.category },
    county: ref,
    place: { lng: report.lng, lat: report.lat, outfallCode: report.outfallCode, outfallName, text },
    receivedAt: report.receivedAt,
    inboxUrl: `${publicBaseUrl}/staff/report/?id=${row.reportId}`,
  };
}

/** The e-mail of a message: subject and plain-text body (Chinese, for bureau staff). */
export function renderEmail(m: DeliveryMessage): { subject: string; text: string } {
  const kind = m.event === 'report.new' ? 'new' : 'transferred';
  const subject = t(`stats.delivery.subject.${kind}`, { bureau: m.county.bureau, trackingNumber: m.trackingNumber, category: m.category.name });
  const lines = [
    t('stats.delivery.greeting', { bureau: m.county.bureau }),
    '',
    t(`stats.delivery.intro.${kind}`),
    '',
    `${t('stats.delivery.trackingNumber')}${m.trackingNumber}`,
    `${t('stats.delivery.category')}${m.category.name}`,
    `${t('stats.delivery.county')}${m.county.cityName}${m.county.name}`,
    `${t('stats.delivery.place')}${m.place.text}`,
    `${t('stats.delivery.receivedAt')}${beijingMinute(m.receivedAt)}`,
    `${t('stats.delivery.inbox')}${m.inboxUrl}`,
    '',
    t('stats.delivery.privacy'),
    t('stats.delivery.duplicates', { id: m.id }),
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}
