import { allCounties, type County, countyByAdcode } from '../geo/admin.ts';
import { type CountyRef, countyRef } from './bureaus.ts';
import { HOTLINE } from './limits.ts';

export { HOTLINE };

/**
 * The county bureaus' public directory as data: where each county-level ecology and environment
 * bureau (生态环境分局) sits and the number citizens call, next to the national hotline 12369.
 * County pages, the report form's answers and `GET /api/bureaus` read it from here.
 *
 * Every entry is DEMONSTRATION data (`demo: true`) until the province supplies the real list: the
 * addresses say so, and the numbers are deliberately not dialable (the local part starts with 0,
 * which no Chinese local number does), so a tap on a demo number can never ring a stranger.
 * Replace an entry with the published address and number and set `demo: false`.
 */

/** One bureau's public contact. */
export interface BureauContact {
  /** Street address of the bureau's office. */
  address: string;
  /** Public phone with area code, e.g. `0431-88888888`. */
  phone: string;
  /** Not yet the published data: pages mark it, and the number must not be relied on. */
  demo: boolean;
}

/** GB/T 2260 county code → the bureau's contact. One entry per county-level unit of Jilin (60). */
export const BUREAU_DIRECTORY: Readonly<Record<string, BureauContact>> = {
  '220102': { address: '长春市南关区（演示地址，以当地公布的为准）', phone: '0431-001020', demo: true }, // 长春市南关区
  '220103': { address: '长春市宽城区（演示地址，以当地公布的为准）', phone: '0431-001030', demo: true }, // 长春市宽城区
  '220104': { address: '长春市朝阳区（演示地址，以当地公布的为准）', phone: '0431-001040', demo: true }, // 长春市朝阳区
  '220105': { address: '长春市二道区（演示地址，以当地公布的为准）', phone: '0431-001050', demo: true }, // 长春市二道区
  '220106': { address: '长春市绿园区（演示地址，以当地公布的为准）', phone: '0431-001060', demo: true }, // 长春市绿园区
  '220112': { address: '长春市双阳区（演示地址，以当地公布的为准）', phone: '0431-001120', demo: true }, // 长春市双阳区
  '220113': { address: '长春市九台区（演示地址，以当地公布的为准）', phone: '0431-001130', demo: true }, // 长春市九台区
  '220122': { address: '长春市农安县（演示地址，以当地公布的为准）', phone: '0431-001220', demo: true }, // 长春市农安县
  '220182': { address: '长春市榆树市（演示地址，以当地公布的为准）', phone: '0431-001820', demo: true }, // 长春市榆树市
  '220183': { address: '长春市德惠市（演示地址，以当地公布的为准）', phone: '0431-001830', demo: true }, // 长春市德惠市
  '220184': { address: '长春市公主岭市（演示地址，以当地公布的为准）', phone: '0434-001840', demo: true }, // 长春市公主岭市
  '220202': { address: '吉林市昌邑区（演示地址，以当地公布的为准）', phone: '0432-002020', demo: true }, // 吉林市昌邑区
  '220203': { address: '吉林市龙潭区（演示地址，以当地公布的为准）', phone: '0432-002030', demo: true }, // 吉林市龙潭区
  '220204': { address: '吉林市船营区（演示地址，以当地公布的为准）', phone: '0432-002040', demo: true }, // 吉林市船营区
  '220211': { address: '吉林市丰满区（演示地址，以当地公布的为准）', phone: '0432-002110', demo: true }, // 吉林市丰满区
  '220221': { address: '吉林市永吉县（演示地址，以当地公布的为准）', phone: '0432-002210', demo: true }, // 吉林市永吉县
  '220281': { address: '吉林市蛟河市（演示地址，以当地公布的为准）', phone: '0432-002810', demo: true }, // 吉林市蛟河市
  '220282': { address: '吉林市桦甸市（演示地址，以当地公布的为准）', phone: '0432-002820', demo: true }, // 吉林市桦甸市
  '220283': { address: '吉林市舒兰市（演示地址，以当地公布的为准）', phone: '0432-002830', demo: true }, // 吉林市舒兰市
  '220284': { address: '吉林市磐石市（演示地址，以当地公布的为准）', phone: '0432-002840', demo: true }, // 吉林市磐石市
  '220302': { address: '四平市铁西区（演示地址，以当地公布的为准）', phone: '0434-003020', demo: true }, // 四平市铁西区
  '220303': { address: '四平市铁东区（演示地址，以当地公布的为准）', phone: '0434-003030', demo: true }, // 四平市铁东区
  '220322': { address: '四平市梨树县（演示地址，以当地公布的为准）', phone: '0434-003220', demo: true }, // 四平市梨树县
  '220323': { address: '四平市伊通满族自治县（演示地址，以当地公布的为准）', phone: '0434-003230', demo: true }, // 四平市伊通满族自治县
  '220382': { address: '四平市双辽市（演示地址，以当地公布的为准）', phone: '0434-003820', demo: true }, // 四平市双辽市
  '220402': { address: '辽源市龙山区（演示地址，以当地公布的为准）', phone: '0437-004020', demo: true }, // 辽源市龙山区
  '220403': { address: '辽源市西安区（演示地址，以当地公布的为准）', phone: '0437-004030', demo: true }, // 辽源市西安区
  '220421': { address: '辽源市东丰县（演示地址，以当地公布的为准）', phone: '0437-004210', demo: true }, // 辽源市东丰县
  '220422': { address: '辽源市东辽县（演示地址，以当地公布的为准）', phone: '0437-004220', demo: true }, // 辽源市东辽县
  '220502': { address: '通化市东昌区（演示地址，以当地公布的为准）', phone: '0435-005020', demo: true }, // 通化市东昌区
  '220503': { address: '通化市二道江区（演示地址，以当地公布的为准）', phone: '0435-005030', demo: true }, // 通化市二道江区
  '220521': { address: '通化市通化县（演示地址，以当地公布的为准）', phone: '0435-005210', demo: true }, // 通化市通化县
  '220523': { address: '通化市辉南县（演示地址，以当地公布的为准）', phone: '0435-005230', demo: true }, // 通化市辉南县
  '220524': { address: '通化市柳河县（演示地址，以当地公布的为准）', phone: '0435-005240', demo: true }, // 通化市柳河县
  '220581': { address: '通化市梅河口市（演示地址，以当地公布的为准）', phone: '0435-005810', demo: true }, // 通化市梅河口市
  '220582': { address: '通化市集安市（演示地址，以当地公布的为准）', phone: '0435-005820', demo: true }, // 通化市集安市
  '220602': { address: '白山市浑江区（演示地址，以当地公布的为准）', phone: '0439-006020', demo: true }, // 白山市浑江区
  '220605': { address: '白山市江源区（演示地址，以当地公布的为准）', phone: '0439-006050', demo: true }, // 白山市江源区
  '220621': { address: '白山市抚松县（演示地址，以当地公布的为准）', phone: '0439-006210', demo: true }, // 白山市抚松县
  '220622': { address: '白山市靖宇县（演示地址，以当地公布的为准）', phone: '0439-006220', demo: true }, // 白山市靖宇县
  '220623': { address: '白山市长白朝鲜族自治县（演示地址，以当地公布的为准）', phone: '0439-006230', demo: true }, // 白山市长白朝鲜族自治县
  '220681': { address: '白山市临江市（演示地址，以当地公布的为准）', phone: '0439-006810', demo: true }, // 白山市临江市
  '220702': { address: '松原市宁江区（演示地址，以当地公布的为准）', phone: '0438-007020', demo: true }, // 松原市宁江区
  '220721': { address: '松原市前郭尔罗斯蒙古族自治县（演示地址，以当地公布的为准）', phone: '0438-007210', demo: true }, // 松原市前郭尔罗斯蒙古族自治县
  '220722': { address: '松原市长岭县（演示地址，以当地公布的为准）', phone: '0438-007220', demo: true }, // 松原市长岭县
  '220723': { address: '松原市乾安县（演示地址，以当地公布的为准）', phone: '0438-007230', demo: true }, // 松原市乾安县
  '220781': { address: '松原市扶余市（演示地址，以当地公布的为准）', phone: '0438-007810', demo: true }, // 松原市扶余市
  '220802': { address: '白城市洮北区（演示地址，以当地公布的为准）', phone: '0436-008020', demo: true }, // 白城市洮北区
  '220821': { address: '白城市镇赉县（演示地址，以当地公布的为准）', phone: '0436-008210', demo: true }, // 白城市镇赉县
  '220822': { address: '白城市通榆县（演示地址，以当地公布的为准）', phone: '0436-008220', demo: true }, // 白城市通榆县
  '220881': { address: '白城市洮南市（演示地址，以当地公布的为准）', phone: '0436-008810', demo: true }, // 白城市洮南市
  '220882': { address: '白城市大安市（演示地址，以当地公布的为准）', phone: '0436-008820', demo: true }, // 白城市大安市
  '222401': { address: '延边朝鲜族自治州延吉市（演示地址，以当地公布的为准）', phone: '0433-024010', demo: true }, // 延边朝鲜族自治州延吉市
  '222402': { address: '延边朝鲜族自治州图们市（演示地址，以当地公布的为准）', phone: '0433-024020', demo: true }, // 延边朝鲜族自治州图们市
  '222403': { address: '延边朝鲜族自治州敦化市（演示地址，以当地公布的为准）', phone: '0433-024030', demo: true }, // 延边朝鲜族自治州敦化市
  '222404': { address: '延边朝鲜族自治州珲春市（演示地址，以当地公布的为准）', phone: '0433-024040', demo: true }, // 延边朝鲜族自治州珲春市
  '222405': { address: '延边朝鲜族自治州龙井市（演示地址，以当地公布的为准）', phone: '0433-024050', demo: true }, // 延边朝鲜族自治州龙井市
  '222406': { address: '延边朝鲜族自治州和龙市（演示地址，以当地公布的为准）', phone: '0433-024060', demo: true }, // 延边朝鲜族自治州和龙市
  '222424': { address: '延边朝鲜族自治州汪清县（演示地址，以当地公布的为准）', phone: '0433-024240', demo: true }, // 延边朝鲜族自治州汪清县
  '222426': { address: '延边朝鲜族自治州安图县（演示地址，以当地公布的为准）', phone: '0433-024260', demo: true }, // 延边朝鲜族自治州安图县
};

