import { randomUUID } from 'node:crypto';
import { zValidator } from '@hono/zod-validator';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { t } from '../../src/kernel/i18n/index.ts';
import { CATEGORY_KEYS, type CategoryKey, category } from '../../src/kernel/report/categories.ts';
import type { ApiEnv } from '../context.ts';
import { ApiError, errorHandler } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { requireIdempotencyKey } from '../middleware/idempotency-key.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import type { ReportService } from '../reports/service.ts';
import { open311Requests } from './requests.ts';
import { OUTFALL_ATTRIBUTE, open311ErrorBody, open311FormError, open311FormSchema, queryError, requestsQuerySchema } from './schemas.ts';

export interface Open311RoutesDeps {
  db: Db;
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'CONCLUDE_DEADLINE_DAYS' | 'LOOKUP_RATE_LIMIT' | 'LOOKUP_RATE_WINDOW_S'>;
  service: ReportService;
  clock: () => Date;
  client: (c: Context) => string;
  logger: Logger;
  /** The app's one citizen budget (api/middleware/citizen-limit.ts), shared with POST /api/reports. */
  citizenLimit: MiddlewareHandler;
}

/** Open311 POSTs carry no photos: a small body is plenty. */
const OPEN311_BODY_MAX_BYTES = 64 * 1024;
export const GEOREPORT_SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** Bump when the published shape of these endpoints changes. */
export const OPEN311_CHANGESET = '2026-05-01T00:00:00Z';

/**
 * `Idempotency-Key` is optional here (most Open311 clients do not send one): with it, a retry gets
 * the stored answer exactly as with POST /api/reports; without it every POST is a new report, so
 * such clients have no protection against duplicates from their own retries. We do not derive a
 * key from the content: two people reporting the same discharge in the same words would be merged.
 */
function optionalIdempotencyKey(): MiddlewareHandler<ApiEnv> {
  const required = requireIdempotencyKey();
  return async function optionalIdempotencyKey(c, next) {
    if (c.req.header('idempotency-key') !== undefined) return required(c, next);
    c.set('idempotencyKey', randomUUID());
    await next();
  };
}

/** `<name>.json` → name; other formats are refused (only JSON is offered). */
function jsonName(file: string): string {
  if (!file.endsWith('.json')) throw new ApiError('unsupported_format');
  return file.slice(0, -'.json'.length);
}

/**
 * Open311 GeoReport v2, JSON only, mounted at /open311/v2:
 *
 *   GET  discovery.json               service discovery
 *   GET  services.json                categories as services (service_code = category key)
 *   GET  services/<code>.json         service definition: the optional outfall_code attribute
 *   GET  requests.json                public fields of reports (filters: service_request_id, service_code, status, start_date, end_date)
 *   POST requests.json                a report (form-encoded), same validation, routing and idempotency as POST /api/reports
 *   GET  requests/<id>.json           one report
 *
 * Errors are Open311's `[{ code, description }]` (plus our stable `error_code` and `field`).
 * jurisdiction_id and api_key are accepted and ignored: one jurisdiction, and no key is needed.
 */
export function open311Routes(deps: Open311RoutesDeps) {
  const { config, service, clock, client, logger, citizenLimit } = deps;
  const base = config.PUBLIC_BASE_URL;
  const requests = open311Requests(deps);
  const app = new Hono<ApiEnv>();
  app.onError(errorHandler(logger, open311ErrorBody));

  const services = () =>
    CATEGORY_KEYS.map((key) => {
      const c = category(key);
      return {
        service_code: key,
        service_name: c.name,
        description: t('stats.open311.serviceDescription', { hint: c.hint, reportUrl: `${base}/report/` }),
        metadata: true,
        type: 'realtime' as const,
        keywords: c.name.split(/[/或]/).join(','),
        group: t('stats.open311.group'),
      };
    });

  app.get('/discovery.json', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.json({
      changeset: OPEN311_CHANGESET,
      contact: t('stats.open311.contact'),
      key_service: `${base}/open311/v2/ — api_key not required`,
      endpoints: [
        { specification: GEOREPORT_SPEC, url: `${base}/open311/v2`, changeset: OPEN311_CHANGESET, type: 'production', formats: ['application/json'] },
      ],
    });
  });

  app.get('/services.json', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(services());
  });

  app.get('/services/:file', (c) => {
    const code = jsonName(c.req.param('file'));
    if (!(CATEGORY_KEYS as readonly string[]).includes(code)) throw new ApiError('invalid_category', { field: 'service_code' });
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json({
      service_code: code as CategoryKey,
      attributes: [
        {
          variable: true,
          code: OUTFALL_ATTRIBUTE.slice('attribute['.length, -1),
          datatype: 'string',
          required: false,
          datatype_description: 'HJ 1235-2021',
          order: 1,
          description: t('stats.open311.attribute.outfallCode'),
        },
      ],
    });
  });

  app.get(
    '/requests.json',
    rateLimit({ limit: config.LOOKUP_RATE_LIMIT, windowMs: config.LOOKUP_RATE_WINDOW_S * 1000, key: client, clock }),
    zValidator('query', requestsQuerySchema, (result) => {
      if (!result.success) throw queryError(result.error);
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(requests.list(c.req.valid('query')));
    },
  );

  app.post(
    '/requests.json',
    citizenLimit,
    optionalIdempotencyKey(),
    bodyLimit({
      maxSize: OPEN311_BODY_MAX_BYTES,
      onError: () => {
        throw new ApiError('body_too_large', { params: { maxMb: OPEN311_BODY_MAX_BYTES / 1048576 } });
      },
    }),
    zValidator('form', open311FormSchema, (result) => {
      if (!result.success) throw open311FormError(result.error);
    }),
    async (c) => {
      const { native, emailDropped } = c.req.valid('form');
      const result = await service.submit(c.get('idempotencyKey'), native);
      const created = result.body;
      c.set('trackingNumber', created.trackingNumber);
      if (result.replayed) {
        c.set('replayed', true);
        c.header('Idempotent-Replayed', 'true');
      }
      const notice = [
        t('stats.open311.notice', {
          bureau: created.county.bureau,
          trackingNumber: created.trackingNumber,
          queryCode: created.queryCode,
          trackUrl: `${base}/track/`,
        }),
        emailDropped ? t('stats.open311.noticeEmailDropped') : '',
      ].join('');
      c.header('Cache-Control', 'no-store');
      // 200 as the GeoReport v2 examples and FixMyStreet answer (some clients test for exactly 200).
      return c.json([{ service_request_id: created.trackingNumber, service_notice: notice, account_id: null, query_code: created.queryCode }], 200);
    },
  );

  app.get('/requests/:file', rateLimit({ limit: config.LOOKUP_RATE_LIMIT, windowMs: config.LOOKUP_RATE_WINDOW_S * 1000, key: client, clock }), (c) => {
    const id = jsonName(c.req.param('file')).toUpperCase();
    const found = /^JL\d{4}-\d{6,9}$/.test(id) ? requests.get(id) : undefined;
    if (!found) throw new ApiError('request_not_found', { field: 'service_request_id' });
    c.header('Cache-Control', 'public, max-age=60');
    return c.json([found]);
  });

  app.all('*', () => {
    throw new ApiError('api_not_found');
  });
  return app;
}
