import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { t, type MessageKey } from '../src/i18n/index.ts';
import type report from '../src/i18n/zh-CN/report.ts';
import staff from '../src/i18n/zh-CN/staff.ts';
import stats from '../src/i18n/zh-CN/stats.ts';
import type { ApiEnv } from './context.ts';
import type { Logger } from './logger.ts';

/**
 * Typed domain errors and the one place that turns them into HTTP responses.
 *
 * Services and routes throw `ApiError`; `errorHandler` (registered once with `app.onError`) maps it
 * to its status and the JSON body `{ error: { code, message, field } }`. The codes are the keys
 * `report.error.<code>` of src/i18n/zh-CN/report.ts, `staff.error.<code>` of
 * src/i18n/zh-CN/staff.ts and `stats.error.<code>` of src/i18n/zh-CN/stats.ts, so each one has a
 * Chinese message.
 */

type ReportKeys = keyof typeof report;
type StaffKeys = keyof typeof staff;
type ReportErrorCode = ReportKeys extends infer K ? (K extends `report.error.${infer C}` ? C : never) : never;
type StaffErrorCode = StaffKeys extends infer K ? (K extends `staff.error.${infer C}` ? C : never) : never;
type StatsErrorCode = keyof typeof stats extends infer K ? (K extends `stats.error.${infer C}` ? C : never) : never;
/** Every stable, machine-readable error code of the API. */
export type ErrorCode = ReportErrorCode | StaffErrorCode | StatsErrorCode;

/** HTTP status of each code; a code's status never changes, clients may rely on it. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  required: 400,
  duplicate_field: 400,
  invalid_lat: 400,
  invalid_lng: 400,
  invalid_category: 400,
  description_too_short: 400,
  description_too_long: 400,
  control_characters: 400,
  invalid_outfall_code: 400,
  unknown_outfall: 400,
  contact_name_too_long: 400,
  invalid_phone: 400,
  invalid_location_source: 400,
  too_many_photos: 400,
  invalid_photo: 400,
  photo_too_large: 413,
  photo_too_many_pixels: 413,
  photo_type: 415,
  photo_unreadable: 415,
  body_too_large: 413,
  not_multipart: 415,
  malformed_body: 400,
  idempotency_key_missing: 400,
  idempotency_key_invalid: 400,
  idempotency_key_reused: 422,
  request_in_progress: 409,
  outside_province: 422,
  rate_limited: 429,
  not_found: 404,
  invalid_code: 400,
  api_not_found: 404,
  busy: 503,
  storage_unavailable: 503,
  internal: 500,
  // Staff API (api/staff)
  login_failed: 401,
  login_throttled: 429,
  not_logged_in: 401,
  csrf_origin_mismatch: 403,
  forbidden: 403,
  report_not_found: 404,
  photo_not_found: 404,
  no_contact: 404,
  invalid_action: 400,
  invalid_transition: 409,
  text_too_long: 400,
  unknown_county: 400,
  transfer_same_county: 400,
  invalid_filter: 400,
  // Statistics, outfall report counts, Open311 (api/stats, api/open311)
  county_not_found: 404,
  outfall_not_found: 404,
  request_not_found: 404,
  media_url_unsupported: 400,
  invalid_parameter: 400,
  unsupported_format: 404,
};

const CODES = new Set(Object.keys(STATUS));
/** Whether `s` is one of the API's error codes. */
export function isErrorCode(s: string): s is ErrorCode {
  return CODES.has(s);
}

/** One problem with one field; an error response lists all of them under `issues`. */
export interface FieldIssue {
  code: ErrorCode;
  field: string;
  message: string;
}

export interface ApiErrorOptions {
  /** The request field (form field, query parameter or header) the error is about. */
  field?: string;
  /** Placeholders of the message (`{max}`, `{n}`…). `field` is filled in from the field name. */
  params?: Record<string, string | number>;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** Further field problems found in the same request (validation reports all of them). */
  issues?: FieldIssue[];
  cause?: unknown;
}

/** The message of `code` with its placeholders filled. */
export function errorMessage(code: ErrorCode, field?: string, params?: Record<string, string | number>): string {
  // t() of a key that does not exist yields undefined at run time: fall back to the field's own name.
  const label = field
    ? ((t(`report.field.${field}` as MessageKey) as string | undefined) ?? (t(`staff.field.${field}` as MessageKey) as string | undefined) ?? field)
    : '';
  const area = `staff.error.${code}` in staff ? 'staff' : `stats.error.${code}` in stats ? 'stats' : 'report';
  return t(`${area}.error.${code}` as MessageKey, { field: label, ...params });
}

/**
 * A failure the client can act on: a stable code, the HTTP status for it, the field it concerns
 * and a Chinese message.
 *
 * @example throw new ApiError('too_many_photos', { field: 'photos', params: { max: 6 } })
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;
  readonly issues: FieldIssue[];

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    super(errorMessage(code, options.field, options.params), { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.field = options.field;
    this.headers = options.headers ?? {};
    this.issues = options.issues ?? [];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        field: this.field ?? null,
        ...(this.issues.length > 1 ? { issues: this.issues } : {}),
      },
    };
  }
}

/** SQLite and file-system failures that mean "try again later", not "the server is broken". */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);
const STORAGE_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EMFILE', 'ENFILE']);

/** Maps any thrown value to an ApiError (unknown failures become `internal`). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    // Hono's own validators throw these for bodies they cannot parse.
    if (err.status === 413) return new ApiError('body_too_large', { params: { maxMb: '?' }, cause: err });
    if (err.status === 400) return new ApiError('malformed_body', { cause: err });
    return new ApiError('internal', { cause: err });
  }
  const code = (err as { code?: unknown } | null)?.code;
  // Node's HTTP server fails the body of a request whose client hung up mid-upload with exactly
  // this error: the body is incomplete and no one is left to read the answer — not a server fault.
  if (code === 'ECONNRESET' && (err as Error).message === 'aborted') return new ApiError('malformed_body', { cause: err });
  if (typeof code === 'string') {
    const base = code.replace(/_[A-Z]+$/, '');
    if (BUSY_CODES.has(code) || BUSY_CODES.has(base)) return new ApiError('busy', { headers: { 'Retry-After': '2' }, cause: err });
    if (STORAGE_CODES.has(code) || STORAGE_CODES.has(base)) return new ApiError('storage_unavailable', { headers: { 'Retry-After': '30' }, cause: err });
  }
  return new ApiError('internal', { cause: err });
}

/**
 * The app's single `onError`: typed errors become their JSON body; anything else is logged (name,
 * message and stack — never the request body) and answered with a generic 500. `body` shapes the
 * JSON for interfaces with a standard error format (Open311's `[{ code, description }]`); status,
 * headers and logging stay the same.
 */
export function errorHandler(logger: Logger, body: (error: ApiError) => unknown = (e) => e.toJSON()) {
  return function onError(err: Error, c: Context<ApiEnv>) {
    const apiError = toApiError(err);
    c.set('errorCode', apiError.code);
    if (apiError.status >= 500) {
      const cause = apiError.cause instanceof Error ? apiError.cause : err;
      logger.error('request.failed', {
        method: c.req.method,
        path: c.req.path,
        code: apiError.code,
        error: `${cause.name}: ${cause.message}`,
        errno: (cause as { code?: unknown }).code,
        stack: apiError.code === 'internal' ? cause.stack : undefined,
      });
    }
    return c.json(body(apiError) as object, apiError.status, apiError.headers);
  };
}
