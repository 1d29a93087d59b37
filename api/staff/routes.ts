import { readFile } from 'node:fs/promises';
import { zValidator } from '@hono/zod-validator';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../src/kernel/config.ts';
import type { ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { type AuthConfig, type AuthServiceDeps, createAuthService } from './auth-service.ts';
import { type CaseConfig, type CaseServiceDeps, createCaseService } from './case-service.ts';
import { requestIsHttps, requireSameOrigin } from './origin.ts';
import { actionSchema, exportQuerySchema, listQuerySchema, loginSchema, staffInputError } from './schemas.ts';
import { clearSessionCookie, type StaffPrincipal, sessionCookie, setSessionCookie } from './sessions.ts';

/** The API's environment plus the logged-in staff member. */
export interface StaffEnv {
  Variables: ApiEnv['Variables'] & { staff: StaffPrincipal };
}

/**
 * Every route of the staff router (paths relative to /api/staff) and who may use it. The
 * authorization matrix test (test/api/staff/matrix.test.ts) checks that this list is exactly what
 * the router registers and runs every entry for every kind of user, so a new route cannot be added
 * without its row in the matrix.
 *
 * `access`: `public` (no session), `session` (any logged-in staff), or a `need` of ./access.ts
 * checked against the report in the path.
 */
export const STAFF_ROUTES = [
  { method: 'POST', path: '/login', access: 'public' },
  { method: 'POST', path: '/logout', access: 'public' },
  { method: 'GET', path: '/me', access: 'session' },
  { method: 'GET', path: '/reports', access: 'session' },
  { method: 'GET', path: '/reports.csv', access: 'session' },
  { method: 'GET', path: '/reports/:id', access: 'read' },
  { method: 'GET', path: '/reports/:id/photos/:n', access: 'read' },
  { method: 'POST', path: '/reports/:id/contact', access: 'contact' },
  { method: 'POST', path: '/reports/:id/actions', access: 'handle or transfer (by action)' },
] as const;

export interface StaffRoutesDeps extends Omit<AuthServiceDeps, 'config'>, Omit<CaseServiceDeps, 'config'> {
  config: AuthConfig & CaseConfig & Pick<Config, 'PUBLIC_BASE_URL' | 'TRUST_PROXY'>;
  /** The client key for login throttling (api/middleware/client-address.ts). */
  client: (c: Context) => string;
}

/** JSON bodies of the staff API are small; anything larger is refused before it is read. */
const STAFF_BODY_MAX_BYTES = 64 * 1024;

const idParam = (c: Context, name: string): number => {
  const raw = c.req.param(name) ?? '';
  // Not a plain positive integer: answered like an id that does not exist.
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : Number.NaN;
};

/**
 * The staff router, mounted at /api/staff:
 *
 *   every request   → Cache-Control: no-store
 *   POST …          → Origin check (403 csrf_origin_mismatch) → body limit → zod → service
 *   login, logout   → auth service (./auth-service.ts)
 *   all but login   → session (401 not_logged_in) → case service (./case-service.ts) → loadReportFor (404 / 403)
 *
 * @example app.route('/api/staff', staffRoutes({ db, config, clock, contactKey, photos, logger, client, enqueueDelivery }))
 */
export function staffRoutes(deps: StaffRoutesDeps) {
  const { config, client, logger } = deps;
  const auth = createAuthService(deps);
  const cases = createCaseService(deps);
  const app = new Hono<StaffEnv>();
  const secure = (c: Context) => config.PUBLIC_BASE_URL.startsWith('https:') || requestIsHttps(c, config.TRUST_PROXY);

  app.use('*', async function noStore(c, next) {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use('*', requireSameOrigin({ publicBaseUrl: config.PUBLIC_BASE_URL, trustProxy: config.TRUST_PROXY }));

  const limit = bodyLimit({
    maxSize: STAFF_BODY_MAX_BYTES,
    onError: () => {
      throw new ApiError('body_too_large', { params: { maxMb: 0.06 } });
    },
  });

  const requireStaff: MiddlewareHandler<StaffEnv> = async function requireStaff(c, next) {
    const staff = auth.authenticate(sessionCookie(c, secure(c)));
    if (!staff) throw new ApiError('not_logged_in');
    c.set('staff', staff);
    await next();
  };

  app.post(
    '/login',
    limit,
    zValidator('json', loginSchema, (result) => {
      if (!result.success) throw staffInputError(result.error);
    }),
    async (c) => {
      const { staff, sessionId } = await auth.login(c.req.valid('json'), client(c), sessionCookie(c, secure(c)));
      setSessionCookie(c, sessionId, secure(c));
      return c.json({ staff });
    },
  );

  app.post('/logout', (c) => {
    auth.logout(sessionCookie(c, secure(c)));
    clearSessionCookie(c, secure(c));
    return c.body(null, 204);
  });

  app.get('/me', requireStaff, (c) => c.json({ staff: auth.staffView(c.get('staff')) }));

  app.get(
    '/reports',
    requireStaff,
    zValidator('query', listQuerySchema, (result) => {
      if (!result.success) throw staffInputError(result.error, 'invalid_filter');
    }),
    (c) => c.json(cases.list(c.get('staff'), c.req.valid('query'))),
  );

  app.get(
    '/reports.csv',
    requireStaff,
    zValidator('query', exportQuerySchema, (result) => {
      if (!result.success) throw staffInputError(result.error, 'invalid_filter');
    }),
    (c) => {
      const { csv, scope } = cases.exportCsv(c.get('staff'), c.req.valid('query'));
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="reports-${scope}.csv"`,
      });
    },
  );

  app.get('/reports/:id', requireStaff, (c) => c.json({ report: cases.detail(c.get('staff'), idParam(c, 'id')) }));

  app.get('/reports/:id/photos/:n', requireStaff, async (c) => {
    const path = cases.photoPath(c.get('staff'), idParam(c, 'id'), idParam(c, 'n'));
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      logger.warn('staff.photo_missing', { path });
      throw new ApiError('photo_not_found');
    }
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': 'image/jpeg',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    });
  });

  app.post('/reports/:id/contact', requireStaff, (c) => c.json({ contact: cases.revealContact(c.get('staff'), idParam(c, 'id')) }));

  app.post(
    '/reports/:id/actions',
    requireStaff,
    limit,
    zValidator('json', actionSchema, (result) => {
      if (!result.success) throw staffInputError(result.error, 'invalid_action');
    }),
    (c) => c.json({ report: cases.act(c.get('staff'), idParam(c, 'id'), c.req.valid('json')) }),
  );

  return app;
}
