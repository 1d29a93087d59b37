import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';
import { deliveryOutbox, reports } from '../../src/kernel/db/schema.ts';
import type { ContactDirectory } from './contacts.ts';

/**
 * The delivery outbox, written inside the transaction that creates or transfers a report, so a
 * report exists exactly when its deliveries are queued (accept-then-deliver: the citizen's 201 never
 * waits for an SMTP server). The worker (./worker.ts) sends the rows later and retries them.
 */

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** The database or a transaction on it: better-sqlite3 has one connection, so both write into the open transaction. */
export type DbOrTx = Db | Tx;

export interface DeliveryJob {
  reportId: number;
  /** The county that handles the report now (the new county on a transfer). */
  countyAdcode: string;
  reason: 'new' | 'transferred';
}

export interface EnqueueResult {
  /** The report's delivery state after this call. */
  deliveryState: 'pending' | 'inbox_only';
  /** Outbox rows written (one per configured contact of the county). */
  outboxIds: number[];
  /** Rows still pending for a county the report has left, now `cancelled`. */
  cancelled: number;
}

/**
 * Queues the delivery of a new or transferred report to its county's configured contacts, one
 * outbox row per contact; with no contact configured the report's delivery state becomes
 * `inbox_only` (the staff inbox is the delivery). Deliveries still pending for a county the report
 * has left become `cancelled` (their `last_error` names the new county): the old bureau no longer
 * handles it, and its inbox no longer shows it.
 * Call it INSIDE the transaction that writes the report or the transfer. The app calls it through
 * `createDelivery(…).enqueue` (./index.ts), which binds the portal's contacts.
 *
 * @example
 * db.transaction((tx) => {
 *   const row = tx.insert(reports).values({ … }).returning({ id: reports.id }).get();
 *   enqueueDelivery(tx, { reportId: row.id, countyAdcode: '220102', reason: 'new' }, now, contacts);
 * });
 */
export function enqueueDelivery(db: DbOrTx, job: DeliveryJob, now: Date, contacts: ContactDirectory): EnqueueResult {
  const at = now.toISOString();
  const cancelled = db
    .update(deliveryOutbox)
    .set({ state: 'cancelled', lastError: `report transferred to ${job.countyAdcode}` })
    .where(and(eq(deliveryOutbox.reportId, job.reportId), eq(deliveryOutbox.state, 'pending'), ne(deliveryOutbox.countyAdcode, job.countyAdcode)))
    .run().changes;

  const targets = contacts.targetsOf(job.countyAdcode);
  const outboxIds = targets.length
    ? db
        .insert(deliveryOutbox)
        .values(
          targets.map((t) => ({
            reportId: job.reportId,
            countyAdcode: job.countyAdcode,
            reason: job.reason,
            channel: t.channel,
            target: t.target,
            state: 'pending' as const,
            nextAttemptAt: at,
            createdAt: at,
          })),
        )
        .returning({ id: deliveryOutbox.id })
        .all()
        .map((r) => r.id)
    : [];
  const deliveryState = targets.length ? 'pending' : 'inbox_only';
  db.update(reports).set({ deliveryState }).where(eq(reports.id, job.reportId)).run();
  return { deliveryState, outboxIds, cancelled };
}

/**
 * Recomputes a report's delivery state from its outbox rows for the county handling it now:
 * `sent` when all are sent, `failed` when any gave up, `pending` otherwise; `inbox_only` when that
 * county has no rows. `cancelled` rows (a transfer took the report away before they were sent)
 * count for nothing. Called by the worker after each attempt, inside its transaction.
 *
 * @example db.transaction((tx) => { recordAttempt(tx, …); refreshDeliveryState(tx, reportId); });
 */
export function refreshDeliveryState(db: DbOrTx, reportId: number): void {
  const report = db.select({ county: reports.countyAdcode }).from(reports).where(eq(reports.id, reportId)).get();
  if (!report) return;
  const all = db
    .select({ state: deliveryOutbox.state, createdAt: deliveryOutbox.createdAt })
    .from(deliveryOutbox)
    .where(and(eq(deliveryOutbox.reportId, reportId), eq(deliveryOutbox.countyAdcode, report.county)))
    .all();
  // A report transferred away and back has an earlier batch for this county: only the latest
  // batch (written by one enqueueDelivery call, so sharing its createdAt) says how delivery stands.
  const latest = all.reduce((m, r) => (r.createdAt > m ? r.createdAt : m), '');
  const rows = all.filter((r) => r.createdAt === latest && r.state !== 'cancelled');
  const state =
    rows.length === 0 ? 'inbox_only' : rows.every((r) => r.state === 'sent') ? 'sent' : rows.some((r) => r.state === 'failed') ? 'failed' : 'pending';
  db.update(reports).set({ deliveryState: state }).where(eq(reports.id, reportId)).run();
}
