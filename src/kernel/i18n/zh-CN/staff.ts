/**
 * Staff API (api/staff): messages for county bureau staff. Keys `staff.error.<code>` define the
 * staff API's stable error codes (api/errors.ts derives the code list from them, next to the
 * `report.error.<code>` ones), so every code has a Chinese message by construction.
 */
export default {
  // ── Field names, used in messages ──
  'staff.field.login': '登录名',
  'staff.field.password': '密码',
  'staff.field.action': '操作',
  'staff.field.reply': '公开答复',
  'staff.field.reason': '理由',
  'staff.field.text': '内容',
  'staff.field.countyAdcode': '转交的县（市、区）',
  'staff.field.county': '县（市、区）',
  'staff.field.status': '状态',
  'staff.field.category': '举报类型',
  'staff.field.overdue': '是否超期',
  'staff.field.nearBorder': '是否靠近边界',
  'staff.field.includeContact': '是否包含联系方式',
  'staff.field.Origin': 'Origin 请求头',

  // ── Workflow actions, used in messages ──
  'staff.action.accept': '受理',
  'staff.action.reject': '不予受理',
  'staff.action.start': '开始办理',
  'staff.action.conclude': '办结',
  'staff.action.reply': '公开答复',
  'staff.action.note': '添加内部备注',
  'staff.action.transfer': '转交',

  // ── Place of a report in the inbox ──
  'staff.place.outfall': '{county} · {outfall}',
  'staff.place.nearOutfall': '{county} · {outfall}附近（约 {distanceM} 米）',
  'staff.place.coordinates': '{county} · 北纬 {lat}，东经 {lng}',

  // ── CSV export columns ──
  'staff.csv.trackingNumber': '举报编号',
  'staff.csv.status': '状态',
  'staff.csv.category': '举报类型',
  'staff.csv.countyAdcode': '行政区划代码',
  'staff.csv.county': '承办县（市、区）',
  'staff.csv.receivedAt': '收到时间',
  'staff.csv.ageDays': '已过天数',
  'staff.csv.deadline': '期限',
  'staff.csv.deadlineDue': '期限截止',
  'staff.csv.overdue': '是否超期',
  'staff.csv.place': '地点',
  'staff.csv.lng': '经度（WGS84）',
  'staff.csv.lat': '纬度（WGS84）',
  'staff.csv.outfallCode': '排污口编码',
  'staff.csv.outfallName': '排污口名称',
  'staff.csv.nearBorder': '靠近县界',
  'staff.csv.photoCount': '照片数',
  'staff.csv.description': '问题描述',
  'staff.csv.contactName': '联系人姓名',
  'staff.csv.contactPhone': '联系电话',
  'staff.csv.deadline.acceptance': '受理期限',
  'staff.csv.deadline.conclusion': '办结期限',
  'staff.csv.yes': '是',
  'staff.csv.no': '否',

  // ── Errors: `staff.error.<code>` ──
  'staff.error.login_failed': '登录名或密码不正确',
  'staff.error.login_throttled': '登录失败次数过多，请 {seconds} 秒后再试',
  'staff.error.not_logged_in': '请先登录，或登录已过期，请重新登录',
  'staff.error.csrf_origin_mismatch': '请求不是从本平台的页面发出的，已拒绝',
  'staff.error.forbidden': '您的账号无权进行这项操作',
  'staff.error.report_not_found': '没有找到这份举报',
  'staff.error.photo_not_found': '没有找到这张照片',
  'staff.error.no_contact': '举报人没有留下联系方式',
  'staff.error.invalid_action': '未知的操作',
  'staff.error.invalid_transition': '举报当前的状态是“{status}”，不能{action}',
  'staff.error.text_too_long': '{field}不能超过 {max} 个字',
  'staff.error.unknown_county': '没有这个县级行政区',
  'staff.error.transfer_same_county': '举报已由这个县（市、区）办理，请选择另一个县（市、区）',
  'staff.error.invalid_filter': '{field}的取值无效',
} as const;
