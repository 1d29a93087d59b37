import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiEnv } from './context.ts';
import { type ErrorCode, errorMessage, type FieldIssue, STATUS } from './error-codes.ts';
import type { Logger } from './logger.ts';

export { type ErrorCode, errorMessage, type FieldIssue, isErrorCode } from './error-codes.ts';

/**
 * Typed domain errors and the one place that turns them into HTTP responses.
 *
 * Services and routes throw `ApiError`; `errorHandler` (registered once with `app.onError`) maps it
 * to its status and the JSON body `{ error: { code, message, field } }`. The codes, their
 * statuses and messages are in ./error-codes.ts.
 */

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
  /** The message's placeholders, so the message can be told again in another locale. */
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    super(errorMessage(code, options.field, options.params), { cause: options.cause });
    this.code = code;
    this.status = STATUS[code];
    this.field = options.field;
    this.headers = options.headers ?? {};
    this.issues = options.issues ?? [];
    this.params = options.params ?? {};
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        field: this.field ?? null,
        ...(this.issues.length > 1 ? { issues: this.issues.map(({ code, field, message }) => ({ code, field, message })) } : {}),
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
