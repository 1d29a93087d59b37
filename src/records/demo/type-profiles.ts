import type { DischargeChannel, DischargeMode, RemediationRoute } from '../schema.ts';
import type { CountyKind } from './places.ts';

/**
 * How each level-2 outfall type (classification.ts) behaves in the demonstration data: how common it
 * is in city districts, suburbs and rural counties, which remediation routes it tends to take, how
 * it discharges, how often it has an approval or monitoring result, and which limits apply.
 */

/** A monitored parameter and the limit the demo compares against. */
export interface MonitoredParameter {
  name: string;
  unit: string;
  /** Upper limit; pH uses its own 6–9 range. */
  limit: number;
  /** Decimal places of the published value. */
  digits: number;
}

const P = (name: string, unit: string, limit: number, digits: number): MonitoredParameter => ({ name, unit, limit, digits });

/** GB 18918-2002 class 1A (municipal and park treatment plants). */
const WWTP_LIMITS = [
  P('化学需氧量', 'mg/L', 50, 0),
  P('氨氮', 'mg/L', 5, 2),
  P('总磷', 'mg/L', 0.5, 2),
  P('总氮', 'mg/L', 15, 1),
  P('五日生化需氧量', 'mg/L', 10, 1),
  P('悬浮物', 'mg/L', 10, 0),
  P('粪大肠菌群数', '个/L', 1000, 0),
];
/** GB 8978-1996 class 1 (industry and everything without a sector standard). */
const INDUSTRY_LIMITS = [
  P('化学需氧量', 'mg/L', 100, 0),
  P('氨氮', 'mg/L', 15, 2),
  P('悬浮物', 'mg/L', 70, 0),
  P('石油类', 'mg/L', 5, 2),
  P('pH值', '无量纲', 9, 1),
  P('挥发酚', 'mg/L', 0.5, 3),
];
const _MINE_LIMITS = [
  P('悬浮物', 'mg/L', 70, 0),
  P('pH值', '无量纲', 9, 1),
  P('氟化物', 'mg/L', 10, 2),
  P('总锌', 'mg/L', 2, 2),
  P('化学需氧量', 'mg/L', 100, 0),
];
/** GB 18596-2001 (livestock and poultry). */
const LIVESTOCK_LIMITS = [P('化学需氧量', 'mg/L', 400, 0), P('氨氮', 'mg/L', 80, 1), P('总磷', 'mg/L', 8, 2), P('五日生化需氧量', 'mg/L', 150, 0)];
/** SC/T 9101-2007 class 2 (freshwater aquaculture effluent). */
const AQUACULTURE_LIMITS = [P('化学需氧量', 'mg/L', 25, 0), P('总磷', 'mg/L', 1, 2), P('总氮', 'mg/L', 5, 1), P('悬浮物', 'mg/L', 100, 0)];
/** GB 18918 class 1B, the usual target of village treatment stations. */
const RURAL_LIMITS = [P('化学需氧量', 'mg/L', 60, 0), P('氨氮', 'mg/L', 8, 2), P('总磷', 'mg/L', 1, 2), P('悬浮物', 'mg/L', 20, 0)];

/** Responsible entity kinds (责任主体); `company`, `coop` and `institution` carry a credit code. */
export type EntityKind =
  | 'factory'
  | 'mine'
  | 'drainage'
  | 'park'
  | 'park-committee'
  | 'farm'
  | 'fishery'
  | 'irrigation'
  | 'port'
  | 'village'
  | 'town'
  | 'housing'
  | 'street'
  | 'business';

export interface TypeProfile {
  /** Level-2 key in classification.ts. */
  key: string;
  /** Relative frequency by county kind (municipal plants are planned per county instead). */
  weight: Record<CountyKind, number>;
  /** Weights of 规范整治, 清理合并, 依法取缔. */
  routes: [number, number, number];
  modes: readonly (readonly [DischargeMode, number])[];
  channels: readonly (readonly [DischargeChannel, number])[];
  entity: EntityKind;
  /** Share of retained outfalls with a setting approval or filing. */
  approvalShare: number;
  /** Share with the setting approval (设置审核) rather than a filing (备案). */
  approvalNotFiling: number;
  /** Share of still-discharging outfalls with a published monitoring result. */
  monitoringShare: number;
  /** Multiplies the city's exceedance rate. */
  exceedFactor: number;
  limits: readonly MonitoredParameter[];
  /** Multiplies the weight of lake shores when choosing where to place it. */
  lakeAffinity: number;
}

