import type { Locale } from './index.ts';

/**
 * Where each locale is offered, and how its pages are addressed. Korean pages exist for
 * 延边朝鲜族自治州 (adcode 222400: 延吉, 图们, 敦化, 珲春, 龙井, 和龙, 汪清, 安图) — its rules on
 * language ask for Korean and Chinese together on public signs — plus the report form, the
 * receipt and the tracking page. Chinese pages are unprefixed; Korean ones live under /ko/.
 */
export const KOREAN_CITY_ADCODES: readonly string[] = ['222400'];

const PREFIX: Record<Locale, string> = { 'zh-CN': '', ko: '/ko' };

/** The value of `<html lang>` and `hreflang` for a locale. */
export const HTML_LANG: Record<Locale, string> = { 'zh-CN': 'zh-CN', ko: 'ko' };

/** Whether the city or county with this adcode has Korean pages. */
export function offersKorean(adcode: string): boolean {
  return KOREAN_CITY_ADCODES.some((city) => adcode.slice(0, 4) === city.slice(0, 4));
}

/** The locale of a page from its path (`/ko/…` is Korean), with the site's base path removed first. */
export function localeOfPath(pathname: string, base = ''): Locale {
  const path = base && pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  return path === '/ko' || path.startsWith('/ko/') ? 'ko' : 'zh-CN';
}

/** A site path (`/counties/222401/`, without the base) as it is addressed in `locale`. */
export function localizedPath(path: string, locale: Locale): string {
  return `${PREFIX[locale]}${path}`;
}
