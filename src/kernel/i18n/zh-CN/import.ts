/**
 * Importer messages (row-level problems in a published records file, and the import command's
 * output). The readers are province and county staff fixing a spreadsheet, so every message says
 * what was expected, with an example they can copy.
 */
export default {
  // ─── Problems: one key per stable problem code (src/records/import/problems.ts) ────────────────
  'import.problem.file_unreadable': '无法读取文件：{reason}',
  'import.problem.file_unsupported': '不支持的文件格式：请另存为 .xlsx 或 .csv（UTF-8 或 GB18030 编码）后再导入',
  'import.problem.file_empty': '文件中没有数据行；空文件不会清空已公开的排污口名录',
  'import.problem.header_not_found': '没有找到表头行：前 {rows} 行中没有一行包含“排污口编码”“排污口名称”“经度”等列名',
  'import.problem.column_missing': '缺少必填列“{column}”',
  'import.problem.column_unknown': '无法识别的列“{column}”，已忽略该列',
  'import.problem.column_duplicate': '列“{column}”出现了不止一次（第 {positions} 列），请只保留一列',
  'import.problem.required_missing': '“{column}”为必填项，不能为空',
  'import.problem.required_with': '填写了“{other}”时，“{column}”也必须填写',
  'import.problem.code_invalid': '排污口编码只能包含英文字母、数字和连字符（-），长度 5–40 位，如 YTH220102CW0001',
  'import.problem.duplicate_code': '排污口编码 {value} 与第 {firstRow} 行重复；同一文件中编码必须唯一',
  'import.problem.type_unknown':
    '无法识别的排污口类型；应为 HJ 1312-2023 的一级、二级或三级类型名称，如 工业排污口、工矿企业排污口、城镇污水处理厂排污口、规模化畜禽养殖排污口、城镇雨洪排口',
  'import.problem.city_unknown': '无法识别的市（州）；应为吉林省 9 个市（州）的名称或 6 位行政区划代码，如 长春市 或 220100',
  'import.problem.county_unknown': '无法识别的县（市、区）；应为吉林省县级行政区的名称或 6 位行政区划代码，如 南关区 或 220102',
  'import.problem.county_ambiguous': '县（市、区）“{value}”可能是 {candidates}，请写全称或填写“所在市州”',
  'import.problem.county_not_in_city': '{county}不属于{city}，请核对“所在市州”和“所在县（市、区）”',
  'import.problem.county_code_superseded': '{value} 是公主岭市 2020 年划归长春市之前的旧代码或旧隶属，已按 220184 公主岭市（长春市）导入',
  'import.problem.coordinate_invalid': '{column}应为十进制度数（如 125.3245）或度分秒（如 125°19′30.5″、125度19分30.5秒）',
  'import.problem.coordinate_outside_jilin': '坐标（经度 {lng}，纬度 {lat}）不在吉林省境内{hint}',
  'import.problem.county_mismatch': '坐标位于{located}，与所填的{stated}不一致，请核对坐标或所在县（市、区）',
  'import.problem.county_mismatch_near_border': '坐标位于{located}，距{stated}边界约 {distance} 米，与所填的{stated}不一致（可能是边界附近的定位误差），请核对',
  'import.problem.code_county_mismatch': '编码中的行政区划代码 {embedded}（{embeddedName}）与所填的{stated}（{statedCode}）不一致',
  'import.problem.crs_unknown': '无法识别的坐标系；应为 WGS84、CGCS2000 或 GCJ-02（高德、腾讯地图坐标）',
  'import.problem.crs_assumed': '文件未注明坐标系，已按 {crs} 处理；如坐标取自高德或腾讯地图，请加 --crs GCJ-02 重新导入',
  'import.problem.date_invalid': '日期无效；应为 2023-05-06、2023/5/6、2023.5.6、2023年5月6日 或 Excel 日期',
  'import.problem.enum_unknown': '无法识别的取值；应为 {expected} 之一',
  'import.problem.boolean_invalid': '应为“是”或“否”（也可写 保留/不保留、已设置/未设置、有/无、Y/N、1/0）',
  'import.problem.credit_code_invalid': '统一社会信用代码无效：{reason}',
  'import.problem.phone_invalid': '联系电话只能包含数字、连字符、括号和空格，5–30 位，如 0431-88888888；请只填一个号码',
  'import.problem.number_precision_lost': '单元格是超过 15 位的数字，Excel 已丢失末几位；请把该列设为“文本”格式后重新填写',
  'import.problem.text_too_long': '内容过长：最多 {max} 个字',
  'import.problem.value_invalid': '取值不符合要求',
  'import.problem.rule_stormwater_merged_or_closed': '城镇雨洪排口不能“{value}”。工作方案规定：「{source}」请改为“规范整治”或“无需整治”',
  'import.problem.rule_removed_but_retained': '整治类型为“{route}”的排污口不能列入保留清单（是否保留应为“否”）。工作方案规定：「{source}」',

  // ─── Reasons and hints used inside problem messages ────────────────────────────────────────────
  'import.reason.creditFormat': '应为 18 位数字或大写字母（不含 I、O、Z、S、V），如 91220101MA0000000X',
  'import.reason.creditCheckDigit': '第 18 位校验码不符（GB 32100），请逐位核对',
  'import.hint.swapped': '；经度和纬度可能填反了',
  'import.hint.none': '',

  // ─── The import command (src/records/import/cli.ts) ────────────────────────────────────────────
  'import.cli.usage':
    '用法：npm run import -- <文件.xlsx|文件.csv> [--crs WGS84|CGCS2000|GCJ-02] [--json] [--dry-run]\n' +
    '  --crs      文件没有“坐标系”列或该列为空时采用的坐标系（默认 WGS84）\n' +
    '  --json     以 JSON 输出检查结果和变更\n' +
    '  --dry-run  只检查，不写入\n' +
    '用法：npm run import -- --rules [--json]   列出导入时检查的工作方案规则及其原文',
  'import.cli.rule': '{id}（{severity}，{column}列）：「{source}」',
  'import.cli.badCrs': '无法识别的 --crs 取值“{value}”；应为 WGS84、CGCS2000 或 GCJ-02',
  'import.cli.checked': '已检查 {file}：{rows} 行数据，{errors} 个错误，{warnings} 个警告，{notices} 个提示',
  'import.cli.severity.error': '错误',
  'import.cli.severity.warning': '警告',
  'import.cli.severity.notice': '提示',
  'import.cli.row': '第 {row} 行',
  'import.cli.fileLevel': '文件',
  'import.cli.rejected': '文件有错误，没有写入任何数据。请修改后重新导入。',
  'import.cli.dryRun': '只检查（--dry-run），没有写入。',
  'import.cli.unchanged': '与当前公开的数据完全相同，没有写入任何内容（{count} 条记录）。',
  'import.cli.published': '已导入 {count} 条记录（数据集 #{id}）：新增 {added}，变更 {changed}，删除 {removed}，未变 {unchanged}。',
  'import.cli.added': '新增',
  'import.cli.changed': '变更',
  'import.cli.removed': '删除',
  'import.cli.more': '……另有 {count} 个',
} as const;
