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
import type { FollowUps } from './followups.ts';
import {
  additionFormSchema,
  formError,
  locateQuerySchema,
  nearbyQuerySchema,
  ratingSchema,
  reportFormSchema,
  reportStatusQuerySchema,
  reviewRequestSchema,
  supportFormSchema,
} from './schemas.ts';
import type { ReportService } from './service.ts';

export interface ReportRoutesDeps {
  config: Pick<Config, 'REPORT_BODY_MAX_BYTES' | 'REPORT_RATE_LIMIT' | 'REPORT_RATE_WINDOW_S' | 'LOOKUP_RATE_LIMIT' | 'LOOKUP_RATE_WINDOW_S'>;
  service: ReportService;
  /** Supports, additions, ratings and reviews (./followups.ts). */
  followUps: FollowUps;
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
 *   GET  /api/reports/nearby              earlier reports near a point or about an outfall (never their contents)
 *   GET  /api/reports/:trackingNumber     rate limit → public status and timeline (?code=)
 *   POST /api/reports/:n/supports         「我也看到了」 (multipart, Idempotency-Key, optional photo)
 *   POST /api/reports/:n/additions        the reporter adds text/photos until conclusion (multipart, Idempotency-Key, code)
 *   POST /api/reports/:n/rating           the reporter rates a concluded report (JSON, code)
 *   POST /api/reports/:n/review           a dissatisfied reporter asks for a review (JSON, code)
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

  // Registered before /reports/:trackingNumber, which would otherwise take "nearby" for a number.
  app.get(
    '/reports/nearby',
    limits.lookup,
    zValidator('query', nearbyQuerySchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(deps.followUps.nearby(c.req.valid('query')));
    },
  );

  const photoBody = () =>
    bodyLimit({
      maxSize: config.REPORT_BODY_MAX_BYTES,
      onError: (c) => {
        lingerAfterRefusal(c);
        throw new ApiError('body_too_large', { params: { maxMb } });
      },
    });

  app.post(
    '/reports/:trackingNumber/supports',
    limits.report,
    requireIdempotencyKey(),
    photoBody(),
    requireMultipart(),
    zValidator('form', supportFormSchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    async (c) => {
      const result = await deps.followUps.support(c.get('idempotencyKey'), c.req.param('trackingNumber'), c.req.valid('form').photos);
      c.set('trackingNumber', result.body.trackingNumber);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body, 201, { 'Cache-Control': 'no-store' });
    },
  );

  app.post(
    '/reports/:trackingNumber/additions',
    limits.report,
    requireIdempotencyKey(),
    photoBody(),
    requireMultipart(),
    zValidator('form', additionFormSchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    async (c) => {
      const { code, text, photos } = c.req.valid('form');
      const result = await deps.followUps.addInfo(c.get('idempotencyKey'), c.req.param('trackingNumber'), code, text, photos);
      c.set('trackingNumber', result.body.trackingNumber);
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body, 201, { 'Cache-Control': 'no-store' });
    },
  );

  const smallJson = bodyLimit({
    maxSize: 16 * 1024,
    onError: () => {
      throw new ApiError('body_too_large', { params: { maxMb: 0.02 } });
    },
  });

  app.post(
    '/reports/:trackingNumber/rating',
    limits.lookup,
    smallJson,
    zValidator('json', ratingSchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    (c) => {
      const { code, rating } = c.req.valid('json');
      const body = deps.followUps.rate(c.req.param('trackingNumber'), code, rating);
      c.set('trackingNumber', body.trackingNumber);
      return c.json(body, 200, { 'Cache-Control': 'no-store' });
    },
  );

  app.post(
    '/reports/:trackingNumber/review',
    limits.lookup,
    smallJson,
    zValidator('json', reviewRequestSchema, (result) => {
      if (!result.success) throw formError(result.error);
    }),
    (c) => {
      const { code, reason } = c.req.valid('json');
      const body = deps.followUps.requestReview(c.req.param('trackingNumber'), code, reason);
      c.set('trackingNumber', body.trackingNumber);
      return c.json(body, 201, { 'Cache-Control': 'no-store' });
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
