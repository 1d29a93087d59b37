import { z } from 'zod';
import { OUTFALL_CODE } from '../../src/kernel/published/code.ts';

/**
 * Zod schemas of the statistics endpoints: the path parameters the handlers validate with and the
 * response shapes api/openapi.ts documents. Shares are fractions 0–1 (null when nothing counts yet);
 * days are decimal days with one decimal.
 */

const share = (description: string) => z.number().min(0).max(1).nullable().meta({ description });
const count = (description: string) => z.number().int().min(0).meta({ description });

export const figuresSchema = z.object({
  received: count('收到的举报数（转办的举报计入现在办理它的县）'),
  decided: count('已作出受理决定的举报数（受理、办理中、已办结、不予受理）'),
  accepted: count('予以受理的举报数（受理、办理中、已办结）'),
  rejected: count('不予受理的举报数'),
  concluded: count('已办结的举报数'),
  open: count('未办结且未被拒绝的举报数'),
  transferred: count('曾被转办的举报数'),
  acceptedShare: share('受理率 = accepted / decided'),
  medianDaysToAcceptance: z.number().nullable().meta({ description: '从到达分局到受理的天数中位数' }),
  medianDaysToConclusion: z.number().nullable().meta({ description: '从到达分局到办结的天数中位数' }),
  decisionDue: count('受理决定已到期的举报数（已作决定，或超过受理期限仍未决定）'),
  decidedOnTime: count('在受理期限内作出决定的举报数'),
  decidedOnTimeShare: share('按期作出受理决定的比例'),
  conclusionDue: count('办结已到期的举报数（已办结，或超过办结期限仍未办结）'),
  concludedOnTime: count('在办结期限内办结的举报数'),
  concludedOnTimeShare: share('按期办结的比例'),
});

export const monthFiguresSchema = figuresSchema.extend({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .meta({ description: '收到月份（北京时间）', example: '2026-05' }),
});

const deadlinesSchema = z.object({
  acceptDays: z.number().int().meta({ description: '受理期限（天）', example: 7 }),
  concludeDays: z.number().int().meta({ description: '办结期限（天）', example: 60 }),
});

const countyHeaderSchema = z.object({
  adcode: z.string().meta({ example: '220102' }),
  name: z.string().meta({ example: '南关区' }),
  cityAdcode: z.string().meta({ example: '220100' }),
  cityName: z.string().meta({ example: '长春市' }),
  bureau: z.string().meta({ example: '长春市生态环境局南关区分局' }),
});

const areaStatsSchema = figuresSchema.extend({
  months: z.array(monthFiguresSchema).meta({ description: '从第一件举报的月份到本月，最新的在前' }),
});

export const provinceStatsSchema = z.object({
  asOf: z.iso.datetime().meta({ description: '统计时间' }),
  deadlines: deadlinesSchema,
  province: areaStatsSchema,
  counties: z.array(countyHeaderSchema.extend(figuresSchema.shape)).meta({ description: '全部 60 个县级行政区' }),
});

export const countyStatsSchema = areaStatsSchema.extend({
  asOf: z.iso.datetime(),
  deadlines: deadlinesSchema,
  county: countyHeaderSchema,
});

/** `:adcode` of GET /api/stats/:adcode. */
export const adcodeParamSchema = z.object({
  adcode: z
    .string()
    .regex(/^\d{6}$/)
    .meta({ description: 'GB/T 2260 县级行政区划代码', example: '220102' }),
});

/** `:code` of GET /api/outfalls/:code/report-stats. */
export const outfallCodeParamSchema = z.object({
  code: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(OUTFALL_CODE))
    .meta({ description: '排污口编码（HJ 1235-2021）' }),
});

export const outfallReportStatsSchema = z.object({
  code: z.string(),
  reports: count('关于这个排污口的举报数'),
  concluded: count('其中已办结的'),
  asOf: z.iso.datetime(),
});
