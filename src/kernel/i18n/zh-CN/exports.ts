/**
 * Text inside the open-data downloads (src/site/exports/): the demonstration notice, the dataset's
 * title and licence, the change log's columns and words. The CSV's own column names are not here:
 * they are the importer's file format (src/records/import/columns.ts).
 */
export default {
  'exports.demoTitle': '演示数据：本文件中的排污口信息由程序生成，仅供演示，不是真实的官方公开数据。',
  'exports.datasetTitle': '吉林省入河排污口名录',
  'exports.schemaTitle': '入河排污口公开记录（一口一档）',
  'exports.licenceDemo': '演示数据由程序生成，不含真实信息，可自由使用（CC0 1.0）。',
  'exports.licenceOfficial': '依据《中华人民共和国政府信息公开条例》主动公开的政府信息，可自由使用；引用时请注明来源“吉林省入河排污口信息公开平台”及数据日期。',
  /** A text field's length limits in the data dictionary. */
  'exports.lengthRange': '{min}–{max} 字',

  // ─── Change log (changes.csv and /data/#changes) ─────────────────────────────────────────────
  'exports.change.added': '新增',
  'exports.change.changed': '变更',
  'exports.change.removed': '删除',
  'exports.changes.datasetId': '导入编号',
  'exports.changes.importedAt': '导入时间',
  'exports.changes.change': '变更',
  'exports.changes.code': '排污口编码',
  'exports.changes.name': '排污口名称',
  'exports.changes.fields': '变更内容',
  /** The record's top-level fields, named in "which fields changed". */
  'exports.field.code': '排污口编码',
  'exports.field.name': '排污口名称',
  'exports.field.type': '排污口类型',
  'exports.field.city': '所在市州',
  'exports.field.county': '所在县（市、区）',
  'exports.field.lng': '经度',
  'exports.field.lat': '纬度',
  'exports.field.receivingWater': '受纳水体',
  'exports.field.dischargeMode': '排放方式',
  'exports.field.dischargeChannel': '入河方式',
  'exports.field.responsibleEntity': '责任主体',
  'exports.field.supervisor': '监管部门',
  'exports.field.approval': '设置审批/备案',
  'exports.field.remediation': '整治',
  'exports.field.retained': '是否保留',
  'exports.field.signboard': '标识牌',
  'exports.field.monitoring': '最近监测',
  'exports.field.updatedAt': '更新日期',
} as const;
