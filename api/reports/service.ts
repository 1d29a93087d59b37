import { availableParallelism } from 'node:os';
import { and, asc, eq } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { type ReportStatus, reportContacts, reportEvents, reportPhotos, reportReviews, reports } from '../../src/kernel/db/schema.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import type { CountyLookup } from '../../src/kernel/geo/county-lookup.ts';
import { type MessageKey, t } from '../../src/kernel/i18n/index.ts';
import { countyRef } from '../../src/kernel/report/bureaus.ts';
import { category, isCategoryKey } from '../../src/kernel/report/categories.ts';
import type { PublicDeadline } from '../../src/kernel/report/contract/citizen-pages.ts';
import { type DeadlineConfig, deadlineFor } from '../../src/kernel/report/deadlines.ts';
import type { EnqueueDelivery } from '../delivery/index.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { routeReport } from '../routing/route.ts';
import { sealContact } from './contact.ts';
import { REVIEW_WINDOW_DAYS } from './followups.ts';
import { claimKey, completeKey, fingerprint, releaseKey } from './idempotency.ts';
import { type IncomingPhoto, inspectPhoto, type PhotoLimits, type PhotoStore, processPhoto, type StoredPhoto } from './photos.ts';
import type { ReportCreated, ReportForm, ReportStatusView } from './schemas.ts';
import {
  chinaYear,
  formatTrackingNumber,
  hashQueryCode,
  newQueryCode,
  nextSequence,
  normaliseQueryCode,
  parseTrackingNumber,
  queryCodeMatches,
} from './tracking.ts';

export interface ReportServiceDeps {
  db: Db;
  config: Pick<Config, 'REPORT_PHOTO_MAX_BYTES' | 'REPORT_PHOTO_MAX_PIXELS'> & DeadlineConfig;
  clock: () => Date;
  contactKey: Buffer;
  photos: PhotoStore;
  lookup: CountyLookup;
  logger: Logger;
  /** Queues the new report's delivery to its county (`createDelivery(…).enqueue`), inside the report's transaction. */
  enqueueDelivery: EnqueueDelivery;
  /**
   * Reports whose photos are decoded at the same time (default: the number of CPUs). Sharp work is
   * CPU-bound: running every request's photos at once only shares the CPU out so that all of them
   * finish late, and holds every decoded image in memory together. Queued requests wait here in
   * arrival order, after their body was read, so a slow upload never holds a slot.
   */
  photoConcurrency?: number;
}