export const ROUTE_ORDER: readonly RemediationRoute[] = ['规范整治', '清理合并', '依法取缔'];

const continuous = [
  ['连续', 8],
  ['间歇', 2],
] as const;
const intermittent = [
  ['间歇', 9],
  ['季节性', 1],
] as const;
const seasonal = [
  ['季节性', 8],
  ['间歇', 2],
] as const;
const pipe = [
  ['管道', 8],
  ['明渠', 1],
  ['暗渠', 1],
] as const;
const storm = [
  ['管道', 4],
  ['暗渠', 3],
  ['涵闸', 2],
  ['泵站', 1],
] as const;
const ditch = [
  ['明渠', 6],
  ['管道', 3],
  ['其他', 1],
] as const;

export const TYPE_PROFILES: readonly TypeProfile[] = [
  {
    key: 'industrial-enterprise',
    weight: { core: 18, suburban: 14, rural: 10 },
    routes: [80, 15, 5],
    modes: continuous,
    channels: pipe,
    entity: 'factory',
    approvalShare: 0.6,
    approvalNotFiling: 0.7,
    monitoringShare: 0.7,
    exceedFactor: 1,
    limits: INDUSTRY_LIMITS,
    lakeAffinity: 0.5,
  },
  {
    key: 'industrial-stormwater',
    weight: { core: 12, suburban: 8, rural: 5 },
    routes: [70, 25, 5],
    modes: intermittent,
    channels: storm,
    entity: 'factory',
    approvalShare: 0.1,
    approvalNotFiling: 0,
    monitoringShare: 0.15,
    exceedFactor: 1.2,
    limits: INDUSTRY_LIMITS,
    lakeAffinity: 0.5,
  },
  {
    key: 'industrial-park-wwtp',
    weight: { core: 2, suburban: 2, rural: 1.5 },
    routes: [95, 5, 0],
    modes: continuous,
    channels: pipe,
    entity: 'park',
    approvalShare: 0.85,
    approvalNotFiling: 0.8,
    monitoringShare: 0.9,
    exceedFactor: 0.7,
    limits: WWTP_LIMITS,
    lakeAffinity: 0.3,
  },
  {
    key: 'industrial-park-stormwater',
    weight: { core: 2, suburban: 2, rural: 1.5 },
    routes: [70, 25, 5],
    modes: intermittent,
    channels: storm,
    entity: 'park-committee',
    approvalShare: 0.1,
    approvalNotFiling: 0,
    monitoringShare: 0.1,
    exceedFactor: 1,
    limits: INDUSTRY_LIMITS,
    lakeAffinity: 0.3,
  },
  {
    key: 'municipal-wwtp',
    weight: { core: 0, suburban: 0, rural: 0 },
    routes: [95, 5, 0],
    modes: continuous,
    channels: pipe,
    entity: 'drainage',
    approvalShare: 0.9,
    approvalNotFiling: 0.8,
    monitoringShare: 0.95,
    exceedFactor: 0.6,
    limits: WWTP_LIMITS,
    lakeAffinity: 0.2,
  },
  {
    key: 'agricultural-livestock',
    weight: { core: 1, suburban: 5, rural: 8 },
    routes: [75, 10, 15],
    modes: intermittent,
    channels: ditch,
    entity: 'farm',
    approvalShare: 0.4,
    approvalNotFiling: 0.3,
    monitoringShare: 0.5,
    exceedFactor: 1.3,
    limits: LIVESTOCK_LIMITS,
    lakeAffinity: 0.5,
  },
  {
    key: 'agricultural-aquaculture',
    weight: { core: 0.3, suburban: 2, rural: 3 },
    routes: [75, 15, 10],
    modes: seasonal,
    channels: ditch,
    entity: 'fishery',
    approvalShare: 0.3,
    approvalNotFiling: 0.2,
    monitoringShare: 0.3,
    exceedFactor: 1,
    limits: AQUACULTURE_LIMITS,
    lakeAffinity: 4,
  },
  {
    key: 'other-irrigation',
    weight: { core: 0.2, suburban: 2, rural: 4 },
    routes: [90, 10, 0],
    modes: seasonal,
    channels: [
      ['涵闸', 5],
      ['明渠', 5],
    ],
    entity: 'irrigation',
    approvalShare: 0.3,
    approvalNotFiling: 0.1,
    monitoringShare: 0.2,
    exceedFactor: 0.8,
    limits: RURAL_LIMITS,
    lakeAffinity: 1,
  },
  {
    key: 'other-port',
    weight: { core: 0.8, suburban: 0.5, rural: 0.3 },
    routes: [85, 10, 5],
    modes: intermittent,
    channels: pipe,
    entity: 'port',
    approvalShare: 0.6,
    approvalNotFiling: 0.5,
    monitoringShare: 0.3,
    exceedFactor: 1,
    limits: INDUSTRY_LIMITS,
    lakeAffinity: 1,
  },
  {
    key: 'other-small-livestock',
    weight: { core: 1, suburban: 5, rural: 8 },
    routes: [30, 30, 40],
    modes: intermittent,
    channels: ditch,
    entity: 'village',
    approvalShare: 0,
    approvalNotFiling: 0,
    monitoringShare: 0.1,
    exceedFactor: 1.6,
    limits: LIVESTOCK_LIMITS,
    lakeAffinity: 0.5,
  },
  {
    key: 'other-small-aquaculture',
    weight: { core: 0.3, suburban: 2, rural: 3 },
    routes: [30, 30, 40],
    modes: seasonal,
    channels: ditch,
    entity: 'village',
    approvalShare: 0,
    approvalNotFiling: 0,
    monitoringShare: 0.1,
    exceedFactor: 1.3,
    limits: AQUACULTURE_LIMITS,
    lakeAffinity: 4,
  },
  {
    key: 'other-rural-wwtp',
    weight: { core: 1, suburban: 4, rural: 6 },
    routes: [85, 15, 0],
    modes: continuous,
    channels: pipe,
    entity: 'town',
    approvalShare: 0.3,
    approvalNotFiling: 0.2,
    monitoringShare: 0.4,
    exceedFactor: 1.2,
    limits: RURAL_LIMITS,
    lakeAffinity: 0.5,
  },
  {
    key: 'other-rural-scattered',
    weight: { core: 4, suburban: 18, rural: 28 },
    routes: [30, 45, 25],
    modes: intermittent,
    channels: ditch,
    entity: 'village',
    approvalShare: 0,
    approvalNotFiling: 0,
    monitoringShare: 0.08,
    exceedFactor: 1.8,
    limits: RURAL_LIMITS,
    lakeAffinity: 0.7,
  },
  {
    key: 'other-urban-stormwater',
    weight: { core: 30, suburban: 15, rural: 10 },
    // Never merged or blocked: 「严禁合并、封堵城镇雨洪排口」 (src/records/rules.ts).
    routes: [100, 0, 0],
    modes: intermittent,
    channels: storm,
    entity: 'housing',
    approvalShare: 0.1,
    approvalNotFiling: 0,
    monitoringShare: 0.1,
    exceedFactor: 1.5,
    limits: RURAL_LIMITS,
    lakeAffinity: 0.3,
  },
  {
    key: 'other-urban-scattered',
    weight: { core: 10, suburban: 6, rural: 5 },
    routes: [10, 60, 30],
    modes: intermittent,
    channels: [
      ['管道', 5],
      ['明渠', 3],
      ['其他', 2],
    ],
    entity: 'street',
    approvalShare: 0,
    approvalNotFiling: 0,
    monitoringShare: 0.1,
    exceedFactor: 2,
    limits: RURAL_LIMITS,
    lakeAffinity: 0.3,
  },
  {
    key: 'other-other',
    weight: { core: 6, suburban: 4, rural: 3 },
    routes: [40, 30, 30],
    modes: intermittent,
    channels: ditch,
    entity: 'business',
    approvalShare: 0.1,
    approvalNotFiling: 0,
    monitoringShare: 0.15,
    exceedFactor: 1.2,
    limits: INDUSTRY_LIMITS,
    lakeAffinity: 0.5,
  },
];

export const TYPE_PROFILE_BY_KEY = new Map(TYPE_PROFILES.map((p) => [p.key, p]));
