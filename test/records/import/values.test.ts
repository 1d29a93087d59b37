import { describe, expect, it } from 'vitest';
import { cityByAdcode } from '../../../src/kernel/geo/admin.ts';
import {
  BOOLEAN_WORDS,
  type Cell,
  cleanText,
  creditCodeCheckChar,
  ENUM_SYNONYMS,
  ENUM_VALUES,
  type EnumName,
  embeddedCountyCodes,
  excelSerialToIso,
  halfWidthAlnum,
  isBlank,
  type Parsed,
  parseBoolean,
  parseCity,
  parseCoordinate,
  parseCounty,
  parseCreditCode,
  parseCrs,
  parseDate,
  parseEnum,
  parseOutfallCode,
  parsePhone,
  parseType,
  toHalfWidth,
  WRITTEN_BOOLEANS,
} from '../../../src/records/import/values.ts';

const value = <T>(r: Parsed<T>) => (r.ok ? r.value : undefined);
const code = <T>(r: Parsed<T>) => (r.ok ? 'ok' : r.code);

describe('text', () => {
  it.each<[string, string]>([
    ['１２５．３Ａｂ－', '125.3Ab-'],
    ['（）：　', '():' + ' '],
  ])('toHalfWidth(%j) = %j', (input, expected) => expect(toHalfWidth(input)).toBe(expected));

  it.each<[string, string]>([
    ['化学需氧量　６２ｍｇ／Ｌ（超标）', '化学需氧量 62mg／L（超标）'],
    ['ＡＢＣ１２３', 'ABC123'],
    ['长环审〔2021〕15号', '长环审〔2021〕15号'],
  ])('halfWidthAlnum keeps Chinese punctuation: %j', (input, expected) => expect(halfWidthAlnum(input)).toBe(expected));

  it.each<[Cell, string]>([
    ['  伊通河  ', '伊通河'],
    ['伊通河\n长春段', '伊通河 长春段'],
    ['\u200b伊通河\ufeff', '伊通河'],
    ['\u00a0南关区\u3000', '南关区'],
    [null, ''],
    [undefined, ''],
    [12345, '12345'],
    [125.5, '125.5'],
    [new Date(Date.UTC(2023, 4, 6)), '2023-05-06'],
    [true, 'true'],
    ["'+86 431 88888888", '+86 431 88888888'], // formula guard from a CSV export
    ["'=1+1", '=1+1'],
    ["'-", '-'],
    ["'伊通河", "'伊通河"], // an apostrophe before anything else is part of the text
  ])('cleanText(%j) = %j', (input, expected) => expect(cleanText(input)).toBe(expected));

  it.each<[Cell, boolean]>([
    ['', true],
    ['  ', true],
    [null, true],
    ['—', true],
    ['——', true],
    ['/', true],
    ['／', true],
    ['无', true],
    ['暂无', true],
    ['n/a', true],
    ['-', true],
    ['0', false],
    ['伊通河', false],
    [0, false],
  ])('isBlank(%j) = %j', (input, expected) => expect(isBlank(input)).toBe(expected));
});

