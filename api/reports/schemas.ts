import { z } from 'zod';
import { RATINGS, REPORT_STATUSES, REVIEW_OUTCOMES, REVIEW_STATUSES } from '../../src/kernel/db/enums.ts';
import { OUTFALL_CODE } from '../../src/kernel/published/code.ts';
import { CATEGORY_KEYS } from '../../src/kernel/report/categories.ts';
import { CONTACT_NAME_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, LOCATION_SOURCES, MAX_PHOTOS } from '../../src/kernel/report/limits.ts';
import { ApiError, type ErrorCode, errorMessage, type FieldIssue, isErrorCode } from '../errors.ts';

/**
 * The zod schemas of the report API: what `POST /api/reports` accepts (validated once, at the edge,
 * by zValidator) and what the endpoints return. api/openapi.ts describes the API from these same
 * schemas. Each check's message is a stable error code (api/errors.ts), turned into the Chinese
 * message and HTTP status by `formError`.
 */

/** C0/C1 control characters other than tab and line breaks, and Unicode bidi overrides. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
/** Plain decimal degrees: no exponents, no hex, no `Infinity`/`NaN`, at most 12 decimals. */
const DECIMAL = /^[+-]?\d{1,3}(?:\.\d{1,12})?$/;
/** Mainland mobile (optionally +86) or landline with area code, after separators are removed. */
const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANDLINE = /^(0\d{2,3}\d{7,8})$/;

/** The error code of a missing, repeated or wrongly typed form value. */
const shapeError = (code: ErrorCode) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'required' : Array.isArray(iss.input) ? 'duplicate_field' : code;

const clean = (s: string) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim();
const codePoints = (s: string) => [...s].length;

const coordinate = (code: 'invalid_lat' | 'invalid_lng', max: number) =>
  z
    .string({ error: shapeError(code) })
    .trim()
    .regex(DECIMAL, code)
    .transform(Number)
    .pipe(z.number().min(-max, code).max(max, code));

/** An optional text field: absent and empty (what an untouched HTML input sends) mean the same. */
const optionalText = (code: ErrorCode) =>
  z
    .string({ error: shapeError(code) })
    .optional()
    .transform((s) => (s === undefined ? undefined : clean(s) || undefined));

