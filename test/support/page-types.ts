import { offersKorean } from '../../src/kernel/i18n/locales.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { readPortalDb } from './portal-db.ts';

/**
 * One address of every kind of page a visitor can reach, static and on demand, Chinese and Korean:
 * what the HTML validity test (test/built/html-validity.test.ts) and the accessibility sweep
 * (test/browser/page-types.test.ts) go through. A new kind of page belongs here.
 */
export function pageTypes(): { kind: string; path: string }[] {
  const records = readPortalDb(publishedRecords);
  const any = records[0]!;
  const yanbian = records.find((r) => offersKorean(r.countyAdcode));
  return [
    { kind: 'home (map)', path: '/' },
    { kind: 'county index', path: '/counties/' },
    { kind: 'city', path: `/cities/${any.cityAdcode}/` },
    { kind: 'county', path: `/counties/${any.countyAdcode}/` },
    { kind: 'outfall', path: `/outfalls/${any.code}/` },
    ...(yanbian
      ? [
          { kind: 'Korean city', path: `/ko/cities/${yanbian.cityAdcode}/` },
          { kind: 'Korean county', path: `/ko/counties/${yanbian.countyAdcode}/` },
          { kind: 'Korean outfall', path: `/ko/outfalls/${yanbian.code}/` },
          { kind: 'Korean report form', path: `/ko/report/?outfall=${encodeURIComponent(yanbian.code)}` },
          { kind: 'Korean tracking', path: '/ko/track/' },
        ]
      : []),
    { kind: 'search', path: '/search/' },
    { kind: 'progress', path: '/progress/' },
    { kind: 'open data', path: '/data/' },
    { kind: 'signboards', path: '/signboards/' },
    { kind: 'not found', path: '/outfalls/NO-SUCH-CODE/' },
    { kind: 'report form', path: '/report/' },
    { kind: 'report form about an outfall', path: `/report/?outfall=${encodeURIComponent(any.code)}` },
    { kind: 'tracking', path: '/track/' },
    { kind: 'statistics', path: '/stats/' },
    { kind: 'county statistics', path: `/stats/${any.countyAdcode}/` },
    { kind: 'staff sign-in', path: '/staff/' },
  ];
}
