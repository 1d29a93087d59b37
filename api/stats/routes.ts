import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { Db } from '../../src/kernel/db/client.ts';
import { isPublishedOutfall, outfallReportCount } from '../../src/kernel/report/stats/outfalls.ts';
import type { StatsService } from '../../src/kernel/report/stats/service.ts';
import type { ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { adcodeParamSchema, outfallCodeParamSchema } from './schemas.ts';

export interface StatsRoutesDeps {
  db: Db;
  stats: StatsService;
  clock: () => Date;
}

/** Figures are recomputed at most every 30 s; a minute of shared caching is plenty for public counts. */
const CACHE = 'public, max-age=60';

/**
 * Public accountability endpoints, mounted under /api:
 *
 *   GET /api/stats                         province and all 60 counties (figures), province by month
 *   GET /api/stats/:adcode                 one county with its months
 *   GET /api/outfalls/:code/report-stats   reports about one outfall and how many are concluded
 *
 * Counts, shares and durations only: never a report's contents, place or reporter.
 */
export function statsRoutes(deps: StatsRoutesDeps) {
  const { db, stats, clock } = deps;
  const app = new Hono<ApiEnv>();

  app.get('/stats', (c) => {
    c.header('Cache-Control', CACHE);
    return c.json(stats.province());
  });

  app.get(
    '/stats/:adcode',
    zValidator('param', adcodeParamSchema, (result) => {
      if (!result.success) throw new ApiError('county_not_found', { field: 'adcode' });
    }),
    (c) => {
      const view = stats.county(c.req.valid('param').adcode);
      if (!view) throw new ApiError('county_not_found', { field: 'adcode' });
      c.header('Cache-Control', CACHE);
      return c.json(view);
    },
  );

  app.get(
    '/outfalls/:code/report-stats',
    zValidator('param', outfallCodeParamSchema, (result) => {
      if (!result.success) throw new ApiError('outfall_not_found', { field: 'code' });
    }),
    (c) => {
      const { code } = c.req.valid('param');
      const counts = outfallReportCount(db, code);
      // A code no longer published still answers while reports name it (the page may be cached).
      if (counts.reports === 0 && !isPublishedOutfall(db, code)) throw new ApiError('outfall_not_found', { field: 'code' });
      c.header('Cache-Control', CACHE);
      return c.json({ code, ...counts, asOf: clock().toISOString() });
    },
  );

  return app;
}
