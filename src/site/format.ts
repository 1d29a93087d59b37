import { DEFAULT_LOCALE, type Locale, t } from '../kernel/i18n/index.ts';
import type { OutfallRecord, OutfallType } from '../records/schema.ts';

/**
 * Display helpers shared by the public pages: how dates, flags, coordinates, types and phone numbers
 * read on a disclosure page. One place, so the outfall page, county lists, signboards and tests agree
 * on the rendered form of every value. The helpers that produce words take the page's locale
 * (zh-CN unless a Korean page passes 'ko').
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An ISO date in the way Chinese public notices write it, without leading zeros.
 *
 * @example formatDate('2025-03-01') // '2025年3月1日'
 */
export function formatDate(iso: string, locale: Locale = DEFAULT_LOCALE): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`formatDate: expected YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  return t('format.date', { year: m[1]!, month: Number(m[2]), day: Number(m[3]) }, locale);
}

/** An optional date, or 未公开 when the publisher gave none. */
export function formatOptionalDate(iso: string | undefined, locale: Locale = DEFAULT_LOCALE): string {
  return iso ? formatDate(iso, locale) : t('outfall.notPublished', undefined, locale);
}

/** 是 / 否. @example formatYesNo(true) // '是' */
export function formatYesNo(value: boolean, locale: Locale = DEFAULT_LOCALE): string {
  return t(value ? 'outfall.yes' : 'outfall.no', undefined, locale);
}

/** Signboard flag as a citizen reads it. @example formatSignboard(false) // '未设置' */
export function formatSignboard(value: boolean, locale: Locale = DEFAULT_LOCALE): string {
  return t(value ? 'outfall.signboardYes' : 'outfall.signboardNo', undefined, locale);
}

/**
 * An optional published text, or 未公开 so that an absent field stays visible instead of vanishing.
 *
 * @example orNotPublished(undefined) // '未公开'
 */
export function orNotPublished(value: string | undefined, locale: Locale = DEFAULT_LOCALE): string {
  return value?.trim() ? value : t('outfall.notPublished', undefined, locale);
}

/** An optional value whose absence means "there is none" (e.g. no approval document): 无. */
export function orNone(value: string | undefined, locale: Locale = DEFAULT_LOCALE): string {
  return value?.trim() ? value : t('outfall.none', undefined, locale);
}

/**
 * WGS84 coordinates with five decimals (about 1 m), longitude first as in the published lists.
 *
 * @example formatCoordinates(125.324512, 43.880123) // '东经 125.32451°，北纬 43.88012°'
 */
export function formatCoordinates(lng: number, lat: number, locale: Locale = DEFAULT_LOCALE): string {
  return t('format.coordinates', { lng: lng.toFixed(5), lat: lat.toFixed(5) }, locale);
}

/**
 * The type path of an outfall, level 1 first.
 *
 * @example formatTypePath({ level1Key: 'industrial', level1: '工业排污口', level2: '工矿企业排污口' }) // '工业排污口 › 工矿企业排污口'
 */
export function formatTypePath(type: OutfallType): string {
  return [type.level1, type.level2, type.level3].filter(Boolean).join(' › ');
}

/**
 * A `tel:` URI for a published phone number: digits and a leading + only, so 0431-8888 8888 dials.
 *
 * @example telHref('0431-88888888') // 'tel:043188888888'
 */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return `tel:${digits.startsWith('+') ? `+${digits.slice(1).replace(/\+/g, '')}` : digits.replace(/\+/g, '')}`;
}

/** A count with thousands separators, as 1,234. */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

/** Sort key for Chinese names: pinyin order where the runtime has ICU collation data. */
export const nameCollator = new Intl.Collator('zh-CN');

/** Records sorted by name, then code, for stable lists. */
export function byName(a: Pick<OutfallRecord, 'name' | 'code'>, b: Pick<OutfallRecord, 'name' | 'code'>): number {
  return nameCollator.compare(a.name, b.name) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