export const reportFormSchema = z.object({
  /** Latitude, WGS84 decimal degrees. */
  lat: coordinate('invalid_lat', 90).meta({ description: '纬度（WGS84 十进制度）', example: '43.8868' }),
  /** Longitude, WGS84 decimal degrees. */
  lng: coordinate('invalid_lng', 180).meta({ description: '经度（WGS84 十进制度）', example: '125.3245' }),
  /** Category key from GET /api/report-categories. */
  category: z.enum(CATEGORY_KEYS, { error: shapeError('invalid_category') }).meta({ description: '举报类型（见 /api/report-categories）' }),
  /** What the reporter saw, 5–2000 characters. */
  description: z
    .string({ error: shapeError('required') })
    .transform(clean)
    .pipe(
      z
        .string()
        .refine((s) => s.length > 0, 'required')
        .refine((s) => !CONTROL.test(s), 'control_characters')
        .refine((s) => s.length === 0 || codePoints(s) >= DESCRIPTION_MIN, 'description_too_short')
        .refine((s) => codePoints(s) <= DESCRIPTION_MAX, 'description_too_long'),
    )
    .meta({ description: `问题描述，${DESCRIPTION_MIN}–${DESCRIPTION_MAX} 字` }),
  /** HJ 1235-2021 code of the outfall the report concerns, if any. */
  outfallCode: optionalText('invalid_outfall_code')
    .transform((s) => s?.toUpperCase())
    .refine((s) => s === undefined || OUTFALL_CODE.test(s), 'invalid_outfall_code')
    .meta({ description: '所举报排污口的编码（可选）' }),
  /** Reporter's name (optional; stored encrypted, seen only by the handling bureau). */
  contactName: optionalText('contact_name_too_long')
    .refine((s) => s === undefined || (!CONTROL.test(s) && !s.includes('\n')), 'control_characters')
    .refine((s) => s === undefined || codePoints(s) <= CONTACT_NAME_MAX, 'contact_name_too_long')
    .meta({ description: '联系人姓名（可选，加密保存，仅承办分局可见）' }),
  /** Reporter's phone (optional; stored encrypted). Mobile or landline with area code. */
  contactPhone: optionalText('invalid_phone')
    .transform((s) => s?.replace(/[\s\-()（）]/g, ''))
    .refine((s) => s === undefined || MOBILE.test(s) || LANDLINE.test(s), 'invalid_phone')
    .transform((s) => (s === undefined ? undefined : (MOBILE.exec(s)?.[1] ?? s)))
    .meta({ description: '联系电话（可选，加密保存，仅承办分局可见）' }),
  /** How the location was given: phone GPS, picked on the map, typed, or taken from a photo's EXIF. */
  locationSource: z
    .enum(LOCATION_SOURCES, { error: shapeError('invalid_location_source') })
    .optional()
    .meta({ description: '位置来源：gps 定位、map 地图选点、typed 手动输入、photo 照片 GPS' }),
  /** 0–6 photo files (JPEG, PNG or WebP by their bytes). */
  photos: z
    .union([z.file(), z.literal(''), z.array(z.union([z.file(), z.literal('')]))], { error: 'invalid_photo' })
    .optional()
    // An HTML file input with nothing chosen still sends one empty part (filename="", or no
    // filename at all from some clients, which parsers then read as an empty string).
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== '')))
    .pipe(z.array(z.file()).max(MAX_PHOTOS, 'too_many_photos'))
    .meta({ description: `照片，0–${MAX_PHOTOS} 个 JPEG/PNG/WebP 文件` }),
});

export type ReportForm = z.output<typeof reportFormSchema>;

/** GET /api/locate: the point (and outfall) of a report about to be sent, checked before any photo is uploaded. */
export const locateQuerySchema = reportFormSchema.pick({ lat: true, lng: true, outfallCode: true });

/** The answer of GET /api/locate: the county and bureau a report from there goes to. */
export const locateSchema = z.object({
  county: z.object({ adcode: z.string(), name: z.string(), cityName: z.string(), bureau: z.string() }),
});

/** Message placeholders of codes whose messages name a limit. */
const LIMIT_PARAMS: Partial<Record<ErrorCode, Record<string, number>>> = {
  description_too_short: { min: DESCRIPTION_MIN },
  description_too_long: { max: DESCRIPTION_MAX },
  contact_name_too_long: { max: CONTACT_NAME_MAX },
  too_many_photos: { max: MAX_PHOTOS },
};

const FALLBACK: Record<string, ErrorCode> = {
  lat: 'invalid_lat',
  lng: 'invalid_lng',
  category: 'invalid_category',
  outfallCode: 'invalid_outfall_code',
  contactPhone: 'invalid_phone',
  locationSource: 'invalid_location_source',
  photos: 'invalid_photo',
};

/**
 * Turns zod's issues into one ApiError naming the first bad field, with every bad field (one issue
 * each) under `issues`, in schema order.
 */
export function formError(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): ApiError {
  const order = Object.keys(reportFormSchema.shape);
  const byField = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (byField.has(field)) continue;
    const code: ErrorCode = isErrorCode(issue.message) ? issue.message : (FALLBACK[field] ?? 'malformed_body');
    byField.set(field, { code, field, message: errorMessage(code, field, LIMIT_PARAMS[code]), params: LIMIT_PARAMS[code] });
  }
  const issues = [...byField.values()].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  const first = issues[0]!;
  return new ApiError(first.code, { field: first.field, params: LIMIT_PARAMS[first.code], issues });
}

// ── Responses (documentation for OpenAPI; the handlers build them with these types) ──

