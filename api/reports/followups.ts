import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { type Rating, type ReportStatus, reportEvents, reportPhotos, reportReviews, reportSupports, reports } from '../../src/kernel/db/schema.ts';
import { type NearbyReport, nearbyReports } from '../../src/kernel/report/nearby.ts';
import { canonicalJson } from '../../src/kernel/util/canonical-json.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { claimKey, completeKey, releaseKey } from './idempotency.ts';
import { inspectPhoto, type PhotoLimits, type PhotoStore, type ProcessedPhoto, processPhoto, type StoredPhoto } from './photos.ts';
import { normaliseQueryCode, parseTrackingNumber, queryCodeMatches } from './tracking.ts';

/**
 * What a citizen may do with a report after sending it (issue 11):
 *
 *   support       「我也看到了」 anyone, on an open report: +1 supporter, optional photo
 *   addInfo       the reporter (number + code), until it is concluded: text and/or photos
 *   rate          the reporter, once, after conclusion: 满意 / 基本满意 / 不满意
 *   requestReview the reporter, if 不满意, within REVIEW_WINDOW_DAYS of conclusion: a review row
 *                 (report_reviews, status `requested`) for province staff; the staff inbox that
 *                 decides it is not built yet
 *
 * Each write is ONE transaction with its public timeline event, so the bureau sees it in the
 * report's file. Those with photos are exactly-once like a report (an Idempotency-Key, or the
 * no-JS form's token): photos are inspected, the key claimed, photos re-encoded and stored, then
 * the transaction; a failure leaves no row and no file.
 */

/** A review may be asked for this many days after conclusion. */
export const REVIEW_WINDOW_DAYS = 15;
/** Photos of one addition or support. */
export const FOLLOWUP_MAX_PHOTOS = 3;

const OPEN: readonly ReportStatus[] = ['received', 'accepted', 'in_progress'];
const DAY_MS = 86_400_000;

