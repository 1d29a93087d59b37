/**
 * Data behind the demonstration dataset: how the nine cities differ, a rough profile of each of the
 * 60 counties, the small local rivers used where the bundled river layer has none, and the pools
 * that names are drawn from. Kept as data so that a reviewer can read and adjust the demo's shape
 * without touching the generator.
 *
 * Everything here is for demonstration only. Company, village and road names are made up from
 * common elements; any likeness to a real organisation is accidental.
 */
import type { RemediationStatus } from '../schema.ts';

export interface CityProfile {
  /** Telephone area code of the city (长春 0431 …). */
  areaCode: string;
  /** Local number length after the area code. */
  phoneDigits: 7 | 8;
  /** Abbreviation in the city bureau's document numbers, e.g. 长 in 长环审〔2023〕12号. */
  docAbbr: string;
  /**
   * Remediation progress: percentage of the city's outfalls in each status (待整治, 整治中, 已完成,
   * 已销号). The demo shows a province where 长春 is far along and 白城 behind; the order of the
   * share done (已完成 + 已销号) is PROGRESS_ORDER below.
   */
  statusShares: Record<RemediationStatus, number>;
  /** Probability that an outfall's latest monitoring exceeds its limit (before type factors). */
  exceedRate: number;
  /** 0 (early deadlines) … 1 (late deadlines) for outfalls not on the 2023 priority waters. */
  deadlineLag: number;
}

export const CITY_PROFILES: Record<string, CityProfile> = {
  '220100': {
    areaCode: '0431',
    phoneDigits: 8,
    docAbbr: '长',
    statusShares: { 待整治: 5, 整治中: 10, 已完成: 25, 已销号: 60 },
    exceedRate: 0.05,
    deadlineLag: 0,
  },
  '220200': {
    areaCode: '0432',
    phoneDigits: 8,
    docAbbr: '吉市',
    statusShares: { 待整治: 8, 整治中: 14, 已完成: 28, 已销号: 50 },
    exceedRate: 0.07,
    deadlineLag: 0.1,
  },
  '222400': {
    areaCode: '0433',
    phoneDigits: 7,
    docAbbr: '延州',
    statusShares: { 待整治: 10, 整治中: 17, 已完成: 30, 已销号: 43 },
    exceedRate: 0.08,
    deadlineLag: 0.2,
  },
  '220400': {
    areaCode: '0437',
    phoneDigits: 7,
    docAbbr: '辽',
    statusShares: { 待整治: 12, 整治中: 18, 已完成: 30, 已销号: 40 },
    exceedRate: 0.09,
    deadlineLag: 0.3,
  },
  '220500': {
    areaCode: '0435',
    phoneDigits: 7,
    docAbbr: '通',
    statusShares: { 待整治: 14, 整治中: 20, 已完成: 30, 已销号: 36 },
    exceedRate: 0.1,
    deadlineLag: 0.4,
  },
  '220300': {
    areaCode: '0434',
    phoneDigits: 7,
    docAbbr: '四',
    statusShares: { 待整治: 16, 整治中: 22, 已完成: 30, 已销号: 32 },
    exceedRate: 0.11,
    deadlineLag: 0.5,
  },
  '220600': {
    areaCode: '0439',
    phoneDigits: 7,
    docAbbr: '白山',
    statusShares: { 待整治: 20, 整治中: 24, 已完成: 28, 已销号: 28 },
    exceedRate: 0.12,
    deadlineLag: 0.6,
  },
  '220700': {
    areaCode: '0438',
    phoneDigits: 7,
    docAbbr: '松',
    statusShares: { 待整治: 26, 整治中: 26, 已完成: 26, 已销号: 22 },
    exceedRate: 0.15,
    deadlineLag: 0.8,
  },
  '220800': {
    areaCode: '0436',
    phoneDigits: 7,
    docAbbr: '白',
    statusShares: { 待整治: 35, 整治中: 30, 已完成: 20, 已销号: 15 },
    exceedRate: 0.2,
    deadlineLag: 1,
  },
};

