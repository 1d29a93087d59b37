import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import type { Logger } from '../logger.ts';
import type { ContactDirectory } from './contacts.ts';
import { type DbOrTx, type DeliveryJob, type EnqueueResult, enqueueDelivery } from './outbox.ts';
import { emailSender, type Senders, webhookSender } from './senders.ts';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerDeps } from './worker.ts';

type DeliveryConfig = Pick<Config, 'SMTP_URL' | 'DELIVERY_FROM' | 'PUBLIC_BASE_URL' | 'DELIVERY_TIMEOUT_S' | 'DELIVERY_MAX_ATTEMPTS' | 'DELIVERY_RETRY_BASE_S'>;

/** The From address when DELIVERY_FROM is unset: noreply@ the portal's host. */
export function defaultFrom(config: Pick<Config, 'DELIVERY_FROM' | 'PUBLIC_BASE_URL'>): string {
  return config.DELIVERY_FROM ?? `noreply@${new URL(config.PUBLIC_BASE_URL).hostname}`;
}

/**
 * The senders the configuration allows: webhooks always, e-mail when SMTP_URL is set.
 *
 * @example defaultSenders(loadConfig()).webhook
 */
export function defaultSenders(config: Pick<Config, 'SMTP_URL' | 'DELIVERY_FROM' | 'PUBLIC_BASE_URL' | 'DELIVERY_TIMEOUT_S'>): Senders {
  const timeoutMs = config.DELIVERY_TIMEOUT_S * 1000;
  return {
    webhook: webhookSender({ timeoutMs }),
    ...(config.SMTP_URL ? { email: emailSender({ smtpUrl: config.SMTP_URL, from: defaultFrom(config), timeoutMs }) } : {}),
  };
}

/**
 * Queues the delivery of a new or transferred report, INSIDE the transaction that writes it (see
 * `enqueueDelivery` in ./outbox.ts). The report service and the staff transfer receive this
 * function in their dependencies, already bound to the portal's contacts.
 */
export type EnqueueDelivery = (tx: DbOrTx, job: DeliveryJob, now: Date) => EnqueueResult;

export interface DeliveryDeps {
  db: Db;
  config: DeliveryConfig;
  /** The county bureaus' contacts (`loadDeliveryContacts(config)`); both the queue and the worker use these. */
  contacts: ContactDirectory;
  /** Default `defaultSenders(config)`. */
  senders?: Senders;
  clock?: () => Date;
  logger?: Logger;
  /** Worker tuning (tests pin the jitter or shorten the lease). */
  worker?: Pick<DeliveryWorkerDeps, 'random' | 'batchSize' | 'leaseMs' | 'concurrency'>;
}

/** Delivery to the county bureaus, as one unit: the queue that writes outbox rows and the worker that sends them. */
export interface Delivery {
  readonly contacts: ContactDirectory;
  readonly enqueue: EnqueueDelivery;
  /** Not started: the process that sends (api/server.ts) calls `worker.start(ms)` and, on shutdown, `worker.stop()`. */
  readonly worker: DeliveryWorker;
}

/**
 * Delivery for one database and one set of contacts. The app (api/app.ts) gives `enqueue` to the
 * services that create and transfer reports; the portal process (api/server.ts) starts `worker`.
 * Creating both from the same object is what makes them agree on the contacts.
 *
 * @example
 * const delivery = createDelivery({ db, config, contacts: loadDeliveryContacts(config), logger });
 * const app = createApp({ db, config, delivery });
 * delivery.worker.start(config.DELIVERY_INTERVAL_S * 1000); // … on shutdown: await delivery.worker.stop();
 */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const { db, config, contacts } = deps;
  return {
    contacts,
    enqueue: (tx, job, now) => enqueueDelivery(tx, job, now, contacts),
    worker: createDeliveryWorker({
      ...deps.worker,
      db,
      config,
      contacts,
      senders: deps.senders ?? defaultSenders(config),
      clock: deps.clock,
      logger: deps.logger,
    }),
  };
}