const countyRef = z.object({
  adcode: z.string().meta({ description: 'GB/T 2260 县级行政区划代码', example: '220102' }),
  name: z.string().meta({ example: '南关区' }),
  cityName: z.string().meta({ example: '长春市' }),
  bureau: z.string().meta({ description: '承办的县级生态环境分局', example: '长春市生态环境局南关区分局' }),
});

export const reportCreatedSchema = z.object({
  trackingNumber: z.string().meta({ example: 'JL2026-000123' }),
  queryCode: z.string().meta({ description: '查询码，只在这里显示一次', example: 'K7M2XQ9P' }),
  county: countyRef,
  status: z.literal('received'),
  receivedAt: z.iso.datetime(),
});
export type ReportCreated = z.infer<typeof reportCreatedSchema>;

export const reportStatusQuerySchema = z.object({
  code: z.string({ error: shapeError('invalid_code') }).meta({ description: '查询码', example: 'K7M2XQ9P' }),
});

export const timelineEntrySchema = z.object({
  at: z.iso.datetime(),
  type: z.string().meta({ description: 'received | status_changed | public_reply | transferred' }),
  status: z.string().optional(),
  label: z.string().meta({ description: '中文说明' }),
  reply: z.string().optional().meta({ description: '分局（复核时省生态环境厅）的公开答复' }),
  note: z.string().optional().meta({ description: '举报人补充的内容' }),
});

export const reportStatusSchema = z.object({
  trackingNumber: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusLabel: z.string(),
  category: z.object({ key: z.string(), name: z.string() }),
  county: countyRef,
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deadlines: z
    .array(
      z.object({
        kind: z.enum(['acceptance', 'conclusion']).meta({ description: 'acceptance：受理期限；conclusion：办结期限' }),
        due: z.iso.datetime(),
        doneAt: z.iso.datetime().optional().meta({ description: '已受理（或不予受理）/已办结的时间' }),
        overdue: z.boolean().meta({ description: '已过期限仍未完成' }),
      }),
    )
    .meta({ description: '法定期限（按 ACCEPT_DEADLINE_DAYS / CONCLUDE_DEADLINE_DAYS 计算）；不予受理的举报没有办结期限' }),
  timeline: z.array(timelineEntrySchema),
  supporters: z.number().int().meta({ description: '表示“我也看到了”的人数' }),
  rating: z
    .object({ key: z.enum(RATINGS), label: z.string() })
    .optional()
    .meta({ description: '举报人的评价' }),
  review: z
    .object({
      status: z.enum(REVIEW_STATUSES),
      statusLabel: z.string(),
      outcome: z.enum(REVIEW_OUTCOMES).optional(),
      outcomeLabel: z.string().optional(),
      reply: z.string().optional(),
      requestedAt: z.iso.datetime(),
    })
    .optional()
    .meta({ description: '举报人申请的复核（省生态环境厅办理）' }),
  can: z
    .object({ add: z.boolean(), rate: z.boolean(), review: z.boolean() })
    .meta({ description: '举报人现在可以：补充信息（办结前）、评价（办结后一次）、申请复核（不满意，办结后 15 天内）' }),
});
export type ReportStatusView = z.infer<typeof reportStatusSchema>;

/** GET /api/reports/nearby: where to look for earlier reports. */
export const nearbyQuerySchema = z
  .object({
    lat: coordinate('invalid_lat', 90).optional(),
    lng: coordinate('invalid_lng', 180).optional(),
    outfallCode: optionalText('invalid_outfall_code')
      .transform((s) => s?.toUpperCase())
      .refine((s) => s === undefined || OUTFALL_CODE.test(s), 'invalid_outfall_code'),
  })
  .refine((q) => q.outfallCode !== undefined || (q.lat !== undefined && q.lng !== undefined), { message: 'required', path: ['lat'] });