/** Cities from most to least advanced in remediation (share 已完成 + 已销号), as designed above. */
export const PROGRESS_ORDER = ['220100', '220200', '222400', '220400', '220500', '220300', '220600', '220700', '220800'] as const;

/** Minerals mined around each city, for mine and tailings outfalls. */
export const CITY_MINERALS: Record<string, readonly string[]> = {
  '220100': ['石灰石', '砂石'],
  '220200': ['钼', '金', '煤', '镍'],
  '220300': ['石灰石', '砂石'],
  '220400': ['煤', '石灰石'],
  '220500': ['铁', '煤', '金'],
  '220600': ['硅藻土', '煤', '铁'],
  '220700': ['砂石'],
  '220800': ['砂石'],
  '222400': ['煤', '金', '铜'],
};

/** Character of a county-level unit, which sets the mix of outfall types. */
export type CountyKind = 'core' | 'suburban' | 'rural';

/** A small local river: its name and the 2–4 letter code used in outfall codes (pinyin initials). */
export interface LocalWater {
  name: string;
  code: string;
}

export interface CountyProfile {
  /** Rough resident population, 10,000s (2020 census, rounded); sets the county's share of outfalls. */
  pop: number;
  kind: CountyKind;
  /** A mining area: more mine and tailings outfalls. */
  mining?: boolean;
  /** Part of a large irrigation district: more irrigation return-flow outfalls. */
  irrigation?: boolean;
  /**
   * Small rivers of the county that the bundled river layer (WDBII) does not hold. Their courses in
   * the demo are synthetic (see waters.ts): the names are plausible, the lines are not surveyed.
   */
  localWaters: readonly LocalWater[];
}

const w = (name: string, code: string): LocalWater => ({ name, code });

