import type { OutfallRecord } from '../../records/schema.ts';

/** How the change log names fields and kinds of change, on /data/ and in changes.csv. */

/** Chinese names of the record's top-level fields, for the change log ("which fields changed"). */
export const FIELD_LABELS: Record<keyof OutfallRecord, string> = {
  code: '排污口编码',
  name: '排污口名称',
  type: '排污口类型',
  cityAdcode: '所在市州',
  cityName: '所在市州',
  countyAdcode: '所在县（市、区）',
  countyName: '所在县（市、区）',
  lng: '经度',
  lat: '纬度',
  receivingWater: '受纳水体',
  dischargeMode: '排放方式',
  dischargeChannel: '入河方式',
  responsibleEntity: '责任主体',
  supervisor: '监管部门',
  approval: '设置审批/备案',
  remediation: '整治',
  retained: '是否保留',
  signboard: '标识牌',
  monitoring: '最近监测',
  updatedAt: '更新日期',
};

/** Changed fields in words, duplicates merged: ['cityAdcode', 'cityName', 'lng'] → '所在市州、经度'. */
export function changedFieldsLabel(fields: readonly string[] | null | undefined): string {
  return [...new Set((fields ?? []).map((f) => FIELD_LABELS[f as keyof OutfallRecord] ?? f))].join('、');
}

/** The kinds of change, as the change log names them. */
export const CHANGE_LABELS = { added: '新增', changed: '变更', removed: '删除' } as const;
