import { and, asc, eq, lte } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { deliveryAttempts, deliveryOutbox } from '../../src/kernel/db/schema.ts';
import type { Logger } from '../logger.ts';
import type { ContactDirectory } from './contacts.ts';
import { deliveryMessage } from './message.ts';
import { refreshDeliveryState } from './outbox.ts';
import type { Senders } from './senders.ts';

/**
 * The delivery worker: claims due outbox rows, sends each through the sender of its channel,
 * records every attempt, and retries failures with exponential backoff and jitter until
 * DELIVERY_MAX_ATTEMPTS, after which the row is `failed` (the report is still in the inbox).
 *
 * Delivery is AT LEAST ONCE. A row is claimed by pushing its next attempt a lease into the future
 * (in one transaction), then sent, then marked. If the process dies between the receiver taking
 * the message and the mark being written, the lease runs out and the row is sent again. Every copy
 * carries the same message id (webhook `Idempotency-Key`/`X-Delivery-Id`, e-mail Message-ID), so
 * receivers can drop the duplicate. Only one process may run the worker on one database.
 */

/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 6 * 3600_000;

/**
 * Delay before the next attempt after `attempts` failed ones: base × 2^(attempts−1), capped, with
 * "equal jitter" (a random point in the upper half) so that a bureau's server coming back is not
 * hit by every queued delivery in the same second.
 *
 * @example retryDelayMs(3, 60_000, () => 1) // 240000 (between 120000 and 240000 for other draws)
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export interface DeliveryWorkerDeps {
  db: Db;
  config: Pick<Config, 'DELIVERY_MAX_ATTEMPTS' | 'DELIVERY_RETRY_BASE_S' | 'PUBLIC_BASE_URL'>;
  senders: Senders;
  clock?: () => Date;
  /** The contacts the rows were queued for; the worker reads the webhook secrets from them. */
  contacts: ContactDirectory;
  logger?: Logger;
  /** Jitter source (tests pin it). */
  random?: () => number;
  /** Rows claimed per run (default 50). */
  batchSize?: number;
  /** How long a claimed row is held before another run may take it again (default 10 minutes). */
  leaseMs?: number;
  /** Rows sent at the same time (default 4). */
  concurrency?: number;
}

export interface RunSummary {
  /** Rows attempted in this run. */
  attempted: number;
  sent: number;
  /** Failed and scheduled again. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
}

export interface DeliveryWorker {
  /** Claims the rows due now and attempts each once. A run already in progress is awaited instead. */
  runOnce(): Promise<RunSummary>;
  /** Runs every `intervalMs` until stopped (the timer does not keep the process alive). */
  start(intervalMs: number): void;
  /** Stops the timer, waits for a run in progress and closes the senders. */
  stop(): Promise<void>;
}

type OutboxRow = typeof deliveryOutbox.$inferSelect;

/**
 * @example
 * const worker = createDeliveryWorker({ db, config, contacts, senders: defaultSenders(config) });
 * worker.start(config.DELIVERY_INTERVAL_S * 1000); // … on shutdown: await worker.stop();
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { db, config, senders, contacts } = deps;
  const clock = deps.clock ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const batchSize = deps.batchSize ?? 50;
  const leaseMs = deps.leaseMs ?? 10 * 60_000;
  const limit = pLimit(deps.concurrency ?? 4);
  const baseMs = config.DELIVERY_RETRY_BASE_S * 1000;

  /** Takes the due rows and pushes their next attempt a lease ahead: the claim. */
  function claim(): OutboxRow[] {
    const now = clock();
    return db.transaction(
      (tx) => {
        const rows = tx
          .select()
          .from(deliveryOutbox)
          .where(and(eq(deliveryOutbox.state, 'pending'), lte(deliveryOutbox.nextAttemptAt, now.toISOString())))
          .orderBy(asc(deliveryOutbox.nextAttemptAt), asc(deliveryOutbox.id))
          .limit(batchSize)
          .all();
        const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
        for (const r of rows) tx.update(deliveryOutbox).set({ nextAttemptAt: leaseEnd }).where(eq(deliveryOutbox.id, r.id)).run();
        return rows;
      },
      { behavior: 'immediate' },
    );
  }

  async function attempt(row: OutboxRow): Promise<'sent' | 'retrying' | 'failed'> {
    const started = performance.now();
    let ok = false;
    let detail: string;
    const message = deliveryMessage(db, row, config.PUBLIC_BASE_URL);
    const sender = senders[row.channel];
    try {
      if (!message) throw new Error('report no longer exists');
      if (!sender) throw new Error(`no ${row.channel} sender configured`);
      const secret = row.channel === 'webhook' ? contacts.webhookSecret(row.countyAdcode, row.target) : undefined;
      detail = await sender.send(message, { target: row.target, secret });
      ok = true;
    } catch (err) {
      detail = (err as Error).message.slice(0, 300);
    }
    const durationMs = Math.round(performance.now() - started);
    const now = clock();
    const attempts = row.attempts + 1;
    const outcome = ok ? 'sent' : attempts >= config.DELIVERY_MAX_ATTEMPTS ? 'failed' : 'retrying';
    db.transaction(
      (tx) => {
        tx.insert(deliveryAttempts).values({ outboxId: row.id, at: now.toISOString(), ok, detail, durationMs }).run();
        // `state = 'pending'`: a transfer may have cancelled the row while it was being sent; the
        // attempt is still logged, the cancellation stands.
        tx.update(deliveryOutbox)
          .set(
            outcome === 'sent'
              ? { state: 'sent', attempts, sentAt: now.toISOString(), lastError: null }
              : outcome === 'failed'
                ? { state: 'failed', attempts, lastError: detail }
                : { attempts, lastError: detail, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, baseMs, random)).toISOString() },
          )
          .where(and(eq(deliveryOutbox.id, row.id), eq(deliveryOutbox.state, 'pending')))
          .run();
        refreshDeliveryState(tx, row.reportId);
      },
      { behavior: 'immediate' },
    );
    const fields = { outboxId: row.id, trackingNumber: message?.trackingNumber, county: row.countyAdcode, channel: row.channel, attempts, durationMs };
    if (outcome === 'sent') deps.logger?.info('delivery.sent', fields);
    else deps.logger?.warn(outcome === 'failed' ? 'delivery.failed' : 'delivery.retrying', { ...fields, detail });
    return outcome;
  }

  let running: Promise<RunSummary> | undefined;
  async function run(): Promise<RunSummary> {
    const rows = claim();
    const outcomes = await Promise.all(rows.map((r) => limit(() => attempt(r))));
    return {
      attempted: rows.length,
      sent: outcomes.filter((o) => o === 'sent').length,
      retrying: outcomes.filter((o) => o === 'retrying').length,
      failed: outcomes.filter((o) => o === 'failed').length,
    };
  }
  function runOnce(): Promise<RunSummary> {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  function schedule(intervalMs: number) {
    timer = setTimeout(() => {
      runOnce()
        .catch((err: Error) => deps.logger?.error('delivery.run_failed', { error: `${err.name}: ${err.message}` }))
        .finally(() => {
          if (!stopped) schedule(intervalMs);
        });
    }, intervalMs);
    timer.unref();
  }

  return {
    runOnce,
    start(intervalMs) {
      stopped = false;
      if (!timer) schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => {});
      for (const s of Object.values(senders)) s?.close?.();
    },
  };
}
