import { type Locale, type MessageKey, type Translate, translator } from '../../kernel/i18n/index.ts';
import { KO_TERMS } from '../../kernel/i18n/ko/terms.ts';
import { localizedPath } from '../../kernel/i18n/locales.ts';
import type { OutfallReportCount } from '../../kernel/report/stats/outfalls.ts';
import { OUTFALL_TYPES } from '../../records/classification.ts';
import { type OutfallRecord, STATUS_KEYS } from '../../records/schema.ts';
import { formatCoordinates, formatCount, formatDate, formatOptionalDate, formatSignboard, formatYesNo, orNone, orNotPublished, telHref } from '../format.ts';
import { countyMapFrame, countyMapPath, markerPosition, placeInCounty } from '../location-map.ts';
import { escapeHtml as e, factList } from './html.ts';

/**
 * The outfall disclosure page (一口一档), section by section: one small renderer per section, each
 * returning its HTML. The page every signboard's QR code leads to; static HTML and the shared
 * stylesheet only, no client JavaScript, so it loads on a weak riverside connection and works in
 * any browser. Every field of the record is shown; an absent optional field reads 未公开 (not
 * published) or 无 (none), so a citizen can see what is missing. On a Korean page (延边) the labels
 * are Korean and the published values stay Chinese, marked lang="zh-CN" for screen readers.
 *
 * The layout (head, banner, header, footer) is Astro's (src/pages/outfalls/[code].astro), filled
 * per record by src/site/record-pages.ts. A new section is a new function in OUTFALL_SECTIONS.
 */

/** What the sections need besides the record: the page's language, the base path, build-time figures. */
export interface OutfallPageContext {
  locale: Locale;
  t: Translate;
  /** A site path as a link in the page's language, base included. */
  href: (path: string) => string;
  /** A classification term of the record as the page's language labels it. */
  term: (value: string) => string;
  /** The site's base path without a trailing slash ('' at the root). */
  base: string;
  /** Report counts of every outfall at build time (code → counts). */
  reportCounts: ReadonlyMap<string, OutfallReportCount>;
  /** The build's date in Beijing, YYYY-MM-DD: the "as of" of the report counts. */
  asOf: string;
}

/**
 * The context of pages in `locale`.
 *
 * @example outfallPageContext('ko', { base: '', reportCounts: new Map(), asOf: '2025-06-30' }).href('/report/') // '/ko/report/'
 */
export function outfallPageContext(locale: Locale, rest: Pick<OutfallPageContext, 'base' | 'reportCounts' | 'asOf'>): OutfallPageContext {
  return {
    ...rest,
    locale,
    t: translator(locale),
    href: (path) => `${rest.base}${localizedPath(path, locale)}`,
    term: locale === 'ko' ? (value) => KO_TERMS[value] ?? value : (value) => value,
  };
}

/** One section of the page. */
export type OutfallSection = (r: OutfallRecord, ctx: OutfallPageContext) => string;

/** ` lang="zh-CN"` on a Korean page (a published value in Chinese), nothing on a Chinese page. */
const zh = (ctx: OutfallPageContext, when = true) => (ctx.locale === 'ko' && when ? ' lang="zh-CN"' : '');
const h2 = (ctx: OutfallPageContext, key: MessageKey) => `<h2>${e(ctx.t(key))}</h2>`;
const notPublished = (ctx: OutfallPageContext) => e(ctx.t('outfall.notPublished'));
const dd = (ctx: OutfallPageContext, label: MessageKey, valueHtml: string, attrs = '') => `<div><dt>${e(ctx.t(label))}</dt><dd${attrs}>${valueHtml}</dd></div>`;

/** The 「举报此排污口」 link to the report form with this outfall preselected. */
export const reportButton: OutfallSection = (r, ctx) =>
  `<a class="button danger report-button" href="${e(ctx.href(`/report/?outfall=${encodeURIComponent(r.code)}`))}">${e(ctx.t('outfallPage.report'))}</a>`;

/** Heading: the name, the code and the remediation status, the report link and its hint. */
export const heading: OutfallSection = (r, ctx) =>
  `<h1${zh(ctx)}>${e(r.name)}</h1>` +
  `<p class="outfall-meta"><span class="code">${e(r.code)}</span> <span class="${e(`status status-${STATUS_KEYS[r.remediation.status]}`)}">${e(ctx.term(r.remediation.status))}</span></p>` +
  reportButton(r, ctx) +
  `<p class="report-hint">${e(ctx.t('outfallPage.reportHint'))}</p>`;

