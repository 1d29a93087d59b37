import { z } from 'zod';
import { OUTFALL_CODE } from '../kernel/published/code.ts';
import { LEVEL1_KEYS } from './classification.ts';
import { BASINS, WATER_SYSTEMS } from './water-systems.ts';

/**
 * The published outfall record (一口一档): what the province publishes for every river outfall and
 * what each disclosure page shows. This schema is the documentation of the record format; the
 * importer produces records of this shape, the records store keeps them, the site renders them and
 * the open-data exports write them. Field order follows the disclosure page.
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`), coordinates WGS84 decimal degrees.
 */

/** Remediation routes of the work plan (整治类型). */
export const REMEDIATION_ROUTES = ['依法取缔', '清理合并', '规范整治'] as const;
/** Remediation status (整治状态), in the order a record moves through them. */
export const REMEDIATION_STATUSES = ['待整治', '整治中', '已完成', '已销号'] as const;
/** Discharge mode (排放方式). */
export const DISCHARGE_MODES = ['连续', '间歇', '季节性'] as const;
/** How the discharge reaches the water (入河方式 / 排污通道). */
export const DISCHARGE_CHANNELS = ['管道', '明渠', '暗渠', '泵站', '涵闸', '其他'] as const;

/** Stable ASCII keys for the status values, for URLs, CSS classes and the compact map data. */
export const STATUS_KEYS: Record<RemediationStatus, string> = {
  待整治: 'pending',
  整治中: 'in-progress',
  已完成: 'done',
  已销号: 'closed',
};

export type RemediationRoute = (typeof REMEDIATION_ROUTES)[number];
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];
export type DischargeMode = (typeof DISCHARGE_MODES)[number];
export type DischargeChannel = (typeof DISCHARGE_CHANNELS)[number];

/** Outfall code after HJ 1235-2021 (the shared kernel's definition: the report API checks it too). */
export { OUTFALL_CODE };

/** 18-character unified social credit code (GB 32100), upper case. */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

/** The level-1/level-2 place of an outfall in the HJ 1312 tree (see classification.ts). */
export const outfallTypeSchema = z.object({
  /** Stable key of the level-1 type, e.g. `industrial`. */
  level1Key: z.enum(LEVEL1_KEYS),
  /** Level-1 type name, e.g. 工业排污口. */
  level1: text(40),
  /** Level-2 type name where known, e.g. 工矿企业排污口. */
  level2: text(40).optional(),
  /** Level-3 type name where the standard has one and the file gives it, e.g. 矿山排污口. */
  level3: text(40).optional(),
});

export const outfallRecordSchema = z.object({
  /** HJ 1235-2021 outfall code (排污口编码); permanent key and URL slug. */
  code: z.string().regex(OUTFALL_CODE),
  /** Outfall name (排污口名称), by the habit: receiving water + place + responsible entity + type. */
  name: text(120),
  /** Classification (排污口类型) after HJ 1312-2023. */
  type: outfallTypeSchema,
  /** Prefecture-level unit (所在市州), GB/T 2260 code. */
  cityAdcode: z.string().regex(/^22\d{2}00$/),
  /** Prefecture-level unit name, e.g. 长春市. */
  cityName: text(20),
  /** County-level unit (所在县（市、区）), GB/T 2260 code; reports about this outfall go to its bureau. */
  countyAdcode: z.string().regex(/^22\d{4}$/),
  /** County-level unit name, e.g. 公主岭市. */
  countyName: text(20),
  /** Longitude, WGS84 decimal degrees (converted from GCJ-02 on import where the file used it). */
  lng: z.number().min(121).max(132),
  /** Latitude, WGS84 decimal degrees. */
  lat: z.number().min(40).max(47),
  /** Receiving water (受纳水体). */
  receivingWater: z.object({
    /** Name of the river, lake or reservoir, e.g. 伊通河. */
    name: text(60),
    /** Water-function zone (水功能区) where published. */
    functionZone: text(80).optional(),
    /** Water quality target (水质目标), e.g. Ⅲ类, where published. */
    qualityTarget: text(20).optional(),
    /** River system (水系) of the water: 松花江, 图们江, 绥芬河, 辽河 or 鸭绿江 (see water-systems.ts). */
    system: z.enum(WATER_SYSTEMS).optional(),
    /** Basin (流域), derived from the river system: 松花江流域 or 辽河流域. */
    basin: z.enum(BASINS).optional(),
  }),
  /** Discharge mode (排放方式): continuous, intermittent or seasonal. */
  dischargeMode: z.enum(DISCHARGE_MODES).optional(),
  /** Discharge channel (入河方式): pipe, open or covered channel, … */
  dischargeChannel: z.enum(DISCHARGE_CHANNELS).optional(),
  /** Responsible entity (责任主体); the local government where none can be traced. */
  responsibleEntity: z.object({
    /** Name of the company, institution or government. */
    name: text(120),
    /** Unified social credit code (统一社会信用代码), for organisations that have one. */
    creditCode: z.string().regex(CREDIT_CODE).optional(),
  }),
  /** Supervising department (监管部门) and its public phone number. */
  supervisor: z.object({
    /** e.g. 长春市生态环境局南关区分局. */
    name: text(80),
    /** Public contact number as published, e.g. 0431-88888888. */
    phone: z
      .string()
      .regex(/^[0-9+\-() ]{5,30}$/)
      .optional(),
  }),
  /** Setting approval or filing (设置审核/备案), where one exists. */
  approval: z
    .object({
      /** Document number, e.g. 长环审〔2023〕12号. */
      number: text(80),
      /** Date of the approval or filing. */
      date: isoDate.optional(),
    })
    .optional(),
  /** Remediation (整治) under the work plan. */
  remediation: z.object({
    /** Route: ban/close, merge, or bring up to standard; absent where none is needed or decided. */
    route: z.enum(REMEDIATION_ROUTES).optional(),
    /** Current status. */
    status: z.enum(REMEDIATION_STATUSES),
    /** Deadline for completion (整治完成时限). */
    deadline: isoDate.optional(),
  }),
  /** Whether the outfall is on the retained list (保留清单). */
  retained: z.boolean(),
  /** Whether the public signboard (公示标识牌) is installed. */
  signboard: z.boolean(),
  /** Latest monitoring (最近监测), where published. */
  monitoring: z
    .object({
      /** Date of the latest sample. */
      date: isoDate,
      /** Result as published, e.g. 达标 or 超标（化学需氧量 62 mg/L）. */
      result: text(200),
    })
    .optional(),
  /** When the record was last updated by the publisher (更新日期). */
  updatedAt: isoDate,
});

export type OutfallRecord = z.infer<typeof outfallRecordSchema>;
export type OutfallType = z.infer<typeof outfallTypeSchema>;
