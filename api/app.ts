import { type Context, Hono } from 'hono';
import type { Config } from '../src/kernel/config.ts';
import type { Db } from '../src/kernel/db/client.ts';
import { type CountyLookup, countyLookup } from '../src/kernel/geo/county-lookup.ts';
import { createStatsService } from '../src/kernel/report/stats/service.ts';
import type { ApiEnv } from './context.ts';
import { loadDeliveryContacts } from './delivery/contacts.ts';
import { createDelivery, type Delivery } from './delivery/index.ts';
import { ApiError, errorHandler } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { accessLog } from './middleware/access-log.ts';
import { citizenBudget } from './middleware/citizen-limit.ts';
import { clientAddress } from './middleware/client-address.ts';
import { deviceTokens } from './middleware/device-token.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { open311Routes } from './open311/routes.ts';
import { openApiDocument } from './openapi.ts';
import { loadOrCreateContactKey } from './reports/contact.ts';
import { createFollowUps } from './reports/followups.ts';
import { recoverKeys } from './reports/idempotency.ts';
import { answerAsJson, citizenPageRoutes, type RenderCitizenPage } from './reports/pages.ts';
import { createPhotoStore } from './reports/photos.ts';
import { reportLimits, reportRoutes } from './reports/routes.ts';
import { createReportService } from './reports/service.ts';
import { requestIsHttps, requireSameOrigin } from './staff/origin.ts';
import { staffRoutes } from './staff/routes.ts';
import { statsRoutes } from './stats/routes.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  /** Source of "now" (tests pin it). */
  clock?: () => Date;
  logger?: Logger;
  /** Contact encryption key; default `loadOrCreateContactKey(config)`. */
  contactKey?: Buffer;
  /** Point → county index; default the shared one over the bundled boundaries. */
  lookup?: CountyLookup;
  /**
   * Clean up after a crash before serving: release idempotency claims of dead requests, empty
   * UPLOAD_DIR/tmp and remove photo files no report references (default true). Only one process
   * may serve one database and UPLOAD_DIR.
   */
  recover?: boolean;
  /**
   * Delivery to the county bureaus: new reports and transfers are queued through its `enqueue`.
   * The portal (api/server.ts) passes the one whose worker it runs. Default: one over
   * `loadDeliveryContacts(config)` (DELIVERY_CONTACTS_FILE) whose worker nobody starts, so rows
   * are only queued (tests, the API-only server of api/node.ts).
   */
  delivery?: Delivery;
  /**
   * Renders the answers of the no-JS report and tracking forms (POST /report/, POST /track/) as
   * pages of the site. The portal (api/server.ts) hands them to Astro's on-demand pages; the
   * default answers with the answer as JSON (tests, the API-only server).
   */
  renderPage?: RenderCitizenPage;
}

/**
 * The API as a Hono app; every route is under `/api/`. The server entry (api/server.ts) mounts it
 * next to the static site; tests call `app.request()` on it directly.
 *
 * @example
 * const app = createApp({ db: buildDb(':memory:'), config: loadConfig({ UPLOAD_DIR: tmp }) });
 * const res = await app.request('/api/counties');
 */
export function createApp(deps: AppDeps) {
  const { db, config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? createLogger({ level: config.LOG_LEVEL });
  const contactKey = deps.contactKey ?? loadOrCreateContactKey(config);
  const lookup = deps.lookup ?? countyLookup();
  // A bad DELIVERY_CONTACTS_FILE stops here, before anything else runs.
  const delivery = deps.delivery ?? createDelivery({ db, config, contacts: loadDeliveryContacts(config), clock, logger });
  const photos = createPhotoStore(db, config.UPLOAD_DIR);
  if (deps.recover !== false) {
    const keys = recoverKeys(db, clock());
    const files = photos.recover();
    if (keys.released || files.tmpRemoved || files.orphansRemoved) logger.warn('storage.recovered', { ...keys, ...files });
  }
  const client = (c: Context) => clientAddress(c, config.TRUST_PROXY);
  const service = createReportService({ db, config, clock, contactKey, photos, lookup, logger, enqueueDelivery: delivery.enqueue });
  // One citizen budget for every citizen submission route (see api/middleware/citizen-limit.ts).
  const citizen = citizenBudget({
    deviceLimit: config.REPORT_RATE_LIMIT,
    addressLimit: config.REPORT_ADDRESS_RATE_LIMIT,
    windowMs: config.REPORT_RATE_WINDOW_S * 1000,
    tokens: deviceTokens(contactKey),
    address: client,
    secure: (c) => config.PUBLIC_BASE_URL.startsWith('https:') || requestIsHttps(c, config.TRUST_PROXY),
    clock,
  });
  const followUps = createFollowUps({ db, config, clock, contactKey, photos, logger });

  const app = new Hono<ApiEnv>();
  app.use('/api/*', securityHeaders());
  app.use('/open311/*', securityHeaders());
  app.use('/api/*', accessLog(logger, client));
  app.use('/open311/*', accessLog(logger, client));
  // Liveness and readiness for monitors and load tests: answers only when the database does.
  const ping = db.$client.prepare('SELECT 1 AS ok');
  app.get('/api/health', (c) => c.json({ ok: ping.get() !== undefined }, 200, { 'Cache-Control': 'no-store' }));
  app.get('/api/device-token', citizen.issue);
  // One budget per client, whether a report comes from the island, a plain form or (below) Open311:
  // the citizen budget (per device under a per-address ceiling) for submissions.
  const limits = { ...reportLimits(config, client, clock), report: citizen.limit };
  app.route('/api', reportRoutes({ config, service, followUps, clock, client, limits }));
  app.route(
    '/',
    citizenPageRoutes({
      db,
      config,
      service,
      logger,
      reportLimit: limits.report,
      lookupLimit: limits.lookup,
      render: deps.renderPage ?? answerAsJson,
      sameOrigin: requireSameOrigin({ publicBaseUrl: config.PUBLIC_BASE_URL, trustProxy: config.TRUST_PROXY }),
      log: accessLog(logger, client),
    }),
  );
  app.route('/api/staff', staffRoutes({ db, config, clock, contactKey, photos, logger, client, enqueueDelivery: delivery.enqueue }));
  app.route('/api', statsRoutes({ db, stats: createStatsService({ db, config, clock }), clock }));
  app.route('/open311/v2', open311Routes({ db, config, service, clock, client, logger, citizenLimit: citizen.limit }));

  const openapi = JSON.stringify(openApiDocument());
  app.get('/api/openapi.json', (c) => c.body(openapi, 200, { 'Content-Type': 'application/json; charset=utf-8' }));

  // Unknown API paths answer JSON here rather than falling through to the site's HTML 404.
  app.all('/api/*', () => {
    throw new ApiError('api_not_found');
  });
  app.onError(errorHandler(logger));
  return app;
}

export type ApiApp = ReturnType<typeof createApp>;
