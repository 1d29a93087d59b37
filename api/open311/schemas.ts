import { z } from 'zod';
import { CATEGORY_KEYS } from '../../src/kernel/report/categories.ts';
import { ApiError } from '../errors.ts';
import { formError, reportFormSchema } from '../reports/schemas.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) request and response schemas. A POST
 * is the Open311 form mapped onto the native report form and validated by the SAME zod schema as
 * POST /api/reports (`reportFormSchema`), so both interfaces accept and refuse exactly the same
 * reports; error fields are named back in Open311's terms.
 */

/** Open311 field ← native report field, for error messages. */
const OPEN311_FIELD: Record<string, string> = {
  lat: 'lat',
  lng: 'long',
  category: 'service_code',
  description: 'description',
  outfallCode: 'attribute[outfall_code]',
  contactName: 'first_name',
  contactPhone: 'phone',
  photos: 'media_url',
};

/** The attribute (service definition) that names the outfall a report concerns. */
export const OUTFALL_ATTRIBUTE = 'attribute[outfall_code]';

const field = (description: string) =>
  z
    .string({ error: (iss) => (Array.isArray(iss.input) ? 'duplicate_field' : 'malformed_body') })
    .optional()
    .meta({ description });

const CJK = /^[\p{Script=Han}·]+$/u;

/** Chinese names are family name then given name, written together; others "first last". */
export function joinName(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return undefined;
  if (!f || !l) return f || l;
  return CJK.test(f) && CJK.test(l) ? `${l}${f}` : `${f} ${l}`;
}

/** The POST form as Open311 clients send it (application/x-www-form-urlencoded). */
export const open311FormInputSchema = z.looseObject({
  service_code: field('服务代码 = 举报类型（见 services.json）'),
  lat: field('纬度（WGS84 十进制度）'),
  long: field('经度（WGS84 十进制度）'),
  description: field('问题描述，5–2000 字'),
  [OUTFALL_ATTRIBUTE]: field('排污口编码（可选）'),
  first_name: field('名（可选，加密保存，仅承办分局可见）'),
  last_name: field('姓（可选，加密保存，仅承办分局可见）'),
  phone: field('联系电话（可选，加密保存，仅承办分局可见）'),
  email: field('不保存：本平台只保存姓名和电话'),
  media_url: field('不支持：照片请通过网页提交'),
  address_string: field('不使用：请提供 lat/long'),
  address_id: field('不使用'),
  device_id: field('不使用'),
  account_id: field('不使用'),
  api_key: field('可选，不需要'),
  jurisdiction_id: field('可选，本接口只服务吉林省'),
});

/**
 * Validates an Open311 POST: shape first, then the native report schema on the mapped fields.
 * The output is exactly what the report service takes, plus whether an e-mail was dropped.
 */
export const open311FormSchema = open311FormInputSchema
  .superRefine((raw, ctx) => {
    if (raw.media_url?.trim()) ctx.addIssue({ code: 'custom', message: 'media_url_unsupported', path: ['media_url'] });
  })
  .transform((raw) => ({
    // Unchecked values: the native schema below judges them (zod's input type says "already valid").
    native: {
      lat: raw.lat,
      lng: raw.long,
      category: raw.service_code,
      description: raw.description,
      outfallCode: raw[OUTFALL_ATTRIBUTE],
      contactName: joinName(raw.first_name, raw.last_name),
      contactPhone: raw.phone,
    } as unknown as z.input<typeof reportFormSchema>,
    emailDropped: Boolean(raw.email?.trim()),
  }))
  .pipe(z.object({ native: reportFormSchema, emailDropped: z.boolean() }));

export type Open311Form = z.output<typeof open311FormSchema>;

/**
 * Turns zod's issues into one ApiError (the native `formError` chooses codes and Chinese messages,
 * so both APIs word a problem alike); `open311ErrorBody` names the fields in Open311's terms.
 */
export function open311FormError(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): ApiError {
  // Issues of the mapped form carry the path ['native', field]; shape issues the Open311 name.
  return formError({ issues: error.issues.map((i) => ({ ...i, path: i.path[0] === 'native' ? i.path.slice(1) : i.path })) });
}

// ── GET requests.json ──