describe('parseCoordinate', () => {
  const dms = 125 + 19 / 60 + 30.5 / 3600;
  it.each<[Cell, 'lng' | 'lat', number]>([
    ['125.3245', 'lng', 125.3245],
    [' 125.3245 ', 'lng', 125.3245],
    ['１２５．３２４５', 'lng', 125.3245],
    ['125.3245°', 'lng', 125.3245],
    [125.3245, 'lng', 125.3245],
    ['125°19′30.5″', 'lng', dms],
    ['125°19\'30.5"', 'lng', dms],
    ['125°19’30.5”', 'lng', dms],
    ["125°19'30.5''", 'lng', dms],
    ['125度19分30.5秒', 'lng', dms],
    ['125° 19′ 30.5″', 'lng', dms],
    ['E125°19′30.5″', 'lng', dms],
    ['125°19′30.5″E', 'lng', dms],
    ['东经125°19′30.5″', 'lng', dms],
    ['125º19′30.5″', 'lng', dms],
    ['125°19.5′', 'lng', 125 + 19.5 / 60],
    ['125°', 'lng', 125],
    ['北纬43°30′5.3″', 'lat', 43 + 30 / 60 + 5.3 / 3600],
    ['43°30′5.3″N', 'lat', 43 + 30 / 60 + 5.3 / 3600],
    ['N43.5', 'lat', 43.5],
  ])('%j (%s) → %f', (input, axis, expected) => expect(value(parseCoordinate(input, axis))).toBeCloseTo(expected, 9));

  it.each<[Cell, 'lng' | 'lat']>([
    ['', 'lng'],
    ['abc', 'lng'],
    ['125,3245', 'lng'],
    ['1253245', 'lng'], // decimal point lost
    ['125°75′00″', 'lng'], // minutes ≥ 60
    ['125°19′60″', 'lng'], // seconds ≥ 60
    ['125.5°19′', 'lng'], // decimal degrees with minutes
    ['125°19.5′30″', 'lng'], // decimal minutes with seconds
    ['北纬43.5', 'lng'], // latitude in the longitude column
    ['E125.3', 'lat'],
    ['W125.3', 'lng'], // western hemisphere
    ['S43.5', 'lat'],
    ['-125.3', 'lng'],
    [-125.3, 'lng'],
    ['E125.3E', 'lng'],
  ])('%j (%s) is invalid', (input, axis) => expect(code(parseCoordinate(input, axis))).toBe('coordinate_invalid'));
});

describe('dates', () => {
  it.each<[number, string | undefined]>([
    [1, undefined], // 1900-01-01: before 1949, implausible for a record
    [45052, '2023-05-06'],
    [45383, '2024-04-01'],
    [45052.75, '2023-05-06'], // time of day dropped
    [60, undefined], // Excel's fictitious 1900-02-29
    [0, undefined],
    [32874, '1990-01-01'],
    [73051, '2100-01-01'],
  ])('excelSerialToIso(%d) = %s', (serial, expected) => expect(excelSerialToIso(serial)).toBe(expected));

  it.each<[Cell, string]>([
    ['2023-05-06', '2023-05-06'],
    ['2023-5-6', '2023-05-06'],
    ['2023/5/6', '2023-05-06'],
    ['2023/05/06', '2023-05-06'],
    ['2023.5.6', '2023-05-06'],
    ['2023年5月6日', '2023-05-06'],
    ['2023年05月06日', '2023-05-06'],
    ['2023 年 5 月 6 日', '2023-05-06'],
    ['2023年5月6号', '2023-05-06'],
    ['２０２３年５月６日', '2023-05-06'],
    ['20230506', '2023-05-06'],
    ['2023-05-06 14:30', '2023-05-06'],
    ['2023/5/6 0:00:00', '2023-05-06'],
    ['45052', '2023-05-06'],
    [45052, '2023-05-06'],
    [new Date(Date.UTC(2023, 4, 6)), '2023-05-06'],
    [new Date(Date.UTC(2023, 4, 5, 23, 59, 59, 999)), '2023-05-06'], // serial rounding just before midnight
    ['2024-02-29', '2024-02-29'],
  ])('parseDate(%j) = %s', (input, expected) => expect(value(parseDate(input))).toBe(expected));

  it.each<Cell>([
    '2023-02-30',
    '2023-02-29',
    '2023-13-01',
    '2023-00-10',
    '2023年13月1日',
    '2023/5-6',
    '23-05-06',
    '06/05/2023',
    'May 6, 2023',
    '明年',
    '2025年底',
    '1900-01-01',
    '2101-01-01',
    'abcde',
    new Date(Number.NaN),
    60,
  ])('parseDate(%j) is invalid', (input) => expect(code(parseDate(input))).toBe('date_invalid'));

  it.each<[string, string]>([
    ['2025年底', '2025-12-31'],
    ['2025年末', '2025-12-31'],
    ['2024年6月底', '2024-06-30'],
    ['2024年2月', '2024-02-29'],
    ['2025年12月', '2025-12-31'],
    ['2023-06-30', '2023-06-30'],
  ])('deadline %j = %s', (input, expected) => expect(value(parseDate(input, { periodEnd: true }))).toBe(expected));

  it('a deadline month must exist', () => expect(code(parseDate('2024年13月底', { periodEnd: true }))).toBe('date_invalid'));
});