export const COUNTY_PROFILES: Record<string, CountyProfile> = {
  // 长春市
  '220102': { pop: 75, kind: 'core', localWaters: [w('永春河', 'YCH'), w('鲇鱼沟', 'NYG')] },
  '220103': { pop: 70, kind: 'core', localWaters: [w('西新开河', 'XXKH'), w('小河沿子河', 'XHYZ')] },
  '220104': { pop: 90, kind: 'core', localWaters: [w('小南河', 'XNH'), w('富裕河', 'FYH')] },
  '220105': { pop: 60, kind: 'core', localWaters: [w('东新开河', 'DXKH'), w('兴隆沟', 'XLG')] },
  '220106': { pop: 90, kind: 'core', localWaters: [w('西新开河', 'XXKH'), w('合心河', 'HXH')] },
  '220112': { pop: 38, kind: 'suburban', localWaters: [w('双阳河', 'SYH'), w('石溪河', 'SXH')] },
  '220113': { pop: 63, kind: 'suburban', localWaters: [w('雾开河', 'WKH'), w('沐石河', 'MSH')] },
  '220122': { pop: 85, kind: 'rural', localWaters: [w('新凯河', 'XKH'), w('哈拉海河', 'HLHH')] },
  '220182': { pop: 100, kind: 'rural', localWaters: [w('卡岔河', 'KCH'), w('五棵树河', 'WKSH')] },
  '220183': { pop: 70, kind: 'rural', localWaters: [w('沐石河', 'MSH'), w('岔路口河', 'CLKH')] },
  '220184': { pop: 90, kind: 'rural', localWaters: [w('新开河', 'XKH'), w('范家屯河', 'FJTH')] },
  // 吉林市
  '220202': { pop: 60, kind: 'core', localWaters: [w('土城子河', 'TCZH'), w('孤店子河', 'GDZH')] },
  '220203': { pop: 45, kind: 'core', localWaters: [w('牤牛河', 'MNH'), w('江密峰河', 'JMFH')] },
  '220204': { pop: 45, kind: 'core', localWaters: [w('温德河', 'WDH'), w('搜登站河', 'SDZH')] },
  '220211': { pop: 30, kind: 'suburban', localWaters: [w('旺起河', 'WQH'), w('前二道河', 'QEDH')] },
  '220221': { pop: 35, kind: 'rural', mining: true, localWaters: [w('岔路河', 'CLH'), w('鳌龙河', 'ALH')] },
  '220281': { pop: 40, kind: 'rural', mining: true, localWaters: [w('蛟河', 'JH'), w('拉法河', 'LFH')] },
  '220282': { pop: 38, kind: 'rural', mining: true, localWaters: [w('色洛河', 'SLH'), w('桦树河', 'HSH')] },
  '220283': { pop: 50, kind: 'rural', localWaters: [w('细鳞河', 'XLH'), w('霍伦河', 'HLH')] },
  '220284': { pop: 45, kind: 'rural', mining: true, localWaters: [w('烟筒山河', 'YTSH'), w('黑石河', 'HSH')] },
  // 四平市
  '220302': { pop: 30, kind: 'core', localWaters: [w('条子河', 'TZH'), w('南河', 'NH')] },
  '220303': { pop: 33, kind: 'core', localWaters: [w('南河', 'NH'), w('山门河', 'SMH')] },
  '220322': { pop: 55, kind: 'rural', irrigation: true, localWaters: [w('招苏台河', 'ZSTH'), w('榆树台河', 'YSTH')] },
  '220323': { pop: 38, kind: 'rural', localWaters: [w('大孤山河', 'DGSH'), w('营城子河', 'YCZH')] },
  '220382': { pop: 35, kind: 'rural', irrigation: true, localWaters: [w('新开河', 'XKH'), w('茂林河', 'MLH')] },
  // 辽源市
  '220402': { pop: 35, kind: 'core', localWaters: [w('仙人河', 'XRH'), w('半截河', 'BJH')] },
  '220403': { pop: 18, kind: 'core', mining: true, localWaters: [w('半截河', 'BJH'), w('灯塔河', 'DTH')] },
  '220421': { pop: 30, kind: 'rural', localWaters: [w('梅河', 'MH'), w('横道河', 'HDH')] },
  '220422': { pop: 25, kind: 'rural', localWaters: [w('渭津河', 'WJH'), w('安石河', 'ASH')] },
  // 通化市
  '220502': { pop: 33, kind: 'core', localWaters: [w('浑江', 'HJ'), w('新站河', 'XZH')] },
  '220503': { pop: 12, kind: 'suburban', mining: true, localWaters: [w('浑江', 'HJ'), w('五道江河', 'WDJH')] },
  '220521': { pop: 20, kind: 'rural', mining: true, localWaters: [w('蝲蛄河', 'LGH'), w('富江', 'FJ')] },
  '220523': { pop: 28, kind: 'rural', localWaters: [w('三统河', 'STH'), w('样子哨河', 'YZSH')] },
  '220524': { pop: 30, kind: 'rural', localWaters: [w('一统河', 'YTH'), w('三统河', 'STH')] },
  '220581': { pop: 55, kind: 'rural', localWaters: [w('梅河', 'MH'), w('莲河', 'LH')] },
  '220582': { pop: 20, kind: 'rural', mining: true, localWaters: [w('通沟河', 'TGH'), w('苇沙河', 'WSH')] },
  // 白山市
  '220602': { pop: 30, kind: 'core', mining: true, localWaters: [w('浑江', 'HJ'), w('板石河', 'BSH')] },
  '220605': { pop: 15, kind: 'suburban', mining: true, localWaters: [w('石人河', 'SRH'), w('大阳岔河', 'DYCH')] },
  '220621': { pop: 25, kind: 'rural', mining: true, localWaters: [w('头道松花江', 'TDSH'), w('松江河', 'SJH')] },
  '220622': { pop: 12, kind: 'rural', localWaters: [w('那尔轰河', 'NEHH'), w('蒙江', 'MJ')] },
  '220623': { pop: 6, kind: 'rural', localWaters: [w('十四道沟河', 'SSDG'), w('八道沟河', 'BDGH')] },
  '220681': { pop: 13, kind: 'rural', mining: true, localWaters: [w('闹枝沟河', 'NZGH'), w('大栗子河', 'DLZH')] },
  // 松原市
  '220702': { pop: 55, kind: 'core', localWaters: [w('伯都河', 'BDH'), w('新城河', 'XCH')] },
  '220721': { pop: 50, kind: 'rural', irrigation: true, localWaters: [w('深井子河', 'SJZH'), w('王府河', 'WFH')] },
  '220722': { pop: 45, kind: 'rural', localWaters: [w('太平川河', 'TPCH'), w('三青山河', 'SQSH')] },
  '220723': { pop: 25, kind: 'rural', irrigation: true, localWaters: [w('安字河', 'AZH'), w('余字河', 'YZH')] },
  '220781': { pop: 55, kind: 'rural', irrigation: true, localWaters: [w('三岔河', 'SCH'), w('弓棚子河', 'GPZH')] },
  // 白城市
  '220802': { pop: 45, kind: 'core', localWaters: [w('蛟流河', 'JLH'), w('德顺河', 'DSH')] },
  '220821': { pop: 25, kind: 'rural', irrigation: true, localWaters: [w('二龙涛河', 'ELTH'), w('呼尔达河', 'HEDH')] },
  '220822': { pop: 30, kind: 'rural', irrigation: true, localWaters: [w('霍林河', 'HLH'), w('文牛格尺河', 'WNGC')] },
  '220881': { pop: 35, kind: 'rural', irrigation: true, localWaters: [w('蛟流河', 'JLH'), w('那金河', 'NJH')] },
  '220882': { pop: 35, kind: 'rural', irrigation: true, localWaters: [w('安广河', 'AGH'), w('舍力河', 'SLH')] },
  // 延边朝鲜族自治州
  '222401': { pop: 65, kind: 'core', localWaters: [w('布尔哈通河', 'BEHT'), w('烟集河', 'YJH')] },
  '222402': { pop: 10, kind: 'rural', localWaters: [w('嘎呀河', 'GYH'), w('石岘河', 'SXH')] },
  '222403': { pop: 45, kind: 'rural', mining: true, localWaters: [w('沙河', 'SH'), w('大石头河', 'DSTH')] },
  '222404': { pop: 22, kind: 'rural', mining: true, localWaters: [w('珲春河', 'HCH'), w('密江河', 'MJH')] },
  '222405': { pop: 15, kind: 'rural', localWaters: [w('海兰江', 'HLJ'), w('六道河', 'LDH')] },
  '222406': { pop: 15, kind: 'rural', mining: true, localWaters: [w('海兰江', 'HLJ'), w('红旗河', 'HQH')] },
  '222424': { pop: 20, kind: 'rural', mining: true, localWaters: [w('嘎呀河', 'GYH'), w('汪清河', 'WQH')] },
  '222426': { pop: 17, kind: 'rural', localWaters: [w('古洞河', 'GDH'), w('富尔河', 'FEH')] },
};

