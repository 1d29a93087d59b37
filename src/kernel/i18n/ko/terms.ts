/**
 * Korean names of the classification terms a Korean page shows as labels: outfall types (HJ
 * 1235-2021 as src/records/classification.ts lists them), remediation routes and statuses. Keyed by
 * the Chinese term as published; a term not listed here is shown in Chinese (and marked so). Names
 * of places, waters and entities are data and are never translated.
 */
export const KO_TERMS: Readonly<Record<string, string>> = {
  // Level-1 types.
  工业排污口: '공업 배출구',
  城镇污水处理厂排污口: '도시 오수처리장 배출구',
  农业排口: '농업 배출구',
  其他排口: '기타 배출구',
  // Level-2 and level-3 types.
  工矿企业排污口: '공업·광업 기업 배출구',
  工业企业排污口: '공업 기업 배출구',
  矿山排污口: '광산 배출구',
  尾矿库排污口: '미광 저장소 배출구',
  工矿企业雨洪排口: '공업·광업 기업 빗물 배출구',
  工业及其他各类园区污水处理厂排污口: '공업 및 기타 원구 오수처리장 배출구',
  园区污水处理厂雨洪排口: '원구 오수처리장 빗물 배출구',
  规模化畜禽养殖排污口: '규모화 가축·가금 사육 배출구',
  规模化水产养殖排污口: '규모화 수산 양식 배출구',
  大中型灌区排口: '대·중형 관개구역 배출구',
  港口码头排口: '항구·부두 배출구',
  规模以下畜禽养殖排污口: '규모 이하 가축·가금 사육 배출구',
  规模以下水产养殖排污口: '규모 이하 수산 양식 배출구',
  农村污水处理设施排污口: '농촌 오수처리시설 배출구',
  农村生活污水散排口: '농촌 생활오수 분산 배출구',
  城镇雨洪排口: '도시 빗물 배출구',
  城镇生活污水散排口: '도시 생활오수 분산 배출구',
  其他: '기타',
  // Remediation routes (整治类型) and statuses (整治状态).
  依法取缔: '법에 따른 취체',
  清理合并: '정리·합병',
  规范整治: '규범화 정비',
  无需整治: '정비 불필요',
  待整治: '정비 대기',
  整治中: '정비 중',
  已完成: '정비 완료',
  已销号: '등록 말소',
  // Discharge modes (排放方式) and channels (入河方式).
  连续: '연속',
  间歇: '간헐',
  季节性: '계절성',
  管道: '관도',
  明渠: '명거',
  暗渠: '암거',
  泵站: '펌프장',
  涵闸: '수문',
};
