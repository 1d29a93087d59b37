import { z } from 'zod';
import { REPORT_STATUSES, ROUTING_RULES, STAFF_ROLES } from '../../db/enums.ts';
import type { CountyRef } from '../bureaus.ts';
import { CATEGORY_KEYS } from '../categories.ts';

/**
 * The contract of the staff API (/api/staff, api/staff/), shared by both sides: the API validates
 * requests and builds its answers with these zod schemas and describes itself from them
 * (api/staff/openapi.ts); the staff pages (src/components/staff) type what they send and read with
 * the inferred types, imported with `import type` so no zod reaches the browser. A change of shape
 * on one side fails `tsc` on the other; test/api/staff/contract.test.ts checks the real answers.
 *
 * Check messages of the request schemas are the API's stable error codes (api/errors.ts), turned
 * into an error answer by `staffInputError` (api/staff/schemas.ts).
 */

// ── Requests ──

/** Longest reply, reason or note, in characters. */
export const TEXT_MAX = 2000;

/** C0/C1 control characters other than tab and line breaks, and Unicode bidi overrides. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** Free text of an action: NFC, line breaks as \n, trimmed; then required, no control characters, at most TEXT_MAX. */
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

/**
 * POST /api/staff/reports/:id/actions: one workflow action (src/kernel/report/workflow.ts).
 *
 * @example actionSchema.parse({ action: 'conclude', reply: '已封堵暗管。' })
 */
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
/** An action as the API has checked it (texts normalised). */
export type ActionBody = z.output<typeof actionSchema>;
/** An action as a client sends it. */
export type ActionRequest = z.input<typeof actionSchema>;

const flag = (field: string) =>
  z
    .enum(['1', '0', 'true', 'false'], { error: 'invalid_filter' })
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .meta({ description: field });

/**
 * The query of GET /api/staff/reports (and, extended, of the CSV export). The inbox page keeps
 * the same filters, with the same names, in its own URL.
 *
 * @example listQuerySchema.parse({ status: 'received', overdue: '1' }) // { status: 'received', overdue: true, nearBorder: false }
 */
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

/** The query of GET /api/staff/reports.csv: the list's filters, and whether to include contacts. */
export const exportQuerySchema = listQuerySchema.extend({
  includeContact: flag('1：包含举报人联系方式（每份导出的联系方式都写入审计记录）'),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

// ── Responses ──

/** The logged-in staff member. */
export const staffSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  role: z.enum(STAFF_ROLES),
  county: z.object({ adcode: z.string(), name: z.string() }).nullable().meta({ description: '县级账号所属的县；省级账号为 null' }),
});
export type StaffView = z.infer<typeof staffSchema>;

/** POST /api/staff/login and GET /api/staff/me. */
export const sessionSchema = z.object({ staff: staffSchema });
export type SessionView = z.infer<typeof sessionSchema>;

export const deadlineSchema = z
  .object({
    kind: z.enum(['acceptance', 'conclusion']),
    due: z.iso.datetime(),
    overdue: z.boolean(),
  })
  .nullable()
  .meta({ description: '已收到：受理期限；已受理/办理中：办结期限；不予受理/已办结：null' });
export type DeadlineView = z.infer<typeof deadlineSchema>;

/** One row of the inbox. */
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

/** GET /api/staff/reports. */
export const reportListSchema = z.object({
  reports: z.array(reportSummarySchema).meta({ description: '按收到时间从早到晚' }),
  counts: z
    .object({ byStatus: z.partialRecord(z.enum(REPORT_STATUSES), z.number().int()), overdue: z.number().int() })
    .meta({ description: '本县（省级账号：所选范围）全部举报的计数，不受 status/category/overdue/nearBorder 筛选影响' }),
});
export type ReportList = z.infer<typeof reportListSchema>;

/** One step of a report's file, public or internal. */
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
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** Everything a report holds, for staff. */
export const reportDetailSchema = reportSummarySchema.extend({
  description: z.string(),
  routing: z.object({
    rule: z.enum(ROUTING_RULES),
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

/** GET /api/staff/reports/:id and the answer of every action. */
export const reportAnswerSchema = z.object({ report: reportDetailSchema });
export type ReportAnswer = z.infer<typeof reportAnswerSchema>;

/** POST /api/staff/reports/:id/contact. */
export const contactSchema = z.object({ contact: z.object({ name: z.string().nullable(), phone: z.string().nullable() }) });
export type ContactAnswer = z.infer<typeof contactSchema>;
/** The reporter's contact: either may be missing (a reporter may leave a name or a phone only). */
export type ContactView = ContactAnswer['contact'];

/**
 * One county of GET /api/counties (api/reports/routes.ts; its zod schema, `countyListSchema`,
 * lives with the public report API), which the staff pages use for county names and the transfer
 * list. test/api/staff/contract.test.ts checks the two agree.
 */
export interface CountyOption extends CountyRef {
  cityAdcode: string;
}
