import { zValidator } from '@hono/zod-validator';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../src/kernel/config.ts';
import { allCounties } from '../../src/kernel/geo/admin.ts';
import { allBureaus } from '../../src/kernel/report/bureau-directory.ts';
import { countyRef } from '../../src/kernel/report/bureaus.ts';
import { reportCategories } from '../../src/kernel/report/categories.ts';
import type { ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { requireIdempotencyKey } from '../middleware/idempotency-key.ts';
import { lingerAfterRefusal } from '../middleware/linger.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { formError, locateQuerySchema, reportFormSchema, reportStatusQuerySchema } from './schemas.ts';
import type { ReportService } from './service.ts';

export interface ReportRoutesDeps {
  config: Pick<Config, 'REPORT_BODY_MAX_BYTES' | 'REPORT_RATE_LIMIT' | 'REPORT_RATE_WINDOW_S' | 'LOOKUP_RATE_LIMIT' | 'LOOKUP_RATE_WINDOW_S'>;
  service: ReportService;
  clock: () => Date;
  /** The client key for rate limits. */
  client: (c: Context) => string;
  /**
   * The rate limits of submissions and lookups, when shared with other routes (the no-JS forms of
   * ./pages.ts spend the same budget); default: made here from the config.
   */
  limits?: ReportLimits;
}

/** The two rate limits of the report API. */
export interface ReportLimits {
  report: MiddlewareHandler;
  lookup: MiddlewareHandler;
}

/**
 * The submission and lookup rate limits from the configuration, one instance each: every route
 * given the same instance shares one budget per client.
 *
 * @example const limits = reportLimits(config, client, clock); app.route('/api', reportRoutes({ …, limits }));
 */
export function reportLimits(
  config: Pick<Config, 'REPORT_RATE_LIMIT' | 'REPORT_RATE_WINDOW_S' | 'LOOKUP_RATE_LIMIT' | 'LOOKUP_RATE_WINDOW_S'>,
  client: (c: Context) => string,
  clock: () => Date,
): ReportLimits {
  return {
    report: rateLimit({ limit: config.REPORT_RATE_LIMIT, windowMs: config.REPORT_RATE_WINDOW_S * 1000, key: client, clock }),
    lookup: rateLimit({ limit: config.LOOKUP_RATE_LIMIT, windowMs: config.LOOKUP_RATE_WINDOW_S * 1000, key: client, clock }),
  };
}

/** Only multipart bodies are reports; anything else is refused before it is read. */
function requireMultipart(): MiddlewareHandler<ApiEnv> {
  return async function requireMultipart(c, next) {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'multipart/form-data') throw new ApiError('not_multipart');
    await next();
  };
}

/**
 * Routes of the report API, mounted under /api:
 *
 *   POST /api/reports                     citizen budget → Idempotency-Key → body limit → multipart → zod → service
 *   GET  /api/reports/:trackingNumber     rate limit → public status and timeline (?code=)
 *   GET  /api/locate?lat=&lng=            the county a report from there goes to (422 outside Jilin), before photos are sent
 *   GET  /api/report-categories           the category list
 *   GET  /api/counties                    the 60 county-level units and their bureaus
 *   GET  /api/bureaus                     the bureaus' public directory (address, phone, 12369)
 *
 * The body limit runs before anything reads the body: a declared Content-Length over the limit is
 * refused at once, a chunked body as soon as the limit is passed.
 */
export function reportRoutes(deps: ReportRoutesDeps) {
  const { config, service, clock, client } = deps;
  const limits = deps.limits ?? reportLimits(config, client, clock);
  const maxMb = Math.round((config.REPORT_BODY_MAX_BYTES / 1048576) * 10) / 10;
  const app = new Hono<ApiEnv>();

  app.post(
    '/reports',
    limits.report,
    requireIdempotencyKey(),
    bodyLimit({
      maxSize: config.REPORT_BODY_MAX_BYTES,
      onError: (c) => {
        lingerAfterRefusal(c);
        throw new ApiError('body_too_large', { params: { maxMb } });
      },
    }),
    requireMultipart(),
    zValidator('form', reportFormSchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    async (c) => {
      const result = await service.submit(c.get('idempotencyKey'), c.req.valid('form'));
      c.set('trackingNumber', result.body.trackingNumber);
      if (result.replayed) {
        c.set('replayed', true);
        c.header('Idempotent-Replayed', 'true');
      }
      c.header('Cache-Control', 'no-store');
      return c.json(result.body, result.status as 201);
    },
  );

  app.get(
    '/reports/:trackingNumber',
    limits.lookup,
    zValidator('query', reportStatusQuerySchema, (result) => {
      if (!result.success) throw new ApiError('invalid_code', { field: 'code' });
    }),
    (c) => {
      const view = service.publicStatus(c.req.param('trackingNumber'), c.req.valid('query').code);
      c.set('trackingNumber', view.trackingNumber);
      c.header('Cache-Control', 'no-store');
      return c.json(view);
    },
  );

  app.get(
    '/locate',
    limits.lookup,
    zValidator('query', locateQuerySchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(service.locate(c.req.valid('query')));
    },
  );

  app.get('/report-categories', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(reportCategories());
  });

  app.get('/counties', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.json(allCounties().map((county) => ({ ...countyRef(county), cityAdcode: county.cityAdcode })));
  });

  app.get('/bureaus', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(allBureaus());
  });

  return app;
}