/** 是什么、在哪里: type, place, receiving water, discharge and coordinates. */
export const what: OutfallSection = (r, ctx) => {
  const { term, locale, href } = ctx;
  // The standard has a level 3 only under some level-2 types; show the row there (未公开 if absent).
  const level2Node = OUTFALL_TYPES.find((n) => n.key === r.type.level1Key)?.children?.find((n) => n.name === r.type.level2);
  const hasLevel3 = r.type.level3 !== undefined || Boolean(level2Node?.children?.length);
  const termOr = (v: string | undefined) => (v ? e(term(v)) : notPublished(ctx));
  return (
    h2(ctx, 'outfallPage.what') +
    factList([
      dd(ctx, 'outfall.name', e(r.name), zh(ctx)),
      dd(ctx, 'outfall.code', e(r.code), ' class="code"'),
      dd(ctx, 'outfall.typeLevel1', e(term(r.type.level1))),
      dd(ctx, 'outfall.typeLevel2', termOr(r.type.level2)),
      hasLevel3 ? dd(ctx, 'outfallPage.typeLevel3', termOr(r.type.level3)) : '',
      dd(ctx, 'outfall.city', `<a href="${e(href(`/cities/${r.cityAdcode}/`))}"${zh(ctx)}>${e(r.cityName)}</a>`),
      dd(ctx, 'outfall.county', `<a href="${e(href(`/counties/${r.countyAdcode}/`))}"${zh(ctx)}>${e(r.countyName)}</a>`),
      dd(ctx, 'outfall.receivingWater', e(r.receivingWater.name), zh(ctx)),
      dd(
        ctx,
        'outfall.waterSystem',
        e(
          orNotPublished(
            r.receivingWater.system && r.receivingWater.basin
              ? ctx.t('outfall.waterSystemValue', { system: r.receivingWater.system, basin: r.receivingWater.basin })
              : undefined,
            locale,
          ),
        ),
        zh(ctx, Boolean(r.receivingWater.system)),
      ),
      dd(ctx, 'outfall.functionZone', e(orNotPublished(r.receivingWater.functionZone, locale)), zh(ctx, Boolean(r.receivingWater.functionZone))),
      dd(ctx, 'outfall.qualityTarget', e(orNotPublished(r.receivingWater.qualityTarget, locale))),
      dd(ctx, 'outfall.dischargeMode', termOr(r.dischargeMode)),
      dd(ctx, 'outfall.dischargeChannel', termOr(r.dischargeChannel)),
      dd(ctx, 'outfall.coordinates', e(formatCoordinates(r.lng, r.lat, locale))),
    ])
  );
};

/**
 * The small static location map: the county's shared SVG (one cached file per county) with this
 * outfall's marker laid over it at percentage coordinates. No script, no map library.
 */
export const locationMap: OutfallSection = (r, { t, locale, base }) => {
  const frame = countyMapFrame(r.countyAdcode);
  const marker = markerPosition(frame, r.lng, r.lat);
  const alt = marker.inside
    ? t('outfallPage.mapAlt', { county: r.countyName, place: placeInCounty(frame, r.lng, r.lat, locale) })
    : t('outfallPage.mapAltOutside', { county: r.countyName });
  return (
    `<figure class="locmap"><div class="locmap-frame">` +
    `<img src="${e(countyMapPath(r.countyAdcode, base))}" alt="${e(alt)}" width="${frame.width}" height="${frame.height}" loading="lazy" decoding="async">` +
    ` <span class="locmap-marker" style="${e(`left:${marker.left}%;top:${marker.top}%`)}"></span></div>` +
    `<figcaption>${e(t('outfallPage.mapCaption'))}</figcaption></figure>`
  );
};

/** 谁负责: the responsible entity, the supervisor and the hotline. */
export const who: OutfallSection = (r, ctx) =>
  h2(ctx, 'outfallPage.who') +
  factList([
    dd(ctx, 'outfall.responsibleEntity', e(r.responsibleEntity.name), zh(ctx)),
    dd(ctx, 'outfall.creditCode', e(orNotPublished(r.responsibleEntity.creditCode, ctx.locale)), ' class="code"'),
    dd(ctx, 'outfall.supervisor', e(r.supervisor.name), zh(ctx)),
    dd(
      ctx,
      'outfall.supervisorPhone',
      r.supervisor.phone ? `<a class="tel" href="${e(telHref(r.supervisor.phone))}">${e(r.supervisor.phone)}</a>` : notPublished(ctx),
    ),
    dd(ctx, 'outfallPage.hotline', '<a class="tel" href="tel:12369">12369</a>'),
  ]);

