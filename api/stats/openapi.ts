import { z } from 'zod';
import { adcodeParamSchema, countyStatsSchema, outfallCodeParamSchema, outfallReportStatsSchema, provinceStatsSchema } from './schemas.ts';

/**
 * The statistics paths of the OpenAPI document (api/openapi.ts spreads them into `paths`),
 * generated from the same zod schemas the routes validate with and answer in.
 */

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}
const json = (schema: z.ZodType) => ({ 'application/json': { schema: toSchema(schema, 'output') } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
/** Path parameters of a zod object schema. */
const pathParameters = (schema: z.ZodObject) => {
  const { properties = {} } = toSchema(schema, 'input') as { properties?: Record<string, { description?: string }> };
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'path', required: true, description: s.description, schema: s }));
};

const DEFINITIONS =
  'Counts, shares (0–1, null when nothing counts yet) and median days only; never report contents. A report counts for the county handling it now, its clock starts at receipt or the latest transfer in. Cached up to 60 s.';

/** @example openApiDocument().paths['/api/stats'].get */
export function statsOpenApiPaths() {
  return {
    '/api/stats': {
      get: {
        summary: '举报办理情况统计（全省和 60 个县级行政区）',
        description: DEFINITIONS,
        responses: { '200': { description: '全省（含按月）和各县统计', content: json(provinceStatsSchema) } },
      },
    },
    '/api/stats/{adcode}': {
      get: {
        summary: '一个县级行政区的举报办理情况（含按月）',
        description: DEFINITIONS,
        parameters: pathParameters(adcodeParamSchema),
        responses: { '200': { description: '统计', content: json(countyStatsSchema) }, '404': error('没有这个县级行政区（county_not_found）') },
      },
    },
    '/api/outfalls/{code}/report-stats': {
      get: {
        summary: '关于一个排污口的举报数和已办结数',
        parameters: pathParameters(outfallCodeParamSchema),
        responses: { '200': { description: '计数', content: json(outfallReportStatsSchema) }, '404': error('没有这个编码的排污口（outfall_not_found）') },
      },
    },
  };
}
