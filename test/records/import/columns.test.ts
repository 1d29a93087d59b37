import { describe, expect, it } from 'vitest';
import { COLUMNS, columnForPath, matchHeader, normaliseHeader, stripTrailingUnit } from '../../../src/records/import/columns.ts';

describe('header normalisation', () => {
  it.each<[string, string]>([
    ['所在县（市、区）', '所在县(市、区)'],
    [' 所在县 (市、区) ', '所在县(市、区)'],
    ['所在县\n（市、区）', '所在县(市、区)'],
    ['*排污口编码', '排污口编码'],
    ['排污口编码*', '排污口编码'],
    ['经度【°】', '经度(°)'],
    ['ＷＧＳ８４经度', 'WGS84经度'],
    ['\ufeff排污口编码', '排污口编码'],
  ])('normaliseHeader(%j) = %j', (input, expected) => expect(normaliseHeader(input)).toBe(expected));

  it.each<[string, string]>([
    ['经度(°)', '经度'],
    ['更新日期(年月日)', '更新日期'],
    ['所在县(市、区)', '所在县'],
    ['经度', '经度'],
  ])('stripTrailingUnit(%j) = %j', (input, expected) => expect(stripTrailingUnit(input)).toBe(expected));
});

describe('matchHeader', () => {
  it('matches every canonical header and every alias to its own column', () => {
    for (const c of COLUMNS) for (const h of [c.header, ...(c.aliases ?? [])]) expect(matchHeader(h)?.key, h).toBe(c.key);
  });

  it.each<[string, string]>([
    ['排污口编码', 'code'],
    ['所在县（市、区）', 'county'],
    ['所在县(市、区)', 'county'],
    ['所在县（市，区）', 'county'],
    ['所在县 （市、区）', 'county'],
    ['所在市（州）', 'city'],
    ['经度（°）', 'lng'],
    ['经度(°)', 'lng'],
    ['经度 （°）', 'lng'],
    ['纬度（度）', 'lat'],
    ['*更新日期（年月日）', 'updatedAt'],
    ['设置审批／备案文号', 'approvalNumber'],
    ['设置审批/备案文号', 'approvalNumber'],
    ['审批/备案日期', 'approvalDate'],
    ['水功能区', 'functionZone'],
    ['水质目标', 'qualityTarget'],
    ['坐标系', 'crs'],
  ])('%j → %s', (header, key) => expect(matchHeader(header)?.key).toBe(key));

  it.each(['备注', '序号', '', '   ', '经纬度', '排污口'])('%j matches nothing', (header) => expect(matchHeader(header)).toBeUndefined());
});

describe('columnForPath', () => {
  it.each<[(string | number)[], string]>([
    [['code'], '排污口编码'],
    [['type', 'level1'], '排污口类型'],
    [['cityAdcode'], '所在县（市、区）'],
    [['receivingWater', 'name'], '受纳水体'],
    [['receivingWater', 'qualityTarget'], '水质目标'],
    [['responsibleEntity', 'creditCode'], '统一社会信用代码'],
    [['supervisor', 'phone'], '监管部门联系电话'],
    [['approval', 'number'], '设置审批/备案文号'],
    [['remediation', 'deadline'], '整治完成时限'],
    [['monitoring', 'result'], '最近监测结果'],
  ])('%j → %s', (path, header) => expect(columnForPath(path)?.header).toBe(header));
});
