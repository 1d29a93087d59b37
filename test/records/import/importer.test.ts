import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../../src/kernel/geo/gcj02.ts';
import { importFile, importTable } from '../../../src/records/import/importer.ts';
import { hasErrors, type Problem } from '../../../src/records/import/problems.ts';
import type { Table } from '../../../src/records/import/read.ts';
import { type OutfallRecord, outfallRecordSchema } from '../../../src/records/schema.ts';
import { FIXTURE_DIR, HEADERS, POINTS, writeFixtures } from '../../fixtures/import/make-fixtures.ts';

const fixture = (name: string) => join(FIXTURE_DIR, name);
const where = (problems: Problem[]) => problems.map((p) => [p.row, p.column, p.code, p.severity]);

const tmp = mkdtempSync(join(tmpdir(), 'import-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The seven outfalls of the good fixtures, as the published records they must become. */
const EXPECTED: OutfallRecord[] = [
  {
    code: 'YTH220102CW0001',
    name: '伊通河南关区南部污水处理厂排污口',
    type: { level1Key: 'municipal', level1: '城镇污水处理厂排污口', level2: '城镇污水处理厂排污口' },
    cityAdcode: '220100',
    cityName: '长春市',
    countyAdcode: '220102',
    countyName: '南关区',
    lng: 125.331245,
    lat: 43.801167,
    receivingWater: { name: '伊通河', functionZone: '伊通河长春市开发利用区', qualityTarget: 'Ⅳ类' },
    dischargeMode: '连续',
    dischargeChannel: '管道',
    responsibleEntity: { name: '长春市南部污水处理有限公司', creditCode: '91220101MA0Y3K7P0D' },
    supervisor: { name: '长春市生态环境局南关区分局', phone: '0431-84651234' },
    approval: { number: '长环审〔2021〕15号', date: '2021-06-18' },
    remediation: { route: '规范整治', status: '已完成', deadline: '2023-12-31' },
    retained: true,
    signboard: true,
    monitoring: { date: '2025-03-12', result: '达标' },
    updatedAt: '2025-04-01',
  },
  {
    code: 'SHJ220702GQ0002',
    name: '松花江宁江区松原精细化工有限公司排污口',
    type: { level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口', level3: '工业企业排污口' },
    cityAdcode: '220700',
    cityName: '松原市',
    countyAdcode: '220702',
    countyName: '宁江区',
    lng: 124.823456,
    lat: 45.168912,
    receivingWater: { name: '松花江', functionZone: '松花江松原市开发利用区', qualityTarget: 'Ⅲ类' },
    dischargeMode: '间歇',
    dischargeChannel: '明渠',
    responsibleEntity: { name: '松原精细化工有限公司', creditCode: '91220700MA14X2R58U' },
    supervisor: { name: '松原市生态环境局宁江区分局', phone: '0438-6123456' },
    approval: { number: '松环备〔2022〕3号', date: '2022-03-09' },
    remediation: { route: '规范整治', status: '整治中', deadline: '2025-12-31' },
    retained: true,
    signboard: true,
    monitoring: { date: '2025-02-20', result: '超标（化学需氧量 62 mg/L）' },
    updatedAt: '2025-04-02',
  },
  {
    code: 'CGH220721SC0003',
    name: '查干湖前郭县渔场水产养殖排污口',
    type: { level1Key: 'agricultural', level1: '农业排口', level2: '规模化水产养殖排污口' },
    cityAdcode: '220700',
    cityName: '松原市',
    countyAdcode: '220721',
    countyName: '前郭尔罗斯蒙古族自治县',
    lng: 124.301234,
    lat: 45.251234,
    receivingWater: { name: '查干湖', qualityTarget: 'Ⅲ类' },
    dischargeMode: '季节性',
    dischargeChannel: '涵闸',
    responsibleEntity: { name: '前郭尔罗斯蒙古族自治县查干湖渔场' },
    supervisor: { name: '松原市生态环境局前郭县分局' },
    remediation: { route: '清理合并', status: '整治中', deadline: '2024-06-30' },
    retained: false,
    signboard: false,
    updatedAt: '2025-03-28',
  },
  {
    code: 'BEH222401CY0004',
    name: '布尔哈通河延吉市河南街道城镇雨洪排口',
    type: { level1Key: 'other', level1: '其他排口', level2: '城镇雨洪排口' },
    cityAdcode: '222400',
    cityName: '延边朝鲜族自治州',
    countyAdcode: '222401',
    countyName: '延吉市',
    lng: 129.512345,
    lat: 42.891234,
    receivingWater: { name: '布尔哈通河' },
    dischargeMode: '季节性',
    dischargeChannel: '暗渠',
    responsibleEntity: { name: '延吉市人民政府河南街道办事处' },
    supervisor: { name: '延边州生态环境局延吉市分局', phone: '0433-2512345' },
    remediation: { status: '待整治', deadline: '2025-12-31' },
    retained: true,
    signboard: false,
    updatedAt: '2025-04-03',
  },
  {
    code: 'DLH220184XQ0005',
    name: '东辽河公主岭市丰泽牧业有限公司养殖排污口',
    type: { level1Key: 'agricultural', level1: '农业排口', level2: '规模化畜禽养殖排污口' },
    cityAdcode: '220100',
    cityName: '长春市',
    countyAdcode: '220184',
    countyName: '公主岭市',
    lng: 124.8201389,
    lat: 43.5014722,
    receivingWater: { name: '东辽河', qualityTarget: 'Ⅳ类' },
    dischargeMode: '间歇',
    dischargeChannel: '明渠',
    responsibleEntity: { name: '公主岭市丰泽牧业有限公司', creditCode: '91220184MA17L8B2XE' },
    supervisor: { name: '长春市生态环境局公主岭市分局', phone: '0434-6212345' },
    approval: { number: '公环审〔2020〕8号', date: '2020-11-05' },
    remediation: { route: '规范整治', status: '已完成', deadline: '2022-10-31' },
    retained: true,
    signboard: true,
    monitoring: { date: '2024-11-15', result: '达标' },
    updatedAt: '2025-01-10',
  },
  {
    code: 'HJ220502GK0006',
    name: '浑江东昌区通化金源矿业有限公司排污口',
    type: { level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口' },
    cityAdcode: '220500',
    cityName: '通化市',
    countyAdcode: '220502',
    countyName: '东昌区',
    lng: 125.951234,
    lat: 41.731234,
    receivingWater: { name: '浑江', qualityTarget: 'Ⅱ类' },
    dischargeMode: '连续',
    dischargeChannel: '管道',
    responsibleEntity: { name: '通化金源矿业有限公司', creditCode: '91220502MA0Y8C3U15' },
    supervisor: { name: '通化市生态环境局东昌区分局', phone: '0435-3212345' },
    remediation: { route: '依法取缔', status: '已销号', deadline: '2023-06-30' },
    retained: false,
    signboard: false,
    monitoring: { date: '2023-05-06', result: '已停止排放' },
    updatedAt: '2025-02-14',
  },
  {
    code: 'TEH220802NS0007',
    name: '洮儿河洮北区平台镇农村生活污水散排口',
    type: { level1Key: 'other', level1: '其他排口', level2: '农村生活污水散排口' },
    cityAdcode: '220800',
    cityName: '白城市',
    countyAdcode: '220802',
    countyName: '洮北区',
    lng: 122.801234,
    lat: 45.601234,
    receivingWater: { name: '洮儿河' },
    dischargeMode: '间歇',
    dischargeChannel: '其他',
    responsibleEntity: { name: '白城市洮北区平台镇人民政府' },
    supervisor: { name: '白城市生态环境局洮北区分局', phone: '0436-3212345' },
    remediation: { route: '规范整治', status: '待整治', deadline: '2025-12-31' },
    retained: true,
    signboard: false,
    updatedAt: '2024-04-01',
  },
];

describe('good files: CSV UTF-8 with BOM, CSV GB18030 and XLSX yield the same records', () => {
  it.each<[string, string, string | null, number, [number, string, string, string][]]>([
    ['good-utf8-bom.csv', 'csv', 'utf-8', 1, []],
    ['good-gb18030.csv', 'csv', 'gb18030', 1, []],
    // A title row above the header, and an extra 备注 column ignored with a notice.
    ['good.xlsx', 'xlsx', null, 2, [[2, '备注', 'column_unknown', 'notice']]],
  ])('%s', async (file, format, encoding, headerRow, problems) => {
    const r = await importFile(fixture(file));
    expect(where(r.problems)).toEqual(problems);
    expect([r.format, r.encoding, r.headerRow, r.dataRows]).toEqual([format, encoding, headerRow, 7]);
    expect(r.records).toEqual(EXPECTED);
    expect(r.recordRows).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => i + headerRow));
    expect(r.source).toBe(file);
    expect(r.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    // Byte-equal JSON, not just deep-equal: no undefined keys, same key order, so hashes agree.
    expect(JSON.stringify(r.records)).toBe(JSON.stringify(EXPECTED));
  });

  it('the expected records are valid published records inside their counties', () => {
    for (const [i, r] of EXPECTED.entries()) {
      expect(outfallRecordSchema.parse(r)).toEqual(r);
      expect(r.countyAdcode).toBe(POINTS[i]!.county);
    }
  });

  it('the committed fixtures are what make-fixtures.ts writes', async () => {
    const dir = join(tmp, 'regenerated');
    const files = await writeFixtures(dir);
    for (const f of files.filter((n) => n.endsWith('.csv'))) {
      expect(readFileSync(join(dir, f)), f).toEqual(readFileSync(fixture(f)));
    }
    // XLSX zips carry timestamps, so compare what it imports to rather than its bytes.
    expect((await importFile(join(dir, 'good.xlsx'))).records).toEqual(EXPECTED);
  });
});

describe('the broken file', () => {
  it('reports every problem at once, in row and column order', async () => {
    const r = await importFile(fixture('broken.csv'));
    expect(where(r.problems)).toEqual([
      [1, '标识牌', 'column_missing', 'error'],
      [1, '备注', 'column_unknown', 'notice'],
      [3, '经度', 'coordinate_outside_jilin', 'error'],
      [4, '经度', 'coordinate_outside_jilin', 'error'],
      [5, '排污口编码', 'code_county_mismatch', 'warning'],
      [5, '所在县（市、区）', 'county_mismatch', 'warning'],
      [6, '整治状态', 'enum_unknown', 'error'],
      [6, '是否保留', 'boolean_invalid', 'error'],
      [6, '更新日期', 'date_invalid', 'error'],
      [7, '排污口编码', 'duplicate_code', 'error'],
      [8, '排污口名称', 'required_missing', 'error'],
      [8, '排污口类型', 'type_unknown', 'error'],
      // row 9 is a blank line: skipped, but counted, as a spreadsheet shows it
      [10, '坐标系', 'crs_unknown', 'error'],
      [10, '统一社会信用代码', 'credit_code_invalid', 'error'],
      [10, '监管部门联系电话', 'phone_invalid', 'error'],
      [11, '排污口编码', 'code_invalid', 'error'],
      [11, '所在市州', 'city_unknown', 'error'],
      [11, '所在县（市、区）', 'county_unknown', 'error'],
      [12, '经度', 'coordinate_invalid', 'error'],
      [12, '最近监测日期', 'date_invalid', 'error'],
      [12, '最近监测结果', 'required_missing', 'error'],
      [13, '所在县（市、区）', 'county_not_in_city', 'error'],
      [14, '排污口名称', 'text_too_long', 'error'],
      [14, '排放方式', 'enum_unknown', 'error'],
      [15, '所在县（市、区）', 'county_ambiguous', 'error'],
      [15, '受纳水体', 'required_missing', 'error'],
      [16, '设置审批/备案文号', 'required_missing', 'error'],
      [16, '整治完成时限', 'date_invalid', 'error'],
    ]);
    expect(hasErrors(r.problems)).toBe(true);
    // The 标识牌 column is missing, so no row can become a record.
    expect(r.records).toEqual([]);
    expect(r.dataRows).toBe(14);
  });

  it('each problem names the bad value and says in Chinese what was expected', async () => {
    const { problems } = await importFile(fixture('broken.csv'));
    const at = (row: number, code: string) => problems.find((p) => p.row === row && p.code === code)!;
    expect(at(3, 'coordinate_outside_jilin')).toMatchObject({ value: '116.397, 39.909', message: '坐标（经度 116.397，纬度 39.909）不在吉林省境内' });
    expect(at(4, 'coordinate_outside_jilin').message).toContain('经度和纬度可能填反了');
    expect(at(5, 'county_mismatch')).toMatchObject({ value: '宽城区', message: expect.stringContaining('坐标位于长春市南关区，与所填的长春市宽城区不一致') });
    expect(at(5, 'code_county_mismatch').message).toBe('编码中的行政区划代码 220104（朝阳区）与所填的宽城区（220103）不一致');
    expect(at(6, 'date_invalid').value).toBe('2023-02-30');
    expect(at(6, 'enum_unknown').message).toBe('无法识别的取值；应为 待整治、整治中、已完成、已销号 之一');
    expect(at(7, 'duplicate_code').message).toBe('排污口编码 YTH220102CW0001 与第 2 行重复；同一文件中编码必须唯一');
    expect(at(8, 'required_missing')).toMatchObject({ value: null, message: '“排污口名称”为必填项，不能为空' });
    expect(at(10, 'credit_code_invalid')).toMatchObject({ value: '91220101MA0Y3K7P0X', message: expect.stringContaining('校验码') });
    expect(at(12, 'required_missing').message).toBe('填写了“最近监测日期”时，“最近监测结果”也必须填写');
    expect(at(13, 'county_not_in_city').message).toContain('南关区不属于吉林市');
    expect(at(14, 'text_too_long').message).toBe('内容过长：最多 120 个字');
    expect(at(15, 'county_ambiguous').message).toContain('长春市二道区、通化市二道江区');
    for (const p of problems) {
      expect(p.message, p.code).toMatch(/[\u4e00-\u9fff]/);
      expect(p.message, p.code).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('coordinate systems', () => {
  const metres = (a: [number, number], b: [number, number]) => Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 111_320);

  it('GCJ-02 rows (坐标系 column) are converted to WGS84', async () => {
    const r = await importFile(fixture('gcj02.csv'));
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => x.code)).toEqual(EXPECTED.map((x) => x.code));
    r.records.forEach((rec, i) => {
      const p = POINTS[i]!;
      // The file holds GCJ-02 rounded to 6 decimals (≈0.1 m): the result is back on the WGS84 point.
      expect(metres([rec.lng, rec.lat], [p.lng, p.lat])).toBeLessThan(0.2);
      // …and the conversion really moved it: GCJ-02 is hundreds of metres off in Jilin.
      expect(metres(wgs84ToGcj02(p.lng, p.lat), [p.lng, p.lat])).toBeGreaterThan(200);
      expect(rec.countyAdcode).toBe(p.county);
    });
    // Everything but the coordinates is the same as in the WGS84 file.
    const strip = (x: OutfallRecord) => ({ ...x, lng: 0, lat: 0 });
    expect(r.records.map(strip)).toEqual(EXPECTED.map(strip));
  });

  it('--crs GCJ-02 sets the system for a file without the column', async () => {
    const withColumn = await importFile(fixture('gcj02.csv'));
    const flag = await importFile(fixture('gcj02-no-crs-column.csv'), { crs: 'GCJ-02' });
    expect(flag.problems).toEqual([]);
    expect(flag.records).toEqual(withColumn.records);
  });

  it('without the column or the flag, WGS84 is assumed and a notice says so', async () => {
    const r = await importFile(fixture('gcj02-no-crs-column.csv'));
    expect(where(r.problems)).toEqual([[null, '坐标系', 'crs_assumed', 'notice']]);
    expect(r.problems[0]!.message).toContain('--crs GCJ-02');
    expect(r.records[0]!.lng).toBeCloseTo(wgs84ToGcj02(POINTS[0]!.lng, POINTS[0]!.lat)[0], 6);
  });

  it('the column wins over the flag', async () => {
    const r = await importFile(fixture('good-utf8-bom.csv'), { crs: 'GCJ-02' });
    expect(r.records).toEqual(EXPECTED);
  });
});

describe('warnings do not block', () => {
  it('a county mismatch and a pre-2020 公主岭 code are warnings; the records are produced', async () => {
    const r = await importFile(fixture('warnings.csv'));
    expect(where(r.problems)).toEqual([
      [2, '排污口编码', 'code_county_mismatch', 'warning'],
      [2, '所在县（市、区）', 'county_mismatch', 'warning'],
      [3, '所在县（市、区）', 'county_code_superseded', 'warning'],
    ]);
    expect(hasErrors(r.problems)).toBe(false);
    expect(r.records.map((x) => [x.code, x.countyAdcode, x.cityAdcode])).toEqual([
      ['YTH220102CW0101', '220104', '220100'], // the stated county is kept; the warning asks a person to check
      ['DLH220381XQ0102', '220184', '220100'],
    ]);
  });
});

describe('file-level problems', () => {
  const write = (name: string, content: string | Uint8Array) => {
    const p = join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  const header = HEADERS.join(',');

  it.each<[string, string | Uint8Array, [number | null, string | null, string, string][]]>([
    ['empty.csv', '', [[null, null, 'file_empty', 'error']]],
    ['header-only.csv', `${header}\r\n\r\n`, [[null, null, 'file_empty', 'error']]],
    ['no-header.csv', 'a,b,c\n1,2,3\n', [[null, null, 'header_not_found', 'error']]],
    ['legacy.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), [[null, null, 'file_unsupported', 'error']]],
    ['broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), [[null, null, 'file_unreadable', 'error']]],
    ['quote.csv', `${header}\n"YTH,`, [[null, null, 'file_unreadable', 'error']]],
    [
      'missing-and-duplicate.csv',
      '排污口编码,排污口名称,经度,纬度,经度（°）\nYTH220102CW0001,伊通河排污口,125.331245,43.801167,125.331245\n',
      [
        [null, '坐标系', 'crs_assumed', 'notice'],
        [1, '排污口类型', 'column_missing', 'error'],
        [1, '所在县（市、区）', 'column_missing', 'error'],
        [1, '经度', 'column_duplicate', 'error'],
        [1, '受纳水体', 'column_missing', 'error'],
        [1, '责任主体', 'column_missing', 'error'],
        [1, '监管部门', 'column_missing', 'error'],
        [1, '整治状态', 'column_missing', 'error'],
        [1, '是否保留', 'column_missing', 'error'],
        [1, '标识牌', 'column_missing', 'error'],
        [1, '更新日期', 'column_missing', 'error'],
      ],
    ],
  ])('%s', async (name, content, expected) => {
    const r = await importFile(write(name, content));
    expect(where(r.problems)).toEqual(expected);
    expect(r.records).toEqual([]);
  });
});

describe('importTable on typed cells', () => {
  const row = (over: Record<string, unknown>) => HEADERS.map((h) => (h in over ? over[h] : ({ ...BASE }[h] ?? null)));
  const BASE: Record<string, unknown> = {
    排污口编码: 'YTH220102CW0001',
    排污口名称: '伊通河排污口',
    排污口类型: '城镇雨洪排口',
    '所在县（市、区）': '南关区',
    经度: 125.331245,
    纬度: 43.801167,
    受纳水体: '伊通河',
    责任主体: '长春市南关区人民政府',
    监管部门: '长春市生态环境局南关区分局',
    整治状态: '待整治',
    是否保留: true,
    标识牌: false,
    更新日期: new Date(Date.UTC(2025, 3, 1)),
    坐标系: 'WGS84',
  };
  const table = (...rows: unknown[][]): Table => ({
    format: 'xlsx',
    rows: [HEADERS as unknown as unknown[], ...rows].map((cells, i) => ({ number: i + 1, cells: cells as never })),
  });

  it('a credit code stored as a number has lost digits: an error, not a silent wrong code', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: the point of the test: Excel stores a credit code as a double and loses digits
    const r = importTable(table(row({ 统一社会信用代码: 914403001922038216 })));
    expect(where(r.problems)).toEqual([[2, '统一社会信用代码', 'number_precision_lost', 'error']]);
  });

  it('a monitoring result without a date is incomplete', () => {
    const r = importTable(table(row({ 最近监测结果: '达标' })));
    expect(where(r.problems)).toEqual([[2, '最近监测日期', 'required_missing', 'error']]);
  });

  it('a point within 1 km of the stated county is worded as a border effect', () => {
    // 125.3211,43.8355 is in 南关区, about 120 m from 朝阳区.
    const r = importTable(table(row({ 排污口编码: 'YTH220104CW0001', '所在县（市、区）': '朝阳区', 经度: 125.3211, 纬度: 43.8355 })));
    expect(where(r.problems)).toEqual([[2, '所在县（市、区）', 'county_mismatch', 'warning']]);
    expect(r.problems[0]!.message).toMatch(/距长春市朝阳区边界约 \d+ 米/);
  });

  it('an approval number without a date is a complete approval', () => {
    const r = importTable(table(row({ '设置审批/备案文号': '长环审〔2021〕15号' })));
    expect(r.problems).toEqual([]);
    expect(r.records[0]!.approval).toEqual({ number: '长环审〔2021〕15号' });
  });

  it('only rows without errors become records (the CLI still rejects the whole file)', () => {
    const r = importTable(table(row({}), row({ 排污口编码: 'YTH220102CW0002', 更新日期: '2025-02-30' }), row({ 排污口编码: 'YTH220102CW0003' })));
    expect(where(r.problems)).toEqual([[3, '更新日期', 'date_invalid', 'error']]);
    expect(r.records.map((x) => x.code)).toEqual(['YTH220102CW0001', 'YTH220102CW0003']);
    expect(r.recordRows).toEqual([2, 4]);
  });

  it('a row with an unknown crs keeps its coordinates out of the checks', () => {
    const r = importTable(table(row({ 坐标系: 'BD-09', 经度: 1, 纬度: 1 })));
    expect(where(r.problems)).toEqual([[2, '坐标系', 'crs_unknown', 'error']]);
  });
});