/** 设置审批/备案: approval number and date. */
export const approval: OutfallSection = (r, ctx) =>
  h2(ctx, 'outfallPage.approval') +
  factList([
    dd(ctx, 'outfall.approvalNumber', e(orNone(r.approval?.number, ctx.locale))),
    dd(ctx, 'outfall.approvalDate', e(r.approval ? formatOptionalDate(r.approval.date, ctx.locale) : ctx.t('outfall.none'))),
  ]);

/** 整治情况: route, status, deadline, whether it is kept and signposted. */
export const remediation: OutfallSection = (r, ctx) =>
  h2(ctx, 'outfallPage.remediation') +
  factList([
    dd(ctx, 'outfall.remediationRoute', e(r.remediation.route ? ctx.term(r.remediation.route) : ctx.t('outfall.none'))),
    dd(ctx, 'outfall.remediationStatus', e(ctx.term(r.remediation.status))),
    dd(ctx, 'outfall.remediationDeadline', e(formatOptionalDate(r.remediation.deadline, ctx.locale))),
    dd(ctx, 'outfall.retained', e(formatYesNo(r.retained, ctx.locale))),
    dd(ctx, 'outfall.signboard', e(formatSignboard(r.signboard, ctx.locale))),
  ]);

/** 监测情况: the latest monitoring date and result. */
export const monitoring: OutfallSection = (r, ctx) =>
  h2(ctx, 'outfallPage.monitoring') +
  factList([
    dd(ctx, 'outfall.monitoringDate', r.monitoring ? e(formatDate(r.monitoring.date, ctx.locale)) : notPublished(ctx)),
    dd(ctx, 'outfall.monitoringResult', r.monitoring ? e(r.monitoring.result) : notPublished(ctx), zh(ctx, Boolean(r.monitoring))),
  ]);

/** When the record was last updated. */
export const updated: OutfallSection = (r, ctx) => factList([dd(ctx, 'outfall.updatedAt', e(formatDate(r.updatedAt, ctx.locale)))], 'updated');

/**
 * How many reports concerned this outfall and how many were concluded, as of the build; GET
 * /api/outfalls/<code>/report-stats gives the live numbers.
 */
export const reportCounts: OutfallSection = (r, { t, locale, base, reportCounts: all, asOf }) => {
  const counts = all.get(r.code) ?? { reports: 0, concluded: 0 };
  const summary =
    counts.reports > 0
      ? t('stats.outfall.counts', { reports: formatCount(counts.reports), concluded: formatCount(counts.concluded) })
      : t('stats.outfall.none');
  return (
    `<section class="outfall-reports" aria-labelledby="outfall-reports-heading"><h2 id="outfall-reports-heading">${e(t('stats.outfall.heading'))}</h2>` +
    `<p data-reports="${counts.reports}" data-concluded="${counts.concluded}">${e(summary)} ${e(t('stats.outfall.asOf', { date: formatDate(asOf, locale) }))}</p>` +
    `<p><a href="${e(`${base}/stats/${r.countyAdcode}/`)}">${e(t('stats.outfall.more', { county: r.countyName }))}</a></p></section>`
  );
};

/** 更多: the signboard, the county's list and the open data. */
export const more: OutfallSection = (r, ctx) =>
  h2(ctx, 'outfallPage.more') +
  `<ul class="link-list">` +
  `<li><a href="${e(`${ctx.base}/signboards/${r.code}.svg`)}">${e(ctx.t('outfallPage.signboard'))}</a></li>` +
  `<li><a href="${e(ctx.href(`/counties/${r.countyAdcode}/`))}">${e(ctx.t('outfallPage.countyList', { county: r.countyName }))}</a></li>` +
  `<li><a href="${e(`${ctx.base}/data/`)}">${e(ctx.t('outfallPage.openData'))}</a></li></ul>`;

/** The sections of the page, in order. */
export const OUTFALL_SECTIONS: readonly OutfallSection[] = [
  heading,
  what,
  locationMap,
  who,
  approval,
  remediation,
  monitoring,
  updated,
  reportCounts,
  reportButton,
  more,
];

/** The page's `<main>` content: its article. */
export function outfallArticle(r: OutfallRecord, ctx: OutfallPageContext): string {
  let html = '<article class="outfall">';
  for (const section of OUTFALL_SECTIONS) html += section(r, ctx);
  return `${html}</article>`;
}

/** The page's title (without the site name) and meta description. */
export const outfallHead = (r: OutfallRecord, ctx: OutfallPageContext) => ({
  title: r.name,
  description: ctx.t('outfallPage.description', { name: r.name, code: r.code }),
});