export interface FollowUpDeps {
  db: Db;
  config: Pick<Config, 'REPORT_PHOTO_MAX_BYTES' | 'REPORT_PHOTO_MAX_PIXELS'>;
  clock: () => Date;
  contactKey: Buffer;
  photos: PhotoStore;
  logger: Logger;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type ReportRow = typeof reports.$inferSelect;

/** The answer of a support. */
export interface SupportAnswer {
  trackingNumber: string;
  supporters: number;
}
/** The answer of an addition. */
export interface AdditionAnswer {
  trackingNumber: string;
  at: string;
  photos: number;
}

/**
 * @example const followUps = createFollowUps({ db, config, clock, contactKey, photos, logger }); await followUps.support(key, 'JL2026-000001', []);
 */
export function createFollowUps(deps: FollowUpDeps) {
  const { db, clock, contactKey, photos, logger } = deps;
  const limits: PhotoLimits = { maxBytes: deps.config.REPORT_PHOTO_MAX_BYTES, maxPixels: deps.config.REPORT_PHOTO_MAX_PIXELS };

  /** A report by its public number alone (support needs no code); unknown and malformed numbers alike are not_found. */
  function byNumber(input: string): ReportRow {
    const n = parseTrackingNumber(input);
    const row = n ? db.select().from(reports).where(eq(reports.trackingNumber, n)).get() : undefined;
    if (!row) throw new ApiError('not_found');
    return row;
  }

  /** A report by number and query code, answering exactly like the public lookup when either is wrong. */
  function byCode(numberInput: string, codeInput: string): ReportRow {
    const code = normaliseQueryCode(codeInput);
    if (!code) throw new ApiError('invalid_code', { field: 'code' });
    const n = parseTrackingNumber(numberInput);
    const row = n ? db.select().from(reports).where(eq(reports.trackingNumber, n)).get() : undefined;
    if (!row || !queryCodeMatches(row.trackingNumber, code, row.queryCodeHash)) throw new ApiError('not_found');
    return row;
  }

  /**
   * The exactly-once frame of a write with photos: inspect, claim `key`, re-encode and store the
   * photos, then `write` them in ONE transaction with the key's completion; on any failure the key
   * is released and the files this request stored are removed (unless another report uses them).
   */
  async function onceWithPhotos<T>(
    key: string,
    fields: Record<string, unknown>,
    files: File[],
    write: (tx: Tx, photos: ProcessedPhoto[], stored: StoredPhoto[], now: Date) => { reportId: number; body: T },
  ): Promise<{ body: T; replayed: boolean }> {
    if (files.length > FOLLOWUP_MAX_PHOTOS) throw new ApiError('too_many_photos', { field: 'photos', params: { max: FOLLOWUP_MAX_PHOTOS } });
    const incoming = [];
    for (const [i, f] of files.entries()) incoming.push(await inspectPhoto(f, i + 1, limits));
    const fp = createHash('sha256')
      .update(canonicalJson({ fields, photos: incoming.map((p) => p.uploadSha256) }))
      .digest('hex');
    const claim = claimKey(db, contactKey, key, fp, clock());
    if (claim.kind === 'replay') return { body: claim.body as T, replayed: true };
    const stored: StoredPhoto[] = [];
    let committed = false;
    try {
      const processed = await Promise.all(incoming.map((p) => processPhoto(p, limits)));
      for (const p of processed) stored.push(await photos.put(p));
      const now = clock();
      const body = db.transaction(
        (tx) => {
          const { reportId, body } = write(tx, processed, stored, now);
          completeKey(tx, contactKey, key, fp, reportId, 201, body, now);
          return body;
        },
        { behavior: 'immediate' },
      );
      committed = true;
      return { body, replayed: false };
    } finally {
      photos.release(stored, committed);
      if (!committed) releaseKey(db, key, fp);
    }
  }

  /** Appends photos to a report's photos (after its last position); returns their positions. */
  function addPhotoRows(tx: Tx, reportId: number, processed: ProcessedPhoto[], stored: StoredPhoto[]): number[] {
    const next = tx.get<{ next: number }>(sql`SELECT coalesce(max(position), -1) + 1 AS next FROM report_photos WHERE report_id = ${reportId}`).next;
    const positions = stored.map((_, i) => next + i);
    if (stored.length) {
      tx.insert(reportPhotos)
        .values(
          stored.map((s, i) => ({
            reportId,
            position: positions[i]!,
            sha256: s.sha256,
            width: processed[i]!.width,
            height: processed[i]!.height,
            bytes: processed[i]!.data.length,
          })),
        )
        .run();
    }
    return positions;
  }

  /** Re-reads the report inside the transaction: its status may have changed since the cheap check. */
  function current(tx: Tx, id: number): ReportRow {
    return tx.select().from(reports).where(eq(reports.id, id)).get()!;
  }

  /** 「我也看到了」: one more person saw the problem of an open report (anonymous), with an optional photo. */
  async function support(key: string, numberInput: string, files: File[]): Promise<{ body: SupportAnswer; replayed: boolean }> {
    const report = byNumber(numberInput);
    if (!OPEN.includes(report.status)) throw new ApiError('support_closed');
    const result = await onceWithPhotos(`support:${key}`, { support: report.trackingNumber }, files, (tx, processed, stored, now) => {
      if (!OPEN.includes(current(tx, report.id).status)) throw new ApiError('support_closed');
      const [position] = addPhotoRows(tx, report.id, processed, stored);
      tx.insert(reportSupports)
        .values({ reportId: report.id, photoPosition: position ?? null, at: now.toISOString() })
        .run();
      tx.insert(reportEvents)
        .values({
          reportId: report.id,
          type: 'supported',
          actor: 'citizen',
          public: true,
          data: position === undefined ? {} : { photos: [position + 1] },
          at: now.toISOString(),
        })
        .run();
      const supporters = tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM report_supports WHERE report_id = ${report.id}`).n;
      return { reportId: report.id, body: { trackingNumber: report.trackingNumber, supporters } };
    });
    if (!result.replayed) logger.info('report.supported', { trackingNumber: report.trackingNumber, photos: files.length });
    return result;
  }

  /** The reporter adds text and/or photos to a report that is still being handled. */
  async function addInfo(
    key: string,
    numberInput: string,
    codeInput: string,
    text: string | undefined,
    files: File[],
  ): Promise<{ body: AdditionAnswer; replayed: boolean }> {
    const report = byCode(numberInput, codeInput);
    if (!OPEN.includes(report.status)) throw new ApiError('report_closed');
    if (!text && files.length === 0) throw new ApiError('addition_empty', { field: 'text' });
    const result = await onceWithPhotos(`addition:${key}`, { addition: report.trackingNumber, text: text ?? '' }, files, (tx, processed, stored, now) => {
      if (!OPEN.includes(current(tx, report.id).status)) throw new ApiError('report_closed');
      const positions = addPhotoRows(tx, report.id, processed, stored);
      const at = now.toISOString();
      tx.insert(reportEvents)
        .values({
          reportId: report.id,
          type: 'citizen_addition',
          actor: 'citizen',
          public: true,
          note: text ?? null,
          data: { photos: positions.map((p) => p + 1) },
          at,
        })
        .run();
      tx.update(reports).set({ updatedAt: at }).where(eq(reports.id, report.id)).run();
      return { reportId: report.id, body: { trackingNumber: report.trackingNumber, at, photos: positions.length } };
    });
    if (!result.replayed) logger.info('report.addition', { trackingNumber: report.trackingNumber, photos: files.length });
    return result;
  }

  /** When the report was concluded (its last `concluded` event), if it is. */
  function concludedAt(tx: Pick<Db, 'select'>, reportId: number): string | undefined {
    return tx
      .select({ at: reportEvents.at })
      .from(reportEvents)
      .where(and(eq(reportEvents.reportId, reportId), eq(reportEvents.status, 'concluded')))
      .all()
      .at(-1)?.at;
  }

  /** The reporter rates the handling once the report is concluded; the same rating again is a no-op. */
  function rate(numberInput: string, codeInput: string, rating: Rating): { trackingNumber: string; rating: Rating } {
    const report = byCode(numberInput, codeInput);
    const now = clock().toISOString();
    db.transaction(
      (tx) => {
        const row = current(tx, report.id);
        if (row.status !== 'concluded') throw new ApiError('not_concluded');
        if (row.rating === rating) return;
        if (row.rating) throw new ApiError('already_rated');
        tx.update(reports).set({ rating, ratedAt: now }).where(eq(reports.id, report.id)).run();
        tx.insert(reportEvents).values({ reportId: report.id, type: 'rated', actor: 'citizen', public: true, data: { rating }, at: now }).run();
      },
      { behavior: 'immediate' },
    );
    return { trackingNumber: report.trackingNumber, rating };
  }

  /**
   * A dissatisfied reporter asks for a review within REVIEW_WINDOW_DAYS of conclusion: a case of
   * its own for province staff. Asking again with the same reason is a no-op.
   */
  function requestReview(numberInput: string, codeInput: string, reason: string): { trackingNumber: string; requestedAt: string } {
    const report = byCode(numberInput, codeInput);
    const now = clock();
    const requestedAt = db.transaction(
      (tx) => {
        const row = current(tx, report.id);
        const existing = tx.select().from(reportReviews).where(eq(reportReviews.reportId, report.id)).get();
        if (existing) {
          if (existing.reason === reason) return existing.requestedAt;
          throw new ApiError('review_exists');
        }
        if (row.status !== 'concluded') throw new ApiError('not_concluded');
        if (row.rating !== 'dissatisfied') throw new ApiError('review_not_allowed');
        const concluded = concludedAt(tx, report.id);
        if (!concluded || now.getTime() - Date.parse(concluded) > REVIEW_WINDOW_DAYS * DAY_MS) {
          throw new ApiError('review_too_late', { params: { days: REVIEW_WINDOW_DAYS } });
        }
        const at = now.toISOString();
        tx.insert(reportReviews).values({ reportId: report.id, reason, status: 'requested', requestedAt: at, updatedAt: at }).run();
        tx.insert(reportEvents).values({ reportId: report.id, type: 'review_requested', actor: 'citizen', public: true, at }).run();
        return at;
      },
      { behavior: 'immediate' },
    );
    logger.info('report.review_requested', { trackingNumber: report.trackingNumber });
    return { trackingNumber: report.trackingNumber, requestedAt };
  }

  /** Earlier reports about an outfall or near a point (kernel read model; never contents). */
  function nearby(where: { lat?: number; lng?: number; outfallCode?: string }): NearbyReport[] {
    return nearbyReports(db, where, clock());
  }

  return { support, addInfo, rate, requestReview, nearby };
}

export type FollowUps = ReturnType<typeof createFollowUps>;
