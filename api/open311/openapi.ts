import { z } from 'zod';
import {
  discoverySchema,
  open311ErrorSchema,
  open311FormInputSchema,
  postResponseSchema,
  requestsQuerySchema,
  serviceDefinitionSchema,
  serviceRequestSchema,
  serviceSchema,
} from './schemas.ts';

/**
 * The Open311 GeoReport v2 paths of the OpenAPI document (api/openapi.ts spreads them into
 * `paths`), generated from the same zod schemas the Open311 routes validate with.
 */

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}
const json = (schema: z.ZodType) => ({ 'application/json': { schema: toSchema(schema, 'output') } });
const error = (description: string) => ({ description, content: json(open311ErrorSchema) });
const queryParameters = (schema: z.ZodObject) => {
  const { properties = {} } = toSchema(schema, 'input') as { properties?: Record<string, { description?: string }> };
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: false, description: s.description, schema: s }));
};
const tags = ['Open311 GeoReport v2'];

/** @example openApiDocument().paths['/open311/v2/requests.json'].post */
export function open311OpenApiPaths() {
  return {
    '/open311/v2/discovery.json': {
      get: { tags, summary: 'Open311 服务发现', responses: { '200': { description: 'discovery', content: json(discoverySchema) } } },
    },
    '/open311/v2/services.json': {
      get: {
        tags,
        summary: '服务列表（举报类型；service_code = 类型代码）',
        responses: { '200': { description: 'services', content: json(z.array(serviceSchema)) } },
      },
    },
    '/open311/v2/services/{service_code}.json': {
      get: {
        tags,
        summary: '服务定义：可选属性 attribute[outfall_code]',
        parameters: [{ name: 'service_code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'definition', content: json(serviceDefinitionSchema) }, '400': error('没有这个服务（invalid_category）') },
      },
    },
    '/open311/v2/requests.json': {
      get: {
        tags,
        summary: '举报列表（只含公开字段）',
        description:
          'Public fields only: no description (citizens’ free text may carry personal data), no contact, no photos; the place is the named outfall’s, or the reported point rounded to 0.001°. Without dates: the last 90 days; at most 1,000, newest first.',
        parameters: queryParameters(requestsQuerySchema),
        responses: { '200': { description: 'requests', content: json(z.array(serviceRequestSchema)) }, '400': error('参数无效（invalid_parameter）') },
      },
      post: {
        tags,
        summary: '提交举报（与 POST /api/reports 相同的校验、分办和幂等）',
        description:
          'application/x-www-form-urlencoded. `Idempotency-Key` (UUID) is optional: with it a retry gets the stored answer (`Idempotent-Replayed: true`); without it every POST creates a report. media_url is refused (photos only through the web form); email is accepted and not kept; api_key and jurisdiction_id are ignored. Answers 200.',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', format: 'uuid' } }],
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: toSchema(open311FormInputSchema, 'input') } } },
        responses: {
          '200': { description: '已受理', content: json(postResponseSchema) },
          '400': error('字段无效（field 指明哪个字段）'),
          '409': error('同一 Idempotency-Key 的请求仍在处理'),
          '422': error('位置不在吉林省境内，或 Idempotency-Key 已用于不同内容'),
          '429': error('请求过于频繁'),
        },
      },
    },
    '/open311/v2/requests/{service_request_id}.json': {
      get: {
        tags,
        summary: '一份举报（只含公开字段）',
        parameters: [{ name: 'service_request_id', in: 'path', required: true, schema: { type: 'string', pattern: '^JL\\d{4}-\\d{6,9}$' } }],
        responses: {
          '200': { description: 'one request', content: json(z.array(serviceRequestSchema)) },
          '404': error('没有这个编号的举报（request_not_found）'),
        },
      },
    },
  };
}
