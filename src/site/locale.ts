import { type Locale, type Translate, translator } from '../kernel/i18n/index.ts';
import { KO_TERMS } from '../kernel/i18n/ko/terms.ts';
import { localeOfPath, localizedPath } from '../kernel/i18n/locales.ts';

const base = import.meta.env.BASE_URL.replace(/\/$/, '');

/** What a page or component needs to speak its page's language: the locale, `t` bound to it, links. */
export interface PageLocale {
  locale: Locale;
  t: Translate;
  /** A site path (`/counties/222401/`) as a link in this locale, base included. */
  href: (path: string) => string;
  /** A classification term of the record (type, status, route) as this locale labels it. */
  term: (value: string) => string;
}

/** The language of the page at `url` (`/ko/…` is Korean), for layouts and components. */
export function pageLocale(url: URL): PageLocale {
  const locale = localeOfPath(url.pathname, base);
  return {
    locale,
    t: translator(locale),
    href: (path) => `${base}${localizedPath(path, locale)}`,
    term: locale === 'ko' ? (value) => KO_TERMS[value] ?? value : (value) => value,
  };
}
