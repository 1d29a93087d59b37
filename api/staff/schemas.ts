import { z } from 'zod';
import { REPORT_STATUSES } from '../../src/kernel/db/schema.ts';
import { CATEGORY_KEYS } from '../../src/kernel/report/categories.ts';
import { ApiError, type ErrorCode, errorMessage, type FieldIssue, isErrorCode } from '../errors.ts';
import { PASSWORD_MAX_BYTES } from './passwords.ts';

/**
 * The zod schemas of the staff API: request bodies and query strings (validated once, at the edge,
 * by zValidator) and the response shapes (documentation for api/openapi.ts; the service builds
 * responses with these types). Check messages are stable error codes (api/errors.ts).
 */

/** Longest reply, reason or note. */
export const TEXT_MAX = 2000;

/** C0/C1 control characters other than tab and line breaks, and Unicode bidi overrides. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

const requiredText = (description: string) =>
  z
    .string({ error: 'required' })
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .refine((s) => s.length > 0, 'required')
        .refine((s) => !CONTROL.test(s), 'control_characters')
        .refine((s) => [...s].length <= TEXT_MAX, 'text_too_long'),
    )
    .meta({ description: `${description}，1–${TEXT_MAX} 字` });

export const loginSchema = z.object({
  login: z.string({ error: 'required' }).min(1, 'required').max(200, 'login_failed').meta({ description: '登录名（不区分大小写）' }),
  password: z
    .string({ error: 'required' })
    .min(1, 'required')
    .refine((s) => Buffer.byteLength(s, 'utf8') <= PASSWORD_MAX_BYTES, 'login_failed')
    .meta({ description: '密码' }),
});

export const actionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('accept') }).meta({ description: '受理（已收到 → 已受理）' }),
    z.object({ action: z.literal('reject'), reason: requiredText('不予受理的理由（公开）') }).meta({ description: '不予受理（已收到 → 不予受理）' }),
    z.object({ action: z.literal('start') }).meta({ description: '开始办理（已受理 → 办理中）' }),
    z.object({ action: z.literal('conclude'), reply: requiredText('公开答复') }).meta({ description: '办结（已受理/办理中 → 已办结），须附公开答复' }),
    z.object({ action: z.literal('reply'), text: requiredText('公开答复') }).meta({ description: '公开答复，不改变状态' }),
    z.object({ action: z.literal('note'), text: requiredText('内部备注（公众不可见）') }).meta({ description: '内部备注' }),
    z
      .object({
        action: z.literal('transfer'),
        countyAdcode: z
          .string({ error: 'required' })
          .regex(/^\d{6}$/, 'unknown_county')
          .meta({ description: '转交到的县级行政区划代码' }),
        reason: requiredText('转交理由（仅内部可见）'),
      })
      .meta({ description: '转交另一个县（市、区）：状态回到“已收到”，期限重新计算' }),
  ],
  { error: 'invalid_action' },
);
export type ActionBody = z.output<typeof actionSchema>;

const flag = (field: string) =>
  z
    .enum(['1', '0', 'true', 'false'], { error: 'invalid_filter' })
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .meta({ description: field });

export const listQuerySchema = z.object({
  status: z.enum(REPORT_STATUSES, { error: 'invalid_filter' }).optional().meta({ description: '只列出这个状态' }),
  category: z.enum(CATEGORY_KEYS, { error: 'invalid_filter' }).optional().meta({ description: '只列出这个类型' }),
  overdue: flag('1：只列出超期的'),
  nearBorder: flag('1：只列出靠近县界的'),
  county: z
    .string()
    .regex(/^\d{6}$/, 'invalid_filter')
    .optional()
    .meta({ description: '县级行政区划代码（仅省级账号）' }),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export const exportQuerySchema = listQuerySchema.extend({
  includeContact: flag('1：包含举报人联系方式（每份导出的联系方式都写入审计记录）'),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

const PARAMS: Partial<Record<ErrorCode, Record<string, number>>> = { text_too_long: { max: TEXT_MAX } };

/** zod issues → one ApiError naming the first bad field (every bad field under `issues`). */
export function staffInputError(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[] },
  fallback: ErrorCode = 'malformed_body',
): ApiError {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (issues.some((i) => i.field === field)) continue;
    const code: ErrorCode = isErrorCode(issue.message) ? issue.message : fallback;
    issues.push({ code, field, message: errorMessage(code, field, PARAMS[code]) });
  }
  const first = issues[0] ?? { code: fallback, field: 'body' };
  return new ApiError(first.code, { field: first.field, params: PARAMS[first.code], issues });
}

// ── Responses ──

export const staffSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  role: z.enum(['county', 'province']),
  county: z.object({ adcode: z.string(), name: z.string() }).nullable().meta({ description: '县级账号所属的县；省级账号为 null' }),
});
export type StaffView = z.infer<typeof staffSchema>;

export const deadlineSchema = z
  .object({
    kind: z.enum(['acceptance', 'conclusion']),
    due: z.iso.datetime(),
    overdue: z.boolean(),
  })
  .nullable()
  .meta({ description: '已收到：受理期限；已受理/办理中：办结期限；不予受理/已办结：null' });

export const reportSummarySchema = z.object({
  id: z.number().int(),
  trackingNumber: z.string(),
  category: z.string(),
  categoryName: z.string(),
  status: z.enum(REPORT_STATUSES),
  countyAdcode: z.string(),
  countyName: z.string(),
  lat: z.number(),
  lng: z.number(),
  placeName: z.string().meta({ description: '县 + 所举报或最近（500 米内）的排污口，否则坐标' }),
  outfallCode: z.string().nullable(),
  outfallName: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  ageDays: z.number().int(),
  deadline: deadlineSchema,
  nearBorder: z.boolean(),
  photoCount: z.number().int(),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const reportListSchema = z.object({
  reports: z.array(reportSummarySchema).meta({ description: '按收到时间从早到晚' }),
  counts: z
    .object({ byStatus: z.record(z.string(), z.number().int()), overdue: z.number().int() })
    .meta({ description: '本县（省级账号：所选范围）全部举报的计数，不受 status/category/overdue/nearBorder 筛选影响' }),
});

export const timelineEventSchema = z.object({
  type: z.string().meta({ description: 'received | status_changed | public_reply | internal_note | transferred | contact_viewed | export_with_contact' }),
  actor: z.string().meta({ description: 'citizen | system | staff:<id>' }),
  actorLogin: z.string().nullable().meta({ description: '工作人员的登录名' }),
  public: z.boolean(),
  status: z.enum(REPORT_STATUSES).nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  at: z.iso.datetime(),
});

export const reportDetailSchema = reportSummarySchema.extend({
  description: z.string(),
  routing: z.object({
    rule: z.enum(['point_in_polygon', 'outfall_county']),
    routedCountyAdcode: z.string(),
    pointCountyAdcode: z.string().nullable(),
    outfallCountyMismatch: z.boolean(),
    nearBorder: z.array(z.object({ adcode: z.string(), name: z.string(), distanceM: z.number() })),
    boundaryVersion: z.string(),
  }),
  photos: z.array(z.object({ n: z.number().int(), url: z.string(), width: z.number().int(), height: z.number().int() })),
  hasContact: z.boolean(),
  timeline: z.array(timelineEventSchema),
});
export type ReportDetail = z.infer<typeof reportDetailSchema>;

export const contactSchema = z.object({ contact: z.object({ name: z.string().nullable(), phone: z.string().nullable() }) });