const csv = <T extends string>(allowed: readonly T[]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(allowed as [T, ...T[]])).min(1));

export const OPEN311_STATUSES = ['open', 'closed'] as const;

export const requestsQuerySchema = z.looseObject({
  service_request_id: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toUpperCase())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^JL\d{4}-\d{6,9}$/))
        .min(1)
        .max(100),
    )
    .optional()
    .meta({ description: '逗号分隔的举报编号；给出时忽略其他条件' }),
  service_code: csv(CATEGORY_KEYS).optional().meta({ description: '逗号分隔的服务代码' }),
  status: csv(OPEN311_STATUSES).optional().meta({ description: 'open（未办结）或 closed（已办结或不予受理），逗号分隔' }),
  start_date: z.iso.datetime({ offset: true }).optional().meta({ description: '收到时间不早于（ISO 8601，含时区）' }),
  end_date: z.iso.datetime({ offset: true }).optional().meta({ description: '收到时间不晚于（ISO 8601，含时区）' }),
});

export type RequestsQuery = z.output<typeof requestsQuerySchema>;

/** The first bad query parameter as `invalid_parameter`. */
export function queryError(error: { issues: readonly { path: readonly PropertyKey[] }[] }): ApiError {
  const f = String(error.issues[0]?.path[0] ?? 'query');
  return new ApiError('invalid_parameter', { field: f });
}

// ── Responses ──

export const discoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.enum(['production', 'test']), formats: z.array(z.string()) }),
  ),
});

export const serviceSchema = z.object({
  service_code: z.enum(CATEGORY_KEYS),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean().meta({ description: 'true：有服务定义（可选属性 outfall_code）' }),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});

export const serviceDefinitionSchema = z.object({
  service_code: z.enum(CATEGORY_KEYS),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.literal('string'),
      required: z.boolean(),
      datatype_description: z.string(),
      order: z.number().int(),
      description: z.string(),
    }),
  ),
});

export const serviceRequestSchema = z.object({
  service_request_id: z.string().meta({ description: '举报编号', example: 'JL2026-000123' }),
  status: z.enum(OPEN311_STATUSES),
  status_notes: z.string().nullable().meta({ description: '分局最近一次公开答复' }),
  service_name: z.string(),
  service_code: z.string(),
  description: z.null().meta({ description: '不公开：群众填写的描述可能含有个人信息' }),
  agency_responsible: z.string().meta({ description: '承办的县级生态环境分局' }),
  service_notice: z.null(),
  requested_datetime: z.iso.datetime(),
  updated_datetime: z.iso.datetime(),
  expected_datetime: z.iso.datetime().nullable().meta({ description: '办结期限（未办结时）' }),
  address: z.null(),
  address_id: z.null(),
  zipcode: z.null(),
  lat: z.number().meta({ description: '举报所涉排污口的位置；没有排污口时为举报位置取整到 0.001°（约 100 米）' }),
  long: z.number(),
  media_url: z.null().meta({ description: '照片不公开' }),
});

export const postResponseSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string(),
    account_id: z.null(),
    query_code: z.string().meta({ description: '扩展字段：查询码，只返回这一次' }),
  }),
);

export const open311ErrorSchema = z.array(
  z.object({
    code: z.number().int().meta({ description: 'HTTP 状态码' }),
    description: z.string().meta({ description: '中文说明' }),
    error_code: z.string().meta({ description: '扩展字段：稳定的错误代码（与 /api 相同）' }),
    field: z.string().nullable().meta({ description: '扩展字段：出错的参数' }),
  }),
);

/**
 * Open311's error body: one `{ code, description }` per problem (plus our stable code and field),
 * with fields named as the Open311 client sent them (errors from the shared report service name the
 * native fields).
 */
export function open311ErrorBody(e: ApiError): z.infer<typeof open311ErrorSchema> {
  const issues = e.issues.length ? e.issues : [{ code: e.code, field: e.field ?? null, message: e.message }];
  return issues.map((i) => {
    const field = i.field ? (OPEN311_FIELD[i.field] ?? i.field) : null;
    return { code: e.status, description: field ? `${field}: ${i.message}` : i.message, error_code: i.code, field };
  });
}
