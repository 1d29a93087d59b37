import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { createLogger, type Logger } from '../logger.ts';
import { emailSender, type Senders, webhookSender } from './senders.ts';
import { createDeliveryWorker, type DeliveryWorker } from './worker.ts';

export { enqueueDelivery } from './outbox.ts';
export { createDeliveryWorker } from './worker.ts';

type DeliveryConfig = Pick<
  Config,
  | 'SMTP_URL'
  | 'DELIVERY_FROM'
  | 'PUBLIC_BASE_URL'
  | 'DELIVERY_TIMEOUT_S'
  | 'DELIVERY_MAX_ATTEMPTS'
  | 'DELIVERY_RETRY_BASE_S'
  | 'DELIVERY_INTERVAL_S'
  | 'LOG_LEVEL'
>;

/** The From address when DELIVERY_FROM is unset: noreply@ the portal's host. */
export function defaultFrom(config: Pick<Config, 'DELIVERY_FROM' | 'PUBLIC_BASE_URL'>): string {
  return config.DELIVERY_FROM ?? `noreply@${new URL(config.PUBLIC_BASE_URL).hostname}`;
}

/**
 * The senders the configuration allows: webhooks always, e-mail when SMTP_URL is set.
 *
 * @example defaultSenders(loadConfig()).webhook
 */
export function defaultSenders(config: DeliveryConfig): Senders {
  const timeoutMs = config.DELIVERY_TIMEOUT_S * 1000;
  return {
    webhook: webhookSender({ timeoutMs }),
    ...(config.SMTP_URL ? { email: emailSender({ smtpUrl: config.SMTP_URL, from: defaultFrom(config), timeoutMs }) } : {}),
  };
}

/**
 * Starts the delivery worker of the running portal (api/server.ts): every DELIVERY_INTERVAL_S it
 * sends what is due. Contacts are those createApp registered for `db`, so call this after createApp.
 *
 * @example const delivery = startDeliveryWorker({ db, config }); … await delivery.stop();
 */
export function startDeliveryWorker(deps: { db: Db; config: DeliveryConfig; logger?: Logger }): DeliveryWorker {
  const worker = createDeliveryWorker({
    db: deps.db,
    config: deps.config,
    senders: defaultSenders(deps.config),
    logger: deps.logger ?? createLogger({ level: deps.config.LOG_LEVEL }),
  });
  worker.start(deps.config.DELIVERY_INTERVAL_S * 1000);
  return worker;
}
