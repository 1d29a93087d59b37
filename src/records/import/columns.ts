/**
 * The columns of a published records file: the Chinese header the province uses, the record field
 * it fills, and whether the column must be present. Kept as data so that header matching, error
 * messages (which name the column) and the mapping of schema errors back to columns share one list.
 */

export type FieldKey =
  | 'code'
  | 'name'
  | 'type'
  | 'city'
  | 'county'
  | 'lng'
  | 'lat'
  | 'crs'
  | 'receivingWater'
  | 'functionZone'
  | 'qualityTarget'
  | 'waterSystem'
  | 'dischargeMode'
  | 'dischargeChannel'
  | 'responsibleEntity'
  | 'creditCode'
  | 'supervisor'
  | 'supervisorPhone'
  | 'approvalNumber'
  | 'approvalDate'
  | 'remediationRoute'
  | 'remediationStatus'
  | 'remediationDeadline'
  | 'retained'
  | 'signboard'
  | 'monitoringDate'
  | 'monitoringResult'
  | 'updatedAt';

export interface ColumnDef {
  key: FieldKey;
  /** Canonical Chinese header, used in every message about the column. */
  header: string;
  /** Whether a file without this column is rejected (its field is required in every record). */
  required: boolean;
  /** Other headers seen in provincial and county templates. */
  aliases?: readonly string[];
  /** Record paths (dot-joined, as in zod issue paths) that this column fills. */
  paths: readonly string[];
}

/** In the order of the province's template; problems within a row are listed in this order. */
export const COLUMNS: readonly ColumnDef[] = [
  { key: 'code', header: '排污口编码', required: true, aliases: ['排污口代码', '排污口编号', '编码'], paths: ['code'] },
  { key: 'name', header: '排污口名称', required: true, aliases: ['名称'], paths: ['name'] },
  { key: 'type', header: '排污口类型', required: true, aliases: ['排污口分类', '类型'], paths: ['type'] },
  { key: 'city', header: '所在市州', required: false, aliases: ['所在市(州)', '市州', '市(州)', '所在地市', '所在市'], paths: [] },
  {
    key: 'county',
    header: '所在县（市、区）',
    required: true,
    aliases: ['所在县(市区)', '县(市、区)', '所在县区', '所在县', '县区', '县(市,区)', '所在县(市,区)'],
    // The record's city comes from its county (the city cell only scopes and cross-checks the name).
    paths: ['countyAdcode', 'countyName', 'cityAdcode', 'cityName'],
  },
  { key: 'lng', header: '经度', required: true, aliases: ['东经'], paths: ['lng'] },
  { key: 'lat', header: '纬度', required: true, aliases: ['北纬'], paths: ['lat'] },
  { key: 'crs', header: '坐标系', required: false, aliases: ['坐标系统', '坐标参考系'], paths: [] },
  { key: 'receivingWater', header: '受纳水体', required: true, aliases: ['受纳水体名称'], paths: ['receivingWater.name', 'receivingWater'] },
  { key: 'functionZone', header: '水功能区', required: false, aliases: ['所在水功能区', '水功能区名称'], paths: ['receivingWater.functionZone'] },
  { key: 'qualityTarget', header: '水质目标', required: false, aliases: ['水质管理目标', '水环境质量目标'], paths: ['receivingWater.qualityTarget'] },
  // The basin (流域) follows from the system, so one column fills both.
  { key: 'waterSystem', header: '水系', required: false, aliases: ['所属水系', '受纳水体所属水系'], paths: ['receivingWater.system', 'receivingWater.basin'] },
  { key: 'dischargeMode', header: '排放方式', required: false, paths: ['dischargeMode'] },
  { key: 'dischargeChannel', header: '入河方式', required: false, aliases: ['排污通道', '入河排放方式'], paths: ['dischargeChannel'] },
  {
    key: 'responsibleEntity',
    header: '责任主体',
    required: true,
    aliases: ['责任主体名称', '责任单位'],
    paths: ['responsibleEntity.name', 'responsibleEntity'],
  },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    required: false,
    aliases: ['责任主体统一社会信用代码', '信用代码'],
    paths: ['responsibleEntity.creditCode'],
  },
  { key: 'supervisor', header: '监管部门', required: true, aliases: ['监管单位'], paths: ['supervisor.name', 'supervisor'] },
  { key: 'supervisorPhone', header: '监管部门联系电话', required: false, aliases: ['联系电话', '监管电话', '监督电话'], paths: ['supervisor.phone'] },
  {
    key: 'approvalNumber',
    header: '设置审批/备案文号',
    required: false,
    aliases: ['设置审核/备案文号', '审批/备案文号', '审批文号', '备案文号'],
    paths: ['approval.number', 'approval'],
  },
  { key: 'approvalDate', header: '审批/备案日期', required: false, aliases: ['设置审批/备案日期', '审批日期', '备案日期'], paths: ['approval.date'] },
  { key: 'remediationRoute', header: '整治类型', required: false, aliases: ['整治方式', '整治措施'], paths: ['remediation.route'] },
  { key: 'remediationStatus', header: '整治状态', required: true, aliases: ['整治进展', '整治情况'], paths: ['remediation.status', 'remediation'] },
  { key: 'remediationDeadline', header: '整治完成时限', required: false, aliases: ['整治时限', '完成时限'], paths: ['remediation.deadline'] },
  { key: 'retained', header: '是否保留', required: true, aliases: ['保留', '是否列入保留清单'], paths: ['retained'] },
  { key: 'signboard', header: '标识牌', required: true, aliases: ['是否设置标识牌', '标识牌设置情况', '标志牌'], paths: ['signboard'] },
  { key: 'monitoringDate', header: '最近监测日期', required: false, aliases: ['监测日期'], paths: ['monitoring.date', 'monitoring'] },
  { key: 'monitoringResult', header: '最近监测结果', required: false, aliases: ['监测结果'], paths: ['monitoring.result'] },
  { key: 'updatedAt', header: '更新日期', required: true, aliases: ['更新时间', '填报日期'], paths: ['updatedAt'] },
];

