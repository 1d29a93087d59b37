import { type MessageKey, t } from '../i18n/index.ts';

/**
 * Report categories as data: a stable ASCII key (stored with each report, used by clients and,
 * later, mapped to Open311 service codes) and its Chinese name and hint from the translation layer.
 * Order is the order the form shows them; `other` stays last.
 */
export const CATEGORY_KEYS = [
  'illegal_discharge',
  'bypass_or_hidden_pipe',
  'dry_weather_storm_outfall',
  'abnormal_water',
  'signboard',
  'banned_outfall_discharging',
  'other',
] as const;

export type CategoryKey = (typeof CATEGORY_KEYS)[number];

export interface Category {
  key: CategoryKey;
  /** e.g. 偷排/超标排放 */
  name: string;
  /** One line that helps a citizen choose. */
  hint: string;
}

/**
 * The category list for clients and pages.
 *
 * @example reportCategories()[0] // { key: 'illegal_discharge', name: '偷排/超标排放', hint: '…' }
 */
export function reportCategories(): Category[] {
  return CATEGORY_KEYS.map(category);
}

/** One category by key. */
export function category(key: CategoryKey): Category {
  return {
    key,
    name: t(`report.category.${key}` as MessageKey),
    hint: t(`report.category.${key}.hint` as MessageKey),
  };
}

export function isCategoryKey(key: string): key is CategoryKey {
  return (CATEGORY_KEYS as readonly string[]).includes(key);
}