/** Facts about the named waters of the bundled layers (data/geo/jilin-rivers.geojson, jilin-lakes.geojson). */
export interface BundledWaterInfo {
  /** 2–4 letter code in outfall codes (pinyin initials). */
  code: string;
  /** Water quality target (水质目标) of the demo. */
  qualityTarget: string;
  /** Songhua/Liao main stems, key tributaries and key lakes: remediation due by end of 2023. */
  priority?: boolean;
  /** Navigable or large enough for port and wharf outfalls. */
  big?: boolean;
}

export const BUNDLED_WATERS: Record<string, BundledWaterInfo> = {
  松花江: { code: 'SHJ', qualityTarget: 'Ⅲ类', priority: true, big: true },
  第二松花江: { code: 'DESH', qualityTarget: 'Ⅲ类', priority: true, big: true },
  嫩江: { code: 'NJ', qualityTarget: 'Ⅲ类', priority: true, big: true },
  二道松花江: { code: 'EDSH', qualityTarget: 'Ⅱ类' },
  洮儿河: { code: 'TEH', qualityTarget: 'Ⅲ类' },
  拉林河: { code: 'LLH', qualityTarget: 'Ⅲ类' },
  伊通河: { code: 'YTH', qualityTarget: 'Ⅳ类', priority: true },
  饮马河: { code: 'YMH', qualityTarget: 'Ⅳ类', priority: true },
  东辽河: { code: 'DLH', qualityTarget: 'Ⅳ类', priority: true },
  西辽河: { code: 'XLH', qualityTarget: 'Ⅳ类', priority: true },
  辽河: { code: 'LH', qualityTarget: 'Ⅳ类', priority: true },
  辉发河: { code: 'HFH', qualityTarget: 'Ⅲ类' },
  鸭绿江: { code: 'YLJ', qualityTarget: 'Ⅱ类', big: true },
  图们江: { code: 'TMJ', qualityTarget: 'Ⅲ类', big: true },
  牡丹江: { code: 'MDJ', qualityTarget: 'Ⅲ类' },
  松花湖: { code: 'SHH', qualityTarget: 'Ⅱ类', priority: true, big: true },
  查干湖: { code: 'CGH', qualityTarget: 'Ⅳ类', priority: true, big: true },
  二龙湖: { code: 'ELH', qualityTarget: 'Ⅲ类' },
  月亮泡: { code: 'YLP', qualityTarget: 'Ⅲ类', big: true },
  石头口门水库: { code: 'STKM', qualityTarget: 'Ⅲ类' },
};