export const COLUMN_BY_KEY: Readonly<Record<FieldKey, ColumnDef>> = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<FieldKey, ColumnDef>;

/**
 * A header as compared: NFKC (full-width brackets, letters and digits → half-width), no whitespace
 * (headers wrap inside cells), no required-field asterisks, `，` and `、` treated alike inside brackets.
 *
 * @example normaliseHeader(' *所在县（市、区） ') // '所在县(市、区)'
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s\u200b\ufeff]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[【[]/g, '(')
    .replace(/[】\]]/g, ')');
}

/** A trailing bracketed unit or note: `经度(°)` → `经度`, `更新日期(年月日)` → `更新日期`. */
export function stripTrailingUnit(normalised: string): string {
  return normalised.replace(/\([^()]*\)$/, '');
}

const lookup = new Map<string, ColumnDef>();
for (const c of COLUMNS) {
  for (const h of [c.header, ...(c.aliases ?? [])]) lookup.set(normaliseHeader(h), c);
}

/**
 * The column a header names, or undefined. The header is tried as written and then without a
 * trailing unit, so that `所在县（市、区）` keeps its brackets while `经度（°）` loses its unit.
 *
 * @example matchHeader('经度（°）')?.key // 'lng'
 */
export function matchHeader(header: string): ColumnDef | undefined {
  const n = normaliseHeader(header);
  if (!n) return undefined;
  return lookup.get(n) ?? lookup.get(stripTrailingUnit(n)) ?? lookup.get(n.replace(/,/g, '、'));
}

/** The column that fills a record path from a zod issue (`responsibleEntity.creditCode` → 统一社会信用代码). */
export function columnForPath(path: readonly PropertyKey[]): ColumnDef | undefined {
  for (let len = path.length; len > 0; len--) {
    const p = path.slice(0, len).map(String).join('.');
    const c = COLUMNS.find((col) => col.paths.includes(p));
    if (c) return c;
  }
  return undefined;
}