describe('parseBoolean', () => {
  it.each(Object.entries(BOOLEAN_WORDS))('word %j = %j', (word, expected) => expect(value(parseBoolean(word))).toBe(expected));
  it.each<[Cell, boolean]>([
    ['y', true],
    ['n', false],
    ['True', true],
    [' 是 ', true],
    ['１', true],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
  ])('%j = %j', (input, expected) => expect(value(parseBoolean(input))).toBe(expected));
  it.each(Object.entries(WRITTEN_BOOLEANS))('reads back what the exports write in %s', (_column, words) => {
    expect(value(parseBoolean(words.yes))).toBe(true);
    expect(value(parseBoolean(words.no))).toBe(false);
  });
  it.each<Cell>(['也许', '2', 2, '是否', ''])('%j is invalid', (input) => expect(code(parseBoolean(input))).toBe('boolean_invalid'));
});

describe('parseEnum', () => {
  const names = Object.keys(ENUM_VALUES) as EnumName[];
  it.each(names.flatMap((n) => ENUM_VALUES[n].map((v) => [n, v] as const)))('%s accepts its value %s', (name, v) => {
    expect(value(parseEnum(name, ` ${v} `))).toBe(v);
  });
  it.each(names.flatMap((n) => Object.entries(ENUM_SYNONYMS[n]).map(([s, v]) => [n, s, v] as const)))('%s synonym %s → %s', (name, synonym, v) => {
    expect(value(parseEnum(name, synonym))).toBe(v ?? undefined);
  });
  it('every synonym points at a real value', () => {
    for (const n of names) for (const v of Object.values(ENUM_SYNONYMS[n])) if (v !== null) expect(ENUM_VALUES[n]).toContain(v);
  });
  it.each<[EnumName, string]>([
    ['remediationStatus', '差不多了'],
    ['remediationRoute', '整治'],
    ['dischargeMode', '偶尔'],
    ['dischargeChannel', '飞'],
  ])('%s rejects %j and lists the values', (name, input) => {
    const r = parseEnum(name, input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('enum_unknown');
      expect(r.params?.expected).toBe(ENUM_VALUES[name].join('、'));
    }
  });
});