/** The answer of GET /api/reports/nearby: earlier reports, never their contents. */
export const nearbyListSchema = z.array(
  z.object({
    trackingNumber: z.string(),
    category: z.object({ key: z.string(), name: z.string() }),
    status: z.enum(REPORT_STATUSES),
    statusLabel: z.string(),
    receivedOn: z.iso.date().meta({ description: '收到的日期（北京时间）' }),
    supporters: z.number().int(),
    open: z.boolean().meta({ description: '仍在办理，可以表示“我也看到了”' }),
  }),
);

/** Photos of a support or an addition (0–3 files), as the report form sends them. */
const followUpPhotos = z
  .union([z.file(), z.literal(''), z.array(z.union([z.file(), z.literal('')]))], { error: 'invalid_photo' })
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== '')))
  .pipe(z.array(z.file()).max(3, 'too_many_photos'))
  .meta({ description: '照片，0–3 个 JPEG/PNG/WebP 文件' });

/** POST /api/reports/<n>/supports (multipart): an optional photo. */
export const supportFormSchema = z.object({ photos: followUpPhotos });

/** Free text of the reporter: NFC, trimmed, no control characters, at most 2000 characters. */
const citizenText = (code: ErrorCode) =>
  z
    .string({ error: shapeError(code) })
    .transform(clean)
    .pipe(
      z
        .string()
        .refine((s) => !CONTROL.test(s), 'control_characters')
        .refine((s) => codePoints(s) <= DESCRIPTION_MAX, 'text_too_long'),
    );

/** POST /api/reports/<n>/additions (multipart): the query code, text and/or photos. */
export const additionFormSchema = z.object({
  code: z.string({ error: shapeError('invalid_code') }).meta({ description: '查询码' }),
  text: citizenText('text_too_long')
    .optional()
    .transform((s) => s || undefined)
    .meta({ description: `补充内容，最多 ${DESCRIPTION_MAX} 字` }),
  photos: followUpPhotos,
});

/** POST /api/reports/<n>/rating (JSON). */
export const ratingSchema = z.object({
  code: z.string({ error: 'invalid_code' }).meta({ description: '查询码' }),
  rating: z.enum(RATINGS, { error: 'invalid_rating' }).meta({ description: 'satisfied 满意 · basically_satisfied 基本满意 · dissatisfied 不满意' }),
});

/** POST /api/reports/<n>/review (JSON). */
export const reviewRequestSchema = z.object({
  code: z.string({ error: 'invalid_code' }).meta({ description: '查询码' }),
  reason: citizenText('text_too_long')
    .refine((s) => s.length > 0, 'required')
    .meta({ description: `申请复核的理由，1–${DESCRIPTION_MAX} 字` }),
});

export const categoryListSchema = z.array(z.object({ key: z.enum(CATEGORY_KEYS), name: z.string(), hint: z.string() }));

export const countyListSchema = z.array(z.object({ adcode: z.string(), name: z.string(), cityAdcode: z.string(), cityName: z.string(), bureau: z.string() }));

/** GET /api/bureaus: the county bureaus' public directory (src/kernel/report/bureau-directory.ts). */
export const bureauListSchema = z.array(
  z.object({
    adcode: z.string().meta({ description: 'GB/T 2260 县级行政区划代码', example: '220102' }),
    name: z.string().meta({ example: '南关区' }),
    cityAdcode: z.string(),
    cityName: z.string(),
    bureau: z.string().meta({ description: '县级生态环境分局', example: '长春市生态环境局南关区分局' }),
    address: z.string(),
    phone: z.string().meta({ description: '带区号的电话' }),
    tel: z.string().meta({ description: 'tel: 链接', example: 'tel:0431001020' }),
    hotline: z.literal('12369'),
    demo: z.boolean().meta({ description: 'true：演示数据，地址和电话不是公布的真实信息' }),
    statsPath: z.string().meta({ description: '该分局办理情况统计页', example: '/stats/220102/' }),
  }),
);

export const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({ description: '稳定的错误代码' }),
    message: z.string().meta({ description: '中文说明' }),
    field: z.string().nullable().meta({ description: '出错的字段' }),
    issues: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })).optional(),
  }),
});
