import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DEFAULT_LOCALE, type Locale, type MessageKey, t } from '../src/kernel/i18n/index.ts';
import type report from '../src/kernel/i18n/zh-CN/report.ts';
import staff from '../src/kernel/i18n/zh-CN/staff.ts';
import stats from '../src/kernel/i18n/zh-CN/stats.ts';

/**
 * The API's stable, machine-readable error codes, the HTTP status of each and its Chinese message.
 * The codes are the keys `report.error.<code>` of src/kernel/i18n/zh-CN/report.ts,
 * `staff.error.<code>` of src/kernel/i18n/zh-CN/staff.ts and `stats.error.<code>` of
 * src/kernel/i18n/zh-CN/stats.ts, so each one has a message. api/errors.ts turns them into responses.
 */

type ReportKeys = keyof typeof report;
type StaffKeys = keyof typeof staff;
type ReportErrorCode = ReportKeys extends infer K ? (K extends `report.error.${infer C}` ? C : never) : never;
type StaffErrorCode = StaffKeys extends infer K ? (K extends `staff.error.${infer C}` ? C : never) : never;
type StatsErrorCode = keyof typeof stats extends infer K ? (K extends `stats.error.${infer C}` ? C : never) : never;
/** Every stable, machine-readable error code of the API. */
export type ErrorCode = ReportErrorCode | StaffErrorCode | StatsErrorCode;

/** HTTP status of each code; a code's status never changes, clients may rely on it. */
export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
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
  address_rate_limited: 429,
  not_found: 404,
  invalid_code: 400,
  api_not_found: 404,
  support_closed: 409,
  report_closed: 409,
  addition_empty: 400,
  not_concluded: 409,
  already_rated: 409,
  invalid_rating: 400,
  review_not_allowed: 409,
  review_too_late: 409,
  review_exists: 409,
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
  /** The message's placeholders (kept so a Korean page can tell the message in Korean). */
  params?: Record<string, string | number>;
}

/** The message of `code` with its placeholders filled. */
export function errorMessage(code: ErrorCode, field?: string, params?: Record<string, string | number>, locale: Locale = DEFAULT_LOCALE): string {
  // t() of a key that does not exist yields undefined at run time: fall back to the field's own name.
  const label = field
    ? ((t(`report.field.${field}` as MessageKey, undefined, locale) as string | undefined) ??
      (t(`staff.field.${field}` as MessageKey, undefined, locale) as string | undefined) ??
      field)
    : '';
  const area = `staff.error.${code}` in staff ? 'staff' : `stats.error.${code}` in stats ? 'stats' : 'report';
  return t(`${area}.error.${code}` as MessageKey, { field: label, ...params }, locale);
}
