import type zh from '../zh-CN/stats.ts';

type OutfallKey = Extract<keyof typeof zh, `stats.outfall.${string}`>;

/** The report counts on an outfall's page, in Korean (the statistics pages themselves stay Chinese). */
export default {
  'stats.outfall.heading': '주민 신고',
  'stats.outfall.counts': '이 배출구에 관한 신고 {reports}건, 처리 완료 {concluded}건.',
  'stats.outfall.none': '아직 이 배출구에 관한 신고가 없습니다.',
  'stats.outfall.asOf': '{date} 기준.',
  'stats.outfall.more': '{county}의 주민 신고 처리 현황',
} as const satisfies Record<OutfallKey, string>;