describe('identifiers', () => {
  it.each<[Cell, string]>([
    ['YTH220102CW0001', 'YTH220102CW0001'],
    [' yth220102cw0001 ', 'YTH220102CW0001'],
    ['ｙｔｈ２２０１０２ｃｗ０００１', 'YTH220102CW0001'],
    ['YTH-220102-CW-0001', 'YTH-220102-CW-0001'],
    ['YTH－220102—CW－0001', 'YTH-220102-CW-0001'],
    ['YTH 220102 CW 0001', 'YTH220102CW0001'],
    [2201020001, '2201020001'],
  ])('parseOutfallCode(%j) = %s', (input, expected) => expect(value(parseOutfallCode(input))).toBe(expected));
  it.each<[Cell, string]>([
    ['AB#12', 'code_invalid'],
    ['ABC', 'code_invalid'],
    ['-ABC12', 'code_invalid'],
    ['伊通河001', 'code_invalid'],
    ['A'.repeat(41), 'code_invalid'],
    [2.201020001e20, 'number_precision_lost'],
  ])('parseOutfallCode(%j) fails with %s', (input, expected) => expect(code(parseOutfallCode(input))).toBe(expected));

  it.each<[string, string[]]>([
    ['YTH220102CW0001', ['220102']],
    ['SH-222401-0001', ['222401']],
    ['YTH220199CW0001', []], // 220199 is no county
    ['ABC2201022204020', ['220102', '220402']],
    ['ABCDEF', []],
  ])('embeddedCountyCodes(%s) = %j', (input, expected) => expect(embeddedCountyCodes(input)).toEqual(expected));

  // Real published codes (Huawei, Tencent, Baidu) prove the GB 32100 weights and alphabet.
  it.each<[string, string]>([
    ['91440300192203821', '6'],
    ['91440300708461136', 'T'],
    ['91110000802100433', 'B'],
  ])('creditCodeCheckChar(%s) = %s', (first17, expected) => expect(creditCodeCheckChar(first17)).toBe(expected));
  it.each<[Cell, string]>([
    ['914403001922038216', '914403001922038216'],
    ['91440300708461136t', '91440300708461136T'],
    [' 9144 0300 7084 6113 6T ', '91440300708461136T'],
    ['９１４４０３００７０８４６１１３６Ｔ', '91440300708461136T'],
  ])('parseCreditCode(%j) = %s', (input, expected) => expect(value(parseCreditCode(input))).toBe(expected));
  it.each<[Cell, string]>([
    ['914403001922038217', 'check digit'],
    ['91440300708461136X', 'check digit'],
    ['9144030070846113', 'format'], // 16 characters
    ['9144030070846113IT', 'format'], // I is not in the alphabet
    ['91440300A08461136T', 'format'], // characters 3–8 are the division code, digits only
    ['无', 'format'],
  ])('parseCreditCode(%j) fails (%s)', (input, why) => {
    const r = parseCreditCode(input);
    expect(code(r)).toBe('credit_code_invalid');
    if (!r.ok) expect(String(r.params?.reason)).toContain(why === 'format' ? '18 位' : '校验码');
  });
  it('a credit code that Excel stored as a number lost its digits', () =>
    // biome-ignore lint/correctness/noPrecisionLoss: the point of the test: Excel stores a credit code as a double and loses digits
    expect(code(parseCreditCode(914403001922038216))).toBe('number_precision_lost'));

  it.each<[Cell, string]>([
    ['0431-88888888', '0431-88888888'],
    ['０４３１－８８８８８８８８', '0431-88888888'],
    ['0431—88888888', '0431-88888888'],
    ['(0431) 8888 8888', '(0431) 8888 8888'],
    ['+86 431 88888888', '+86 431 88888888'],
    ['12369', '12369'],
    [12369, '12369'],
    ["'+86 431 88888888", '+86 431 88888888'],
  ])('parsePhone(%j) = %s', (input, expected) => expect(value(parsePhone(input))).toBe(expected));
  it.each<Cell>(['0431-8888 转 123', '0431-88888888、0431-88888889', '1234', 'tel:12369', '1'.repeat(31)])('parsePhone(%j) is invalid', (input) =>
    expect(code(parsePhone(input))).toBe('phone_invalid'),
  );
});

describe('parseCrs', () => {
  it.each<[string, string]>([
    ['WGS84', 'WGS84'],
    ['wgs84', 'WGS84'],
    ['WGS-84', 'WGS84'],
    ['WGS 84', 'WGS84'],
    ['WGS1984', 'WGS84'],
    ['EPSG:4326', 'WGS84'],
    ['CGCS2000', 'CGCS2000'],
    ['cgcs 2000', 'CGCS2000'],
    ['国家2000', 'CGCS2000'],
    ['2000国家大地坐标系', 'CGCS2000'],
    ['ＣＧＣＳ２０００', 'CGCS2000'],
    ['GCJ-02', 'GCJ-02'],
    ['gcj02', 'GCJ-02'],
    ['GCJ_02', 'GCJ-02'],
    ['高德', 'GCJ-02'],
    ['火星坐标系', 'GCJ-02'],
    ['国测局坐标', 'GCJ-02'],
  ])('%j = %s', (input, expected) => expect(value(parseCrs(input))).toBe(expected));
  it.each(['BD-09', 'bd09', '百度', 'Beijing54', 'Xian80', 'UTM'])('%j is unknown', (input) => expect(code(parseCrs(input))).toBe('crs_unknown'));
});