/** Water-function zone kinds (水功能区) by county kind. */
export const FUNCTION_ZONES: Record<CountyKind, readonly string[]> = {
  core: ['景观娱乐用水区', '过渡区', '排污控制区', '工业用水区'],
  suburban: ['工业用水区', '农业用水区', '过渡区', '渔业用水区'],
  rural: ['农业用水区', '渔业用水区', '保留区', '过渡区'],
};

/** Trade names (字号) for made-up companies. */
export const TRADE_NAMES = [
  '鑫达',
  '华信',
  '恒通',
  '宏远',
  '金源',
  '天成',
  '瑞丰',
  '盛华',
  '永泰',
  '嘉禾',
  '泰和',
  '中泽',
  '宏达',
  '兴业',
  '隆源',
  '佳禾',
  '德润',
  '博远',
  '丰源',
  '吉祥',
  '北方',
  '东昊',
  '龙翔',
  '万通',
  '新兴',
  '长青',
  '同创',
  '富达',
  '聚源',
  '恒信',
  '盛源',
  '顺达',
  '天宇',
  '金鼎',
  '利民',
  '金穗',
  '兴农',
  '松江',
  '白鹤',
  '雪峰',
  '鹿鸣',
  '祥瑞',
  '润泽',
  '嘉华',
  '安泰',
  '鑫源',
  '鼎盛',
  '广源',
  '华瑞',
  '东升',
  '凯旋',
  '裕丰',
  '福瑞',
  '荣达',
  '昌盛',
  '宏盛',
  '瑞达',
  '通泰',
  '金泽',
  '正阳',
  '康达',
  '恒瑞',
  '华泰',
  '德丰',
  '众诚',
  '百川',
  '金禾',
  '远航',
  '森源',
  '丰泽',
] as const;

