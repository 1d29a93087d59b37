import type zh from '../zh-CN/publish.ts';

type SignboardKey = Extract<keyof typeof zh, `publish.signboard.${string}` | 'publish.demo.mark'>;

/**
 * The Korean lines of 延边's bilingual signboards (src/site/signboard.ts): 延边's rules on language
 * put Korean first (above) and Chinese second on public signs. Values printed on the board (names,
 * codes) stay as published.
 */
export default {
  'publish.demo.mark': '시연 데이터',
  'publish.signboard.title': '하천 배출구 공시판',
  'publish.signboard.subtitle': '길림성 하천 배출구 정보공개 · 사회 감독을 받습니다',
  'publish.signboard.name': '배출구 이름',
  'publish.signboard.code': '배출구 코드',
  'publish.signboard.type': '배출구 유형',
  'publish.signboard.place': '소재지',
  'publish.signboard.water': '수용 수체',
  'publish.signboard.waterTarget': '{water}(수질 목표 {target})',
  'publish.signboard.entity': '책임 주체',
  'publish.signboard.supervisor': '감독관리 부문',
  'publish.signboard.phone': '감독 전화',
  'publish.signboard.noPhone': 'QR코드 페이지 참조',
  'publish.signboard.scan1': 'QR코드로 배출구 정보 보기',
  'publish.signboard.scan2': '불법 배출 발견 시 QR코드로 신고',
  'publish.signboard.hotlineLabel': '생태환경 문제 신고 전화',
  'publish.signboard.demoBand': '시연 데이터 · 프로그램이 만든 정보 · 인쇄·게시 금지',
  'publish.signboard.footer': '정보 갱신: {date}  QR코드 페이지에 공개된 최신 정보를 기준으로 합니다',
} as const satisfies Record<SignboardKey, string>;