/** A bureau as pages and `GET /api/bureaus` show it. */
export interface Bureau extends CountyRef {
  cityAdcode: string;
  address: string;
  phone: string;
  /** `tel:` URI of the phone (digits only). */
  tel: string;
  hotline: typeof HOTLINE;
  demo: boolean;
  /** The site path of the bureau's handling statistics. */
  statsPath: string;
}

/**
 * The bureau of a county, with its contact.
 *
 * @example bureauOf(countyByAdcode('220102')!).tel // 'tel:0431001020'
 */
export function bureauOf(county: County): Bureau {
  const contact = BUREAU_DIRECTORY[county.adcode];
  if (!contact) throw new Error(`bureau directory: no entry for county ${county.adcode}`);
  return {
    ...countyRef(county),
    cityAdcode: county.cityAdcode,
    address: contact.address,
    phone: contact.phone,
    tel: `tel:${contact.phone.replace(/[^\d+]/g, '')}`,
    hotline: HOTLINE,
    demo: contact.demo,
    statsPath: `/stats/${county.adcode}/`,
  };
}

/** The bureau of a county code, or undefined for a code that is not a Jilin county-level unit. */
export function bureauByAdcode(adcode: string): Bureau | undefined {
  const county = countyByAdcode(adcode);
  return county ? bureauOf(county) : undefined;
}

/** All 60 bureaus in GB/T 2260 order. */
export function allBureaus(): Bureau[] {
  return allCounties()
    .slice()
    .sort((a, b) => (a.adcode < b.adcode ? -1 : 1))
    .map(bureauOf);
}