/** Industries of made-up factories; the city may add its own specialities (CITY_INDUSTRIES). */
export const INDUSTRIES = [
  '化工',
  '食品',
  '酒业',
  '制药',
  '造纸',
  '纺织',
  '建材',
  '汽车零部件',
  '农产品加工',
  '米业',
  '乳业',
  '木业',
  '热电',
  '淀粉',
  '生物科技',
  '饲料',
  '肉类加工',
  '粮食深加工',
  '机械制造',
  '水泥',
  '印染',
  '皮革',
] as const;

export const CITY_INDUSTRIES: Record<string, readonly string[]> = {
  '220100': ['汽车零部件', '汽车零部件', '光电', '粮食深加工'],
  '220200': ['化工', '化工', '碳纤维', '冶金'],
  '220500': ['制药', '葡萄酒', '钢铁'],
  '220600': ['矿泉水', '人参制品', '木业'],
  '220700': ['石油化工', '粮食深加工'],
  '222400': ['人参制品', '烟草', '木业'],
};

/** Elements of town (乡镇) names. */
export const TOWN_NAMES = [
  '兴隆',
  '太平',
  '永安',
  '新立',
  '平安',
  '长山',
  '万宝',
  '双河',
  '四合',
  '三岔',
  '大岭',
  '东兴',
  '西河',
  '南山',
  '北岗',
  '靠山',
  '八里',
  '双山',
  '福安',
  '保安',
  '长发',
  '新安',
  '东风',
  '前进',
  '育民',
  '富强',
  '团结',
  '红光',
  '合心',
  '宝山',
  '永丰',
  '向阳',
  '胜利',
  '民主',
  '和平',
  '光明',
  '红石',
  '榆林',
  '杨树',
  '黄花',
  '柳树',
  '金川',
  '青山',
  '石门',
  '松山',
  '大兴',
  '新华',
  '建设',
  '永胜',
  '长胜',
  '东岗',
  '西岗',
  '小城',
  '大房身',
  '五家子',
  '三家子',
  '二道',
  '头道',
  '新发',
] as const;

/** Elements of village (村) names. */
export const VILLAGE_NAMES = [
  '三家子',
  '二道沟',
  '大榆树',
  '柳树河子',
  '黄花甸子',
  '靠山屯',
  '腰屯',
  '前屯',
  '后屯',
  '双井子',
  '孤家子',
  '五家子',
  '大房身',
  '小城子',
  '杨树林',
  '榆林',
  '红石',
  '岗子',
  '四间房',
  '东岗',
  '西岗',
  '南沟',
  '北沟',
  '河南',
  '河北',
  '石头河子',
  '二道河子',
  '三道沟',
  '头道沟',
  '大顶子',
  '平房',
  '半拉山',
  '新发',
  '长胜',
  '永胜',
  '民主',
  '和平',
  '光明',
  '联合',
  '团山子',
  '新屯',
  '王家屯',
  '李家屯',
  '张家屯',
  '刘家店',
  '赵家沟',
  '孙家窝堡',
  '杨家崴子',
  '马家店',
  '东升',
  '前进',
  '胜利',
  '兴隆',
  '太平',
  '富民',
  '新立',
  '靠河',
  '双榆',
  '八家子',
  '十里堡',
] as const;

/** Elements of road names in towns and cities. */
export const ROAD_NAMES = [
  '人民',
  '解放',
  '建设',
  '胜利',
  '新华',
  '和平',
  '光明',
  '长江',
  '黄河',
  '东风',
  '团结',
  '青年',
  '繁荣',
  '民主',
  '文化',
  '站前',
  '滨江',
  '滨河',
  '世纪',
  '开发',
  '工农',
  '友谊',
  '兴华',
  '新民',
  '北京',
  '南京',
  '西安',
  '延安',
  '松江',
  '迎宾',
] as const;

/** Level-2 type keys whose outfalls sit on big waters only (see BundledWaterInfo.big). */
export const BIG_WATER_ONLY_TYPES = new Set(['other-port']);
