import { z } from 'zod';
import { open311OpenApiPaths } from './open311/openapi.ts';
import { followUpOpenApiPaths } from './reports/openapi.ts';
import {
  bureauListSchema,
  categoryListSchema,
  countyListSchema,
  errorSchema,
  locateQuerySchema,
  locateSchema,
  reportCreatedSchema,
  reportFormSchema,
  reportStatusQuerySchema,
  reportStatusSchema,
} from './reports/schemas.ts';
import { staffOpenApiPaths } from './staff/openapi.ts';
import { statsOpenApiPaths } from './stats/openapi.ts';

/**
 * The OpenAPI 3.1 description of the API, generated from the same zod schemas the handlers
 * validate with (request side as the client sends it: `io: 'input'`). Issue 5 adds the staff and
 * Open311 paths here.
 */

/** JSON Schema of a zod schema, without the `$schema` line that OpenAPI does not want inline. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}
const json = (schema: z.ZodType) => toSchema(schema, 'output');
const input = (schema: z.ZodType) => toSchema(schema, 'input');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/**
 * Builds the document served at GET /api/openapi.json.
 *
 * @example openApiDocument().paths['/api/reports'].post.responses['201']
 */
export function openApiDocument() {
  const queryShape = input(reportStatusQuerySchema) as { properties: Record<string, unknown> };
  return {
    openapi: '3.1.0',
    info: {
      title: '吉林省入河排污口举报 API',
      version: '1',
      description:
        'Citizen reports of river outfall problems in Jilin Province. Errors are `{ error: { code, message, field } }` with a stable `code` and a Chinese `message`.',
    },
    paths: {
      '/api/reports': {
        post: {
          summary: '提交举报',
          description:
            'multipart/form-data. `Idempotency-Key` (UUID made by the client before its first try) is required: a retry with the same key and content returns the stored response (header `Idempotent-Replayed: true`) and creates nothing; the same key with other content is 422; a retry while the first is still processing is 409 with Retry-After.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: {
            required: true,
            content: { 'multipart/form-data': { schema: input(reportFormSchema), encoding: { photos: { contentType: 'image/jpeg, image/png, image/webp' } } } },
          },
          responses: {
            '201': { description: '已受理（事务提交之后才返回）', content: { 'application/json': { schema: json(reportCreatedSchema) } } },
            '400': errorResponse('字段无效（field 指明哪个字段），或缺少 Idempotency-Key'),
            '409': errorResponse('同一 Idempotency-Key 的请求仍在处理；按 Retry-After 重试'),
            '413': errorResponse('请求体或单张照片过大，或照片像素过多'),
            '415': errorResponse('照片不是真正的 JPEG/PNG/WebP，或请求不是 multipart/form-data'),
            '422': errorResponse('位置不在吉林省境内（请拨打 12369），或 Idempotency-Key 已用于不同内容'),
            '429': errorResponse('本设备（rate_limited）或本网络（address_rate_limited）提交过于频繁；按 Retry-After 重试'),
            '503': errorResponse('暂时无法保存；按 Retry-After 重试'),
          },
        },
      },
      '/api/reports/{trackingNumber}': {
        get: {
          summary: '查询举报进展',
          description: 'Public status and timeline. An unknown tracking number and a wrong query code answer the same 404.',
          parameters: [
            { name: 'trackingNumber', in: 'path', required: true, schema: { type: 'string', pattern: '^JL\\d{4}-\\d{6,9}$' } },
            { name: 'code', in: 'query', required: true, schema: queryShape.properties.code },
          ],
          responses: {
            '200': { description: '进展', content: { 'application/json': { schema: json(reportStatusSchema) } } },
            '400': errorResponse('查询码格式不正确'),
            '404': errorResponse('没有这个举报或查询码不正确'),
            '429': errorResponse('请求过于频繁'),
          },
        },
      },
      '/api/device-token': {
        get: {
          summary: '设备令牌（举报频率限制按设备计算）',
          description:
            'Gives the browser a signed device token in the `jl_device` cookie (HttpOnly, SameSite=Lax) and as `{ token }` for clients that send it as `X-Device-Token`. Citizen submissions are limited per device (REPORT_RATE_LIMIT) under a per-address ceiling (REPORT_ADDRESS_RATE_LIMIT). A valid token presented is returned unchanged.',
          responses: {
            '200': {
              description: '设备令牌',
              content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } } },
            },
            '429': errorResponse('同一网络领取的令牌过多（address_rate_limited）；按 Retry-After 重试'),
          },
        },
      },
      '/api/locate': {
        get: {
          summary: '位置预检：举报会转交哪个分局',
          description:
            'Checks a point (and optional outfall code) with the same routing rule as POST /api/reports, storing nothing. Clients call it before uploading photos, so a point outside Jilin is refused before the upload.',
          parameters: Object.entries((input(locateQuerySchema) as { properties: Record<string, unknown> }).properties).map(([name, schema]) => ({
            name,
            in: 'query',
            required: name !== 'outfallCode',
            schema,
          })),
          responses: {
            '200': { description: '承办的县及分局', content: { 'application/json': { schema: json(locateSchema) } } },
            '400': errorResponse('经纬度或排污口编码无效'),
            '422': errorResponse('位置不在吉林省境内（请拨打 12369）'),
            '429': errorResponse('请求过于频繁'),
          },
        },
      },
      '/api/report-categories': {
        get: { summary: '举报类型', responses: { '200': { description: '类型列表', content: { 'application/json': { schema: json(categoryListSchema) } } } } },
      },
      '/api/counties': {
        get: {
          summary: '县级行政区及承办分局',
          responses: { '200': { description: '60 个县级行政区', content: { 'application/json': { schema: json(countyListSchema) } } } },
        },
      },
      '/api/bureaus': {
        get: {
          summary: '各县级生态环境分局的地址和电话',
          description:
            'The public directory of the 60 county bureaus with the national hotline 12369. `demo: true` marks entries that are not yet the published data.',
          responses: { '200': { description: '60 个分局', content: { 'application/json': { schema: json(bureauListSchema) } } } },
        },
      },
      '/api/health': {
        get: {
          summary: '服务健康检查',
          responses: {
            '200': {
              description: '服务与数据库可用',
              content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } } },
            },
            '500': { description: '数据库不可用' },
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: '本接口说明（OpenAPI 3.1）',
          responses: { '200': { description: 'OpenAPI 文档', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      ...followUpOpenApiPaths(),
      ...staffOpenApiPaths(),
      ...statsOpenApiPaths(),
      ...open311OpenApiPaths(),
    },
    components: { schemas: { Error: json(errorSchema) } },
  };
}
