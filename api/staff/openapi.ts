import { z } from 'zod';
import { contactSchema, reportAnswerSchema, reportListSchema, sessionSchema } from '../../src/kernel/report/contract/staff.ts';
import { actionSchema, exportQuerySchema, listQuerySchema, loginSchema } from './schemas.ts';

/**
 * The staff paths of the OpenAPI document (api/openapi.ts spreads them into `paths`), generated
 * from the same zod schemas the staff routes validate with and the service answers with (the
 * shared contract, src/kernel/report/contract/staff.ts).
 */

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}
const json = (schema: z.ZodType) => ({ 'application/json': { schema: toSchema(schema, 'output') } });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: toSchema(schema, 'input') } } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Query parameters of a zod object schema, one OpenAPI parameter each. */
function queryParameters(schema: z.ZodObject) {
  const { properties = {} } = toSchema(schema, 'input') as { properties?: Record<string, { description?: string }> };
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: false, description: s.description, schema: s }));
}

const SESSION = 'Session cookie `__Host-staff` (HTTPS) or `staff` (HTTP), set by POST /api/staff/login; HttpOnly, SameSite=Strict.';
const ORIGIN = 'State-changing requests must carry an `Origin` (or `Referer`) of the portal itself, else 403 `csrf_origin_mismatch`.';
const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const common = { '401': error('未登录或登录已过期（not_logged_in）'), '404': error('没有这份举报，或不属于本县（report_not_found）') };

/**
 * @example openApiDocument().paths['/api/staff/login'].post
 */
export function staffOpenApiPaths() {
  return {
    '/api/staff/login': {
      post: {
        summary: '工作人员登录',
        description: `Sets a new session cookie (${SESSION}). Unknown login, wrong password and disabled account answer the same 401. ${ORIGIN}`,
        requestBody: body(loginSchema),
        responses: {
          '200': { description: '已登录', content: json(sessionSchema) },
          '401': error('登录名或密码不正确（login_failed）'),
          '403': error('跨站请求（csrf_origin_mismatch）'),
          '429': error('失败次数过多（login_throttled），按 Retry-After 重试'),
        },
      },
    },
    '/api/staff/logout': {
      post: {
        summary: '退出登录',
        description: `Deletes the session on the server and clears the cookie. ${ORIGIN}`,
        responses: { '204': { description: '已退出' }, '403': error('跨站请求') },
      },
    },
    '/api/staff/me': {
      get: {
        summary: '当前工作人员',
        responses: { '200': { description: '当前账号', content: json(sessionSchema) }, '401': common['401'] },
      },
    },
    '/api/staff/reports': {
      get: {
        summary: '本县举报列表（收件箱）',
        description: 'County staff see their county only; province staff see all counties (or `county=`). Oldest first.',
        parameters: queryParameters(listQuerySchema),
        responses: {
          '200': { description: '举报列表', content: json(reportListSchema) },
          '400': error('筛选条件无效（invalid_filter）'),
          '401': common['401'],
          '403': error('县级账号不能查看其他县（forbidden）'),
        },
      },
    },
    '/api/staff/reports.csv': {
      get: {
        summary: '导出举报（CSV）',
        description:
          'UTF-8 with BOM. Contact columns only with `includeContact=1` (county staff only), which writes one `export_with_contact` audit event per exported report that has a contact.',
        parameters: queryParameters(exportQuerySchema),
        responses: {
          '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
          '401': common['401'],
          '403': error('无权导出联系方式（forbidden）'),
        },
      },
    },
    '/api/staff/reports/{id}': {
      get: {
        summary: '举报详情',
        parameters: [id],
        responses: { '200': { description: '详情、照片、分派依据和全部记录', content: json(reportAnswerSchema) }, ...common },
      },
    },
    '/api/staff/reports/{id}/photos/{n}': {
      get: {
        summary: '举报照片',
        description: 'The JPEG, only to staff who may read the report (`Cache-Control: private, no-store`).',
        parameters: [id, { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': { description: 'JPEG', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } }, ...common },
      },
    },
    '/api/staff/reports/{id}/contact': {
      post: {
        summary: '查看举报人联系方式',
        description: `County staff of the handling county only; each viewing writes a \`contact_viewed\` audit event. ${ORIGIN}`,
        parameters: [id],
        responses: {
          '200': { description: '联系方式', content: json(contactSchema) },
          ...common,
          '403': error('省级账号或跨站请求'),
          '404': error('没有这份举报，或举报人没有留联系方式（no_contact）'),
        },
      },
    },
    '/api/staff/reports/{id}/actions': {
      post: {
        summary: '办理：受理、不予受理、开始办理、办结、公开答复、内部备注、转交',
        description: `Each action writes one audit event in the same transaction as the change. Province staff may only transfer. ${ORIGIN}`,
        parameters: [id],
        requestBody: body(actionSchema),
        responses: {
          '200': { description: '办理后的举报（同 GET）', content: json(reportAnswerSchema) },
          '400': error('缺少答复或理由、内容过长、未知操作或县'),
          ...common,
          '403': error('省级账号只能转交，或跨站请求'),
          '409': error('当前状态下不能进行这项操作（invalid_transition）'),
        },
      },
    },
  };
}
