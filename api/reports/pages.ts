import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { type Locale, t } from '../../src/kernel/i18n/index.ts';
import { localeOfPath, localizedPath } from '../../src/kernel/i18n/locales.ts';
import { publishedOutfall } from '../../src/kernel/published/read.ts';
import {
  CITIZEN_ANSWER_LOCAL,
  CITIZEN_PAGE_PATHS,
  type CitizenAnswer,
  type FieldProblem,
  FORM_TOKEN_FIELD,
  type ReportFormValues,
} from '../../src/kernel/report/contract/citizen-pages.ts';
import type { ApiEnv } from '../context.ts';
import { errorMessage } from '../error-codes.ts';
import { ApiError, toApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { formError, reportFormSchema } from './schemas.ts';
import type { ReportService } from './service.ts';

/**
 * The report form and the tracking form for browsers without JavaScript (issue 11): plain HTML
 * forms post here, the same service as the JSON API does the work, and the answer is an HTML page
 * rendered by the site (`render`, see src/kernel/report/contract/citizen-pages.ts).
 *
 *   POST /report/   multipart: the report fields, photos and the one-time `formToken`
 *   POST /track/    number + query code in the body, so the code is never in a URL or a log
 *   (and the same under /ko/ for the Korean pages of 延边: the answer is told in Korean)
 *
 * Exactly once without a custom header: the /report/ page puts a fresh UUID into a hidden field
 * each time it is served (`formToken`), and that token is the submission's Idempotency-Key. A
 * double click and the back button's "resubmit" send the same token with the same content and get
 * the same receipt (the second request waits for the first instead of answering 409); the same
 * token with other content (the form edited after going back) creates nothing and shows the form
 * again with a fresh token. Errors show the form again with what was typed and each problem next
 * to its field; nothing is written (the service's one transaction) and no photo file is left.
 */

/** Renders an answer as a page; the portal hands it to the site (api/server.ts), tests read the JSON default. */
export type RenderCitizenPage = (c: Context, answer: CitizenAnswer) => Response | Promise<Response>;

/** Astro's Node request handler (`handler` of the built site's server entry), with its `locals` argument. */
export type AstroNodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void, locals?: object) => void | Promise<void>;

/**
 * The portal's renderer: hands the answer to the site's on-demand page for it (CITIZEN_PAGE_PATHS)
 * as `Astro.locals.citizenAnswer`. The page is asked for with GET (the form's body has been read
 * here already, and the page needs nothing but the answer); it writes the response itself.
 *
 * @example createApp({ db, config, renderPage: astroPageRenderer(astro.handler) })
 */
export function astroPageRenderer(handler: AstroNodeHandler): RenderCitizenPage {
  return async (c, answer) => {
    const { incoming, outgoing } = (c.env ?? {}) as { incoming?: IncomingMessage; outgoing?: ServerResponse };
    if (!incoming || !outgoing) return answerAsJson(c, answer);
    incoming.url = localizedPath(CITIZEN_PAGE_PATHS[answer.page], answer.locale ?? 'zh-CN');
    incoming.method = 'GET';
    for (const h of ['content-type', 'content-length', 'transfer-encoding']) delete incoming.headers[h];
    await new Promise<void>((resolve, reject) => {
      outgoing.once('finish', () => resolve());
      const next = (err?: unknown) => reject(err ?? new Error(`no page for ${answer.page}`));
      Promise.resolve(handler(incoming, outgoing, next, { [CITIZEN_ANSWER_LOCAL]: answer })).catch(reject);
    });
    return RESPONSE_ALREADY_SENT;
  };
}

/** Without a site (tests, the API-only server): the answer itself, as JSON. */
export const answerAsJson: RenderCitizenPage = (c, answer) => c.json(answer, answer.status as 200, { 'Cache-Control': 'no-store' });

export interface CitizenPageDeps {
  db: Db;
  config: Pick<Config, 'REPORT_BODY_MAX_BYTES'>;
  service: ReportService;
  logger: Logger;
  /** The report submissions' rate limit, shared with POST /api/reports (one budget per client). */
  reportLimit: MiddlewareHandler;
  /** The status lookups' rate limit, shared with GET /api/reports/<n>. */
  lookupLimit: MiddlewareHandler;
  render: RenderCitizenPage;
  /** Refuses a post from another site (the staff API's Origin check, api/staff/origin.ts). */
  sameOrigin: MiddlewareHandler;
  /** The access log (these routes live outside /api/, whose log the app mounts by path). */
  log?: MiddlewareHandler<ApiEnv>;
  /** How long a resubmission waits for the first request with its token (default 20 s). */
  waitForFirstMs?: number;
}

