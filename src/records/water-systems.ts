/**
 * Receiving waters → 水系 (river system) → 流域 (basin), kept as data.
 *
 * The work plan groups Jilin's waters into five 水系 and two 流域: 松花江流域 = 松花江、图们江、绥芬河水系;
 * 辽河流域 = 辽河、鸭绿江水系 (the grouping of the province's river-outfall remediation, DOMAIN.md).
 * Named waters (the bundled river and lake layers in data/geo and the larger tributaries) map
 * directly; small local waters that no table names fall back to the 水系 their county drains to,
 * marked `via: 'county'` so a page can say the assignment is by place, not by name.
 */

/** The five river systems (水系) of the plan. */
export const WATER_SYSTEMS = ['松花江', '图们江', '绥芬河', '辽河', '鸭绿江'] as const;
/** The two basins (流域) of the plan. */
export const BASINS = ['松花江流域', '辽河流域'] as const;

export type WaterSystem = (typeof WATER_SYSTEMS)[number];
export type Basin = (typeof BASINS)[number];

/** 流域 of each 水系: 松花江流域 = 松花江、图们江、绥芬河水系; 辽河流域 = 辽河、鸭绿江水系. */
export const BASIN_OF_SYSTEM: Record<WaterSystem, Basin> = {
  松花江: '松花江流域',
  图们江: '松花江流域',
  绥芬河: '松花江流域',
  辽河: '辽河流域',
  鸭绿江: '辽河流域',
};

/** 水系 of the named waters: every river and lake of data/geo plus the main tributaries by name. */
export const WATER_SYSTEM_BY_NAME: Readonly<Record<string, WaterSystem>> = {
  // 松花江水系 (incl. 嫩江, 第二松花江 and their tributaries and lakes)
  松花江: '松花江',
  第二松花江: '松花江',
  二道松花江: '松花江',
  头道松花江: '松花江',
  嫩江: '松花江',
  洮儿河: '松花江',
  霍林河: '松花江',
  拉林河: '松花江',
  伊通河: '松花江',
  饮马河: '松花江',
  辉发河: '松花江',
  牡丹江: '松花江',
  松花湖: '松花江',
  查干湖: '松花江',
  月亮泡: '松花江',
  石头口门水库: '松花江',
  新立城水库: '松花江',
  // 图们江水系
  图们江: '图们江',
  布尔哈通河: '图们江',
  海兰江: '图们江',
  嘎呀河: '图们江',
  珲春河: '图们江',
  红旗河: '图们江',
  // 绥芬河水系
  绥芬河: '绥芬河',
  // 辽河水系 (东辽河, 西辽河 and their tributaries and reservoirs)
  辽河: '辽河',
  东辽河: '辽河',
  西辽河: '辽河',
  招苏台河: '辽河',
  条子河: '辽河',
  二龙湖: '辽河',
  // 鸭绿江水系
  鸭绿江: '鸭绿江',
  浑江: '鸭绿江',
};

/** The same 水系 for a list of county codes. */
const allIn = (system: WaterSystem, counties: readonly string[]): Record<string, WaterSystem> => Object.fromEntries(counties.map((c) => [c, system]));

/**
 * The 水系 each county-level unit (GB/T 2260) mostly drains to, for local waters without a named
 * entry. Counties that straddle a divide take the system of most of their area.
 */
export const WATER_SYSTEM_BY_COUNTY: Readonly<Record<string, WaterSystem>> = {
  // 长春市
  ...allIn('松花江', ['220102', '220103', '220104', '220105', '220106', '220112', '220113', '220122', '220182', '220183', '220184']),
  // 吉林市
  ...allIn('松花江', ['220202', '220203', '220204', '220211', '220221', '220281', '220282', '220283', '220284']),
  // 四平市: 伊通 drains to 伊通河 (松花江), the rest to 辽河
  '220302': '辽河',
  '220303': '辽河',
  '220322': '辽河',
  '220323': '松花江',
  '220382': '辽河',
  // 辽源市 (东辽河)
  '220402': '辽河',
  '220403': '辽河',
  '220421': '辽河',
  '220422': '辽河',
  // 通化市: 浑江 (鸭绿江) in the south, 辉发河 (松花江) in the north
  '220502': '鸭绿江',
  '220503': '鸭绿江',
  '220521': '鸭绿江',
  '220523': '松花江',
  '220524': '松花江',
  '220581': '松花江',
  '220582': '鸭绿江',
  // 白山市: 浑江 and 鸭绿江, except 抚松 and 靖宇 (头道/二道松花江)
  '220602': '鸭绿江',
  '220605': '鸭绿江',
  '220621': '松花江',
  '220622': '松花江',
  '220623': '鸭绿江',
  '220681': '鸭绿江',
  // 松原市, 白城市 (松花江, 嫩江, 洮儿河)
  ...allIn('松花江', ['220702', '220721', '220722', '220723', '220781', '220802', '220821', '220822', '220881', '220882']),
  // 延边州: 图们江, except 敦化 and 安图 (牡丹江, 二道松花江)
  '222401': '图们江',
  '222402': '图们江',
  '222403': '松花江',
  '222404': '图们江',
  '222405': '图们江',
  '222406': '图们江',
  '222424': '图们江',
  '222426': '松花江',
};

/** Where a water's 水系 comes from: its name, or the county it lies in. */
export interface WaterSystemMatch {
  /** 水系, e.g. 松花江. */
  system: WaterSystem;
  /** 流域, e.g. 松花江流域. */
  basin: Basin;
  /** `name`: the water is named in the table; `county`: assigned by the county it lies in. */
  via: 'name' | 'county';
}

/**
 * The 水系 and 流域 of a receiving water, by its name or else by the county it lies in; undefined
 * when neither is known.
 *
 * @example waterSystemOf('饮马河') // { system: '松花江', basin: '松花江流域', via: 'name' }
 */
export function waterSystemOf(waterName: string, countyAdcode?: string): WaterSystemMatch | undefined {
  const byName = WATER_SYSTEM_BY_NAME[waterName.trim()];
  if (byName) return { system: byName, basin: BASIN_OF_SYSTEM[byName], via: 'name' };
  const byCounty = countyAdcode ? WATER_SYSTEM_BY_COUNTY[countyAdcode] : undefined;
  if (byCounty) return { system: byCounty, basin: BASIN_OF_SYSTEM[byCounty], via: 'county' };
  return undefined;
}