describe('parseType', () => {
  it.each<[string, Record<string, string>]>([
    ['工业排污口', { level1Key: 'industrial', level1: '工业排污口' }],
    ['工矿企业排污口', { level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口' }],
    ['矿山排污口', { level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口', level3: '矿山排污口' }],
    ['城镇污水处理厂排污口', { level1Key: 'municipal', level1: '城镇污水处理厂排污口', level2: '城镇污水处理厂排污口' }],
    ['农业排口', { level1Key: 'agricultural', level1: '农业排口' }],
    ['规模化畜禽养殖排污口', { level1Key: 'agricultural', level1: '农业排口', level2: '规模化畜禽养殖排污口' }],
    ['城镇雨洪排口', { level1Key: 'other', level1: '其他排口', level2: '城镇雨洪排口' }],
    ['城镇雨洪排污口', { level1Key: 'other', level1: '其他排口', level2: '城镇雨洪排口' }],
    ['其它排口', { level1Key: 'other', level1: '其他排口' }],
    [' 农村生活污水散排口 ', { level1Key: 'other', level1: '其他排口', level2: '农村生活污水散排口' }],
    ['工业排污口/工矿企业排污口', { level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口' }],
    ['工业排污口－工矿企业排污口－尾矿库排污口', { level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口', level3: '尾矿库排污口' }],
    ['其他排口、港口码头排口', { level1Key: 'other', level1: '其他排口', level2: '港口码头排口' }],
  ])('%j', (input, expected) => expect(value(parseType(input))).toEqual(expected));
  it.each(['工业废水口', '农业排口/城镇雨洪排口', '排污口', ''])('%j is unknown', (input) => expect(code(parseType(input))).toBe('type_unknown'));
});

describe('administrative units', () => {
  it.each<[Cell, string]>([
    ['长春市', '220100'],
    ['长春', '220100'],
    ['220100', '220100'],
    ['吉林省长春市', '220100'],
    ['延边州', '222400'],
    ['延边朝鲜族自治州', '222400'],
    ['延边', '222400'],
    ['吉林市', '220200'],
    ['２２０２００', '220200'],
  ])('parseCity(%j) = %s', (input, expected) => expect(value(parseCity(input))?.adcode).toBe(expected));
  it.each<Cell>(['北京市', '220000', '229900', '长'])('parseCity(%j) is unknown', (input) => expect(code(parseCity(input))).toBe('city_unknown'));

  const changchun = cityByAdcode('220100')!;
  const jilin = cityByAdcode('220200')!;
  const siping = cityByAdcode('220300')!;
  it.each<[Cell, string | undefined, string, boolean?]>([
    ['南关区', undefined, '220102'],
    ['公主岭市', undefined, '220184'],
    ['公主岭', undefined, '220184'],
    ['前郭', undefined, '220721'],
    ['前郭县', undefined, '220721'],
    ['伊通', undefined, '220323'],
    ['长白县', undefined, '220623'],
    ['220102', undefined, '220102'],
    ['222401', undefined, '222401'],
    ['南关区', '220100', '220102'],
    ['二道区', '220100', '220105'],
    ['二道', '220100', '220105'], // scoped by the city
    ['长春市南关区', undefined, '220102'],
    ['吉林省长春市南关区', undefined, '220102'],
    ['延边州延吉市', undefined, '222401'],
    ['220381', undefined, '220184', true], // 公主岭's code before 2020
    ['220381', '220300', '220184', true],
    ['公主岭市', '220300', '220184', true], // still filed under 四平
  ])('parseCounty(%j, city %s) = %s', (input, city, expected, superseded) => {
    const r = parseCounty(input, city ? { '220100': changchun, '220200': jilin, '220300': siping }[city] : undefined);
    expect(value(r)?.county.adcode).toBe(expected);
    expect(value(r)?.superseded ?? false).toBe(superseded ?? false);
  });
  it.each<[Cell, string | undefined, string]>([
    ['不存在县', undefined, 'county_unknown'],
    ['220199', undefined, 'county_unknown'],
    ['110101', undefined, 'county_unknown'],
    ['二道', undefined, 'county_ambiguous'],
    ['南关区', '220200', 'county_not_in_city'],
    ['220102', '220200', 'county_not_in_city'],
    ['长春市南关区', '220200', 'county_not_in_city'],
    ['220381', '220200', 'county_not_in_city'],
  ])('parseCounty(%j, city %s) fails with %s', (input, city, expected) => {
    const r = parseCounty(input, city ? { '220100': changchun, '220200': jilin }[city] : undefined);
    expect(code(r)).toBe(expected);
  });
  it('names both sides when the county is not in the city', () => {
    const r = parseCounty('南关区', jilin);
    expect(r.ok ? {} : r.params).toEqual({ county: '南关区', city: '吉林市' });
  });
});