const TEXT_FIELDS = ['lat', 'lng', 'category', 'description', 'outfallCode', 'contactName', 'contactPhone', 'locationSource'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

type Body = Record<string, string | File | (string | File)[]>;

/** The first string value of a field (a repeated text field is the schema's to refuse). */
const text = (body: Body, name: string): string | undefined => {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : undefined;
};

/** The page's language: the Korean pages post to /ko/report/ and /ko/track/. */
const localeOf = (c: Context): Locale => localeOfPath(c.req.path);

/** The problems of a refused post, each told in the page's language. */
function problemsOf(err: ApiError, locale: Locale): FieldProblem[] {
  const issues = err.issues.length ? err.issues : [{ code: err.code, field: err.field ?? '', message: err.message, params: err.params }];
  return issues.map((i) => ({
    code: i.code,
    field: i.field,
    message: locale === 'zh-CN' ? i.message : errorMessage(i.code, i.field || undefined, i.params, locale),
  }));
}

/** Runs a middleware (a rate limit) as a check: resolves when it lets the request through, throws its ApiError otherwise. */
async function check(c: Context, middleware: MiddlewareHandler): Promise<void> {
  await middleware(c, async () => {});
}

/** The rate limit's answer as the form's message: "too many reports, try again in N minutes". */
function throttled(err: ApiError, locale: Locale): FieldProblem {
  const seconds = Number(err.headers['Retry-After'] ?? 600);
  return { code: err.code, field: '', message: t('reportForm.errors.throttled', { minutes: Math.max(1, Math.ceil(seconds / 60)) }, locale) };
}

/**
 * @example app.route('/', citizenPageRoutes({ db, config, service, logger, reportLimit, lookupLimit, sameOrigin, render: answerAsJson }))
 */
export function citizenPageRoutes(deps: CitizenPageDeps) {
  const { db, config, service, logger } = deps;
  // Every answer is told in the language of the page that posted.
  const render: RenderCitizenPage = (c, answer) => deps.render(c, { ...answer, locale: localeOf(c) });
  const waitMs = deps.waitForFirstMs ?? 20_000;
  const app = new Hono<ApiEnv>();
  const { sameOrigin } = deps;
  const log: MiddlewareHandler<ApiEnv> = deps.log ?? (async (_c, next) => next());

  const reportForm = (c: Context, status: number, values: ReportFormValues, errors: FieldProblem[], options: { token?: string; notice?: string } = {}) => {
    const code = values.outfallCode?.trim().toUpperCase();
    const outfall = code ? publishedOutfall(db, code) : undefined;
    return render(c, {
      page: 'report-form',
      status,
      token: options.token ?? randomUUID(),
      values,
      errors,
      notice: options.notice,
      outfall: outfall && { code: outfall.code, name: outfall.name, lat: outfall.lat, lng: outfall.lng },
    });
  };

  /** Logs a server-side failure the way the app's onError would, since the answer here is a page. */
  const logFailure = (c: Context, err: ApiError) => {
    if (err.status < 500) return;
    const cause = err.cause instanceof Error ? err.cause : err;
    logger.error('request.failed', { method: c.req.method, path: c.req.path, code: err.code, error: `${cause.name}: ${cause.message}`, stack: cause.stack });
  };

  /** service.submit, waiting (not answering 409) while the first request with this token is still being processed. */
  async function submitOnce(token: string, form: Parameters<ReportService['submit']>[1]) {
    const until = Date.now() + waitMs;
    for (;;) {
      try {
        return await service.submit(token, form);
      } catch (err) {
        if (!(err instanceof ApiError) || err.code !== 'request_in_progress' || Date.now() > until) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  const postReport = [
    log,
    sameOrigin,
    bodyLimit({
      maxSize: config.REPORT_BODY_MAX_BYTES,
      onError: (c) => {
        const err = new ApiError('body_too_large', { params: { maxMb: Math.round((config.REPORT_BODY_MAX_BYTES / 1048576) * 10) / 10 } });
        return reportForm(c, 413, {}, problemsOf(err, localeOf(c)));
      },
    }),
    async (c: Context<ApiEnv>) => {
      let body: Body;
      try {
        body = (await c.req.parseBody({ all: true })) as Body;
      } catch (err) {
        return reportForm(c, 400, {}, problemsOf(toApiError(err), localeOf(c)));
      }
      const values: ReportFormValues = {};
      for (const f of TEXT_FIELDS) {
        const v = text(body, f);
        if (v !== undefined) values[f] = v;
      }
      const hadPhotos = [body.photos].flat().some((p) => p instanceof File && p.size > 0);
      const locale = localeOf(c);
      const photosAgain = hadPhotos ? t('reportForm.answer.photosAgain', undefined, locale) : undefined;
      try {
        await check(c, deps.reportLimit);
      } catch (err) {
        const e = toApiError(err);
        if (e.code !== 'rate_limited' && e.code !== 'address_rate_limited') throw err;
        c.set('errorCode', e.code);
        return reportForm(c, 429, values, [throttled(e, locale)], { notice: photosAgain });
      }

      const token = text(body, FORM_TOKEN_FIELD) ?? '';
      if (!UUID.test(token)) {
        // A page saved before the form had tokens, or a hand-made post: nothing is sent without one.
        return reportForm(c, 400, values, [], { notice: t('reportForm.answer.tokenMissing', undefined, locale) });
      }
      // Reached from an outfall page without typing a point: the outfall's published position.
      const input: Body = { ...body };
      delete input[FORM_TOKEN_FIELD];
      if (!values.lat?.trim() && !values.lng?.trim() && values.outfallCode?.trim()) {
        const outfall = publishedOutfall(db, values.outfallCode.trim().toUpperCase());
        if (outfall) {
          input.lat = String(outfall.lat);
          input.lng = String(outfall.lng);
          delete input.locationSource;
        }
      }
      const parsed = reportFormSchema.safeParse(input);
      if (!parsed.success) {
        const err = formError(parsed.error);
        c.set('errorCode', err.code);
        return reportForm(c, err.status, values, problemsOf(err, locale), { token, notice: photosAgain });
      }
      try {
        const result = await submitOnce(token, parsed.data);
        c.set('trackingNumber', result.body.trackingNumber);
        if (result.replayed) c.set('replayed', true);
        const { trackingNumber, queryCode, county, receivedAt } = result.body;
        return render(c, {
          page: 'report-receipt',
          status: result.status,
          receipt: { trackingNumber, queryCode, county, receivedAt },
          replayed: result.replayed,
        });
      } catch (err) {
        const e = toApiError(err);
        c.set('errorCode', e.code);
        logFailure(c, e);
        if (e.code === 'idempotency_key_reused') return reportForm(c, 422, values, [], { notice: t('reportForm.answer.tokenReused', undefined, locale) });
        return reportForm(c, e.status, values, problemsOf(e, locale), { token, notice: photosAgain });
      }
    },
  ] as const;
  for (const path of ['/report/', '/report', '/ko/report/', '/ko/report']) app.post(path, ...postReport);

  const postTrack = [
    log,
    sameOrigin,
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => render(c, { page: 'track-form', status: 413, number: '', errors: [] }) }),
    async (c: Context<ApiEnv>) => {
      let body: Body = {};
      try {
        body = (await c.req.parseBody()) as Body;
      } catch {
        // An unreadable body is answered like a wrong number.
      }
      const number = (text(body, 'n') ?? '').trim();
      const code = text(body, 'c') ?? '';
      try {
        await check(c, deps.lookupLimit);
      } catch (err) {
        const e = toApiError(err);
        if (e.code !== 'rate_limited' && e.code !== 'address_rate_limited') throw err;
        c.set('errorCode', e.code);
        const locale = localeOf(c);
        const message = locale === 'zh-CN' ? e.message : errorMessage(e.code, undefined, e.params, locale);
        return render(c, { page: 'track-form', status: 429, number, errors: [{ ...throttled(e, locale), message }] });
      }
      try {
        const view = service.publicStatus(number, code);
        c.set('trackingNumber', view.trackingNumber);
        return render(c, { page: 'track-result', status: 200, view });
      } catch (err) {
        const e = toApiError(err);
        if (e.code !== 'not_found' && e.code !== 'invalid_code') throw err;
        c.set('errorCode', e.code);
        // A wrong number and a wrong code get the same answer, as in the JSON API.
        return render(c, {
          page: 'track-form',
          status: 404,
          number,
          errors: [{ code: 'not_found', field: '', message: t('track.notFound', undefined, localeOf(c)) }],
        });
      }
    },
  ] as const;
  for (const path of ['/track/', '/track', '/ko/track/', '/ko/track']) app.post(path, ...postTrack);

  return app;
}
