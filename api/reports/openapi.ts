import { z } from 'zod';
import { additionFormSchema, nearbyListSchema, nearbyQuerySchema, ratingSchema, reviewRequestSchema, supportFormSchema } from './schemas.ts';

/**
 * The OpenAPI paths of what a citizen does after reporting (./followups.ts), generated from the
 * zod schemas the routes validate with; api/openapi.ts spreads them into the document.
 */

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const number = { name: 'trackingNumber', in: 'path', required: true, schema: { type: 'string', pattern: '^JL\\d{4}-\\d{6,9}$' } };
const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } };
const multipart = (schema: z.ZodType) => ({
  required: true,
  content: { 'multipart/form-data': { schema: toSchema(schema, 'input'), encoding: { photos: { contentType: 'image/jpeg, image/png, image/webp' } } } },
});
const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: toSchema(schema, 'input') } } });
const ok = (description: string, properties: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema: { type: 'object', properties, required: Object.keys(properties) } } },
});
const str = { type: 'string' };
const int = { type: 'integer' };

/** @example followUpOpenApiPaths()['/api/reports/{trackingNumber}/supports'].post */
export function followUpOpenApiPaths() {
  const { properties = {} } = toSchema(nearbyQuerySchema, 'input') as { properties?: Record<string, unknown> };
  return {
    '/api/reports/nearby': {
      get: {
        summary: '附近 30 天内已有的举报',
        description:
          'Reports of the last 30 days about the outfall (`outfallCode`) or within 200 m of the point (`lat` + `lng`): category, status, day and supporters only — never description, photos, contact or the exact point. Newest first, at most 10.',
        parameters: Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
        responses: {
          '200': { description: '已有的举报', content: { 'application/json': { schema: toSchema(nearbyListSchema, 'output') } } },
          '400': error('需要 lat 和 lng，或 outfallCode'),
          '429': error('请求过于频繁'),
        },
      },
    },
    '/api/reports/{trackingNumber}/supports': {
      post: {
        summary: '我也看到了：附议一份仍在办理的举报',
        description:
          'Anonymous; one more supporter of the report instead of a new report, with an optional photo (the bureau sees it with the report). Exactly once per Idempotency-Key, like POST /api/reports. Open311 shows the supporters as a note on the request, not as requests.',
        parameters: [number, idempotencyKey],
        requestBody: multipart(supportFormSchema),
        responses: {
          '201': ok('已记录', { trackingNumber: str, supporters: int }),
          '404': error('没有这份举报'),
          '409': error('举报已办结或不予受理（support_closed），或同一 Idempotency-Key 仍在处理'),
          '429': error('提交过于频繁；按 Retry-After 重试'),
        },
      },
    },
    '/api/reports/{trackingNumber}/additions': {
      post: {
        summary: '举报人补充信息（文字和/或照片）',
        description:
          "With the query code, until the report is concluded or rejected; the bureau sees it in the report's file. Exactly once per Idempotency-Key.",
        parameters: [number, idempotencyKey],
        requestBody: multipart(additionFormSchema),
        responses: {
          '201': ok('已补充', { trackingNumber: str, at: { type: 'string', format: 'date-time' }, photos: int }),
          '400': error('没有内容（addition_empty）或内容过长'),
          '404': error('没有这份举报或查询码不正确'),
          '409': error('举报已办结或不予受理（report_closed）'),
        },
      },
    },
    '/api/reports/{trackingNumber}/rating': {
      post: {
        summary: '举报人评价办理结果',
        description: 'Once, after conclusion; the same rating again is accepted, another one is 409 `already_rated`.',
        parameters: [number],
        requestBody: jsonBody(ratingSchema),
        responses: {
          '200': ok('已评价', { trackingNumber: str, rating: str }),
          '400': error('评价无效'),
          '404': error('没有这份举报或查询码不正确'),
          '409': error('尚未办结（not_concluded）或已评价（already_rated）'),
        },
      },
    },
    '/api/reports/{trackingNumber}/review': {
      post: {
        summary: '申请复核',
        description:
          'After a 不满意 rating, within 15 days of conclusion, once: a review case for province staff with its own deadline (REVIEW_DEADLINE_DAYS).',
        parameters: [number],
        requestBody: jsonBody(reviewRequestSchema),
        responses: {
          '201': ok('已申请', { trackingNumber: str, requestedAt: { type: 'string', format: 'date-time' } }),
          '400': error('缺少理由或理由过长'),
          '404': error('没有这份举报或查询码不正确'),
          '409': error('未评价为不满意、已超过 15 天或已申请过'),
        },
      },
    },
  };
}