export interface SubmitResult {
  status: number;
  body: ReportCreated;
  /** Answered from an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/**
 * Accepting and looking up reports. `submit` is the one write path: cheap checks, routing and the
 * idempotency claim first; then photo decoding; then files; then ONE transaction that writes the
 * report, its photos' rows, the sealed contact, the first audit event and the idempotency response.
 * The caller answers 201 only after `submit` returns, i.e. after that commit.
 */
export function createReportService(deps: ReportServiceDeps) {
  const { db, clock, contactKey, photos, lookup, logger, enqueueDelivery } = deps;
  const limits: PhotoLimits = { maxBytes: deps.config.REPORT_PHOTO_MAX_BYTES, maxPixels: deps.config.REPORT_PHOTO_MAX_PIXELS };
  const photoSlot = pLimit(Math.max(1, deps.photoConcurrency ?? availableParallelism()));
  /** Keys whose claim could not be released after a failure (see claimKey); cleared when retaken. */
  const abandonedKeys = new Set<string>();

  async function submit(key: string, form: ReportForm): Promise<SubmitResult> {
    // 1. Cheap checks of the photos' size, type and pixel count.
    const incoming: IncomingPhoto[] = [];
    for (const [i, file] of form.photos.entries()) incoming.push(await inspectPhoto(file, i + 1, limits));

    // 2. Exactly once. A retry of a stored report is answered before routing, which depends on the
    //    published records and may have changed since the first try.
    const fp = fingerprint(
      form,
      incoming.map((p) => p.uploadSha256),
      contactKey,
    );
    const claim = claimKey(db, contactKey, key, fp, clock(), abandonedKeys);
    if (claim.kind === 'replay') return { status: claim.status, body: claim.body as ReportCreated, replayed: true };
    abandonedKeys.delete(key);

    const stored: StoredPhoto[] = [];
    let committed = false;
    try {
      const decision = routeReport(db, { lng: form.lng, lat: form.lat, outfallCode: form.outfallCode }, lookup);

      // 3. Heavy work outside any transaction: decode and re-encode, then write files.
      const processed = incoming.length ? await photoSlot(() => Promise.all(incoming.map((p) => processPhoto(p, limits)))) : [];
      const puts = await Promise.allSettled(processed.map((p) => photos.put(p)));
      for (const r of puts) if (r.status === 'fulfilled') stored.push(r.value);
      const failed = puts.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;

      // 4. One transaction.
      const now = clock();
      const at = now.toISOString();
      const year = chinaYear(now);
      const queryCode = newQueryCode();
      const contact = form.contactName || form.contactPhone ? { name: form.contactName, phone: form.contactPhone } : undefined;
      const body = db.transaction(
        (tx) => {
          const seq = nextSequence(tx, year);
          const trackingNumber = formatTrackingNumber(year, seq);
          const row = tx
            .insert(reports)
            .values({
              trackingNumber,
              year,
              seq,
              queryCodeHash: hashQueryCode(trackingNumber, queryCode),
              status: 'received',
              countyAdcode: decision.county.adcode,
              category: form.category,
              description: form.description,
              lng: form.lng,
              lat: form.lat,
              locationSource: form.locationSource ?? null,
              outfallCode: form.outfallCode ?? null,
              routingRule: decision.rule,
              routedCountyAdcode: decision.county.adcode,
              pointCountyAdcode: decision.pointCounty?.adcode ?? null,
              outfallCountyMismatch: decision.outfallCountyMismatch,
              nearBorder: decision.nearBorder,
              boundaryVersion: decision.boundaryVersion,
              deliveryState: 'pending',
              receivedAt: at,
              updatedAt: at,
            })
            .returning({ id: reports.id })
            .get();
          if (stored.length) {
            tx.insert(reportPhotos)
              .values(
                stored.map((s, position) => ({
                  reportId: row.id,
                  position,
                  sha256: s.sha256,
                  width: processed[position]!.width,
                  height: processed[position]!.height,
                  bytes: processed[position]!.data.length,
                })),
              )
              .run();
          }
          if (contact)
            tx.insert(reportContacts)
              .values({ reportId: row.id, sealed: sealContact(contactKey, contact, trackingNumber), createdAt: at })
              .run();
          tx.insert(reportEvents)
            .values({ reportId: row.id, type: 'received', actor: 'citizen', public: true, status: 'received', data: { county: decision.county.adcode }, at })
            .run();
          enqueueDelivery(tx, { reportId: row.id, countyAdcode: decision.county.adcode, reason: 'new' }, now);
          const created: ReportCreated = { trackingNumber, queryCode, county: countyRef(decision.county), status: 'received', receivedAt: at };
          completeKey(tx, contactKey, key, fp, row.id, 201, created, now);
          return created;
        },
        { behavior: 'immediate' },
      );
      committed = true;
      logger.info('report.created', {
        trackingNumber: body.trackingNumber,
        county: decision.county.adcode,
        rule: decision.rule,
        nearBorder: decision.nearBorder.length,
        outfallCountyMismatch: decision.outfallCountyMismatch || undefined,
        photos: stored.length,
      });
      return { status: 201, body, replayed: false };
    } finally {
      photos.release(stored, committed);
      if (!committed) {
        try {
          releaseKey(db, key, fp);
        } catch (err) {
          // Still locked, say: the client's retry takes the dead claim over (or start-up releases it).
          abandonedKeys.add(key);
          logger.warn('idempotency.release_failed', { error: (err as Error).message });
        }
      }
    }
  }

  /**
   * The public view of a report: status and public timeline, never contact data, description or
   * location. An unknown number, a malformed number and a wrong code all answer `not_found` alike.
   */
  function publicStatus(trackingNumberInput: string, codeInput: string): ReportStatusView {
    const code = normaliseQueryCode(codeInput);
    if (!code) throw new ApiError('invalid_code', { field: 'code' });
    const trackingNumber = parseTrackingNumber(trackingNumberInput);
    const row = trackingNumber ? db.select().from(reports).where(eq(reports.trackingNumber, trackingNumber)).get() : undefined;
    if (!row || !trackingNumber || !queryCodeMatches(trackingNumber, code, row.queryCodeHash)) throw new ApiError('not_found');

    const county = countyByAdcode(row.countyAdcode)!;
    const bureauOf = (adcode: unknown) => {
      const c = typeof adcode === 'string' ? countyByAdcode(adcode) : undefined;
      return c ? countyRef(c).bureau : countyRef(county).bureau;
    };
    const events = db
      .select()
      .from(reportEvents)
      .where(and(eq(reportEvents.reportId, row.id), eq(reportEvents.public, true)))
      .orderBy(asc(reportEvents.id))
      .all();
    const deadlines = publicDeadlines(row, events, clock(), deps.config);
    const timeline = events.map((e) => {
      const status = e.status ?? undefined;
      const label =
        e.type === 'received'
          ? t('report.event.received', { bureau: bureauOf(e.data?.county) })
          : e.type === 'transferred'
            ? t('report.event.transferred', { bureau: bureauOf(e.data?.to) })
            : e.type === 'public_reply'
              ? t('report.event.public_reply', { bureau: bureauOf(e.data?.county) })
              : e.type === 'supported' || e.type === 'citizen_addition' || e.type === 'review_requested'
                ? t(`report.event.${e.type}`)
                : e.type === 'rated'
                  ? t('report.event.rated', { rating: t(`report.rating.${String(e.data?.rating)}` as MessageKey) })
                  : e.type === 'review_decided'
                    ? t('report.event.review_decided', {
                        outcome: t(`report.review.${e.data?.outcome ? `outcome.${String(e.data.outcome)}` : `status.${String(e.data?.status)}`}` as MessageKey),
                      })
                    : status
                      ? t('report.event.status_changed', { status: statusLabel(status) })
                      : e.type;
      // The reporter's own words are theirs (`note`); everything else with a text is an answer to them.
      return e.type === 'citizen_addition'
        ? { at: e.at, type: e.type, status, label, note: e.note ?? undefined }
        : { at: e.at, type: e.type, status, label, reply: e.note ?? undefined };
    });
    const supporters = db.$client.prepare('SELECT count(*) AS n FROM report_supports WHERE report_id = ?').pluck().get(row.id) as number;
    const review = db.select().from(reportReviews).where(eq(reportReviews.reportId, row.id)).get();
    const concludedAt = events.filter((e) => e.status === 'concluded').at(-1)?.at;
    const inReviewWindow = !!concludedAt && clock().getTime() - Date.parse(concludedAt) <= REVIEW_WINDOW_DAYS * 86_400_000;
    return {
      trackingNumber,
      status: row.status,
      statusLabel: statusLabel(row.status),
      category: isCategoryKey(row.category) ? { key: row.category, name: category(row.category).name } : { key: row.category, name: row.category },
      county: countyRef(county),
      receivedAt: row.receivedAt,
      updatedAt: row.updatedAt,
      deadlines,
      timeline,
      supporters,
      rating: row.rating ? { key: row.rating, label: t(`report.rating.${row.rating}`) } : undefined,
      review: review && {
        status: review.status,
        statusLabel: t(`report.review.status.${review.status}`),
        outcome: review.outcome ?? undefined,
        outcomeLabel: review.outcome ? t(`report.review.outcome.${review.outcome}`) : undefined,
        reply: review.reply ?? undefined,
        requestedAt: review.requestedAt,
      },
      can: {
        add: row.status === 'received' || row.status === 'accepted' || row.status === 'in_progress',
        rate: row.status === 'concluded' && !row.rating,
        review: row.status === 'concluded' && row.rating === 'dissatisfied' && !review && inReviewWindow,
      },
    };
  }

  /**
   * Where a report from this point (and outfall) would go, without storing anything: the form asks
   * before it uploads photos, so a point outside Jilin is refused (`outside_province`, 422) before
   * megabytes cross a weak network. submit() decides again with the same rule.
   */
  function locate(input: { lat: number; lng: number; outfallCode?: string }): { county: ReturnType<typeof countyRef> } {
    return { county: countyRef(routeReport(db, input, lookup).county) };
  }

  return { submit, publicStatus, locate };
}

export type ReportService = ReturnType<typeof createReportService>;

/**
 * The statutory dates the tracking page shows: accept by and conclude by, each with when it was
 * done or whether it is overdue. The due dates come from the kernel's rule (deadlineFor), asked for
 * the step in question; this only adds what the public timeline says about each step.
 */
export function publicDeadlines(
  report: { status: ReportStatus; receivedAt: string },
  events: readonly { type: string; status: ReportStatus | null; at: string }[],
  now: Date,
  config: DeadlineConfig,
): PublicDeadline[] {
  const lastTransferAt = events.filter((e) => e.type === 'transferred').at(-1)?.at ?? null;
  const since = lastTransferAt ?? report.receivedAt;
  const decided = events.find((e) => e.at >= since && (e.status === 'accepted' || e.status === 'rejected') && e.type === 'status_changed');
  const concluded = events.find((e) => e.status === 'concluded');
  const step = (kind: PublicDeadline['kind'], as: ReportStatus, doneAt: string | undefined): PublicDeadline | undefined => {
    const d = deadlineFor({ status: as, receivedAt: report.receivedAt }, lastTransferAt, now, config);
    return d ? { kind, due: d.due, doneAt, overdue: !doneAt && d.overdue } : undefined;
  };
  const out = [step('acceptance', 'received', report.status === 'received' ? undefined : decided?.at)];
  if (report.status !== 'rejected') out.push(step('conclusion', 'accepted', concluded?.at));
  return out.filter((d): d is PublicDeadline => d !== undefined);
}

export function statusLabel(status: ReportStatus): string {
  return t(`report.status.${status}` as MessageKey);
}
