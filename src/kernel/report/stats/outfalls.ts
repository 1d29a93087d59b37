import type { Db } from '../../db/client.ts';

/**
 * How many reports concerned each outfall and how many of them are concluded: the counts the
 * outfall pages print (at build time, src/site/outfall-page/sections.ts) and
 * GET /api/outfalls/:code/report-stats serves live. Counts only; nothing of the reports.
 */

export interface OutfallReportCount {
  reports: number;
  concluded: number;
}

/**
 * Counts for every outfall that has a report, in one grouped scan (the build reads it once for all
 * outfall pages).
 *
 * @example allOutfallReportCounts(db).get('GB220102...') // { reports: 3, concluded: 1 }
 */
export function allOutfallReportCounts(db: Db): Map<string, OutfallReportCount> {
  const rows = db.$client
    .prepare("SELECT outfall_code, count(*), sum(status = 'concluded') FROM reports WHERE outfall_code IS NOT NULL GROUP BY outfall_code")
    .raw()
    .all() as [string, number, number][];
  return new Map(rows.map(([code, reports, concluded]) => [code, { reports, concluded }]));
}

/** Counts for one outfall (zeros when no report named it). */
export function outfallReportCount(db: Db, code: string): OutfallReportCount {
  const [reports, concluded] = db.$client
    .prepare("SELECT count(*), coalesce(sum(status = 'concluded'), 0) FROM reports WHERE outfall_code = ?")
    .raw()
    .get(code) as [number, number];
  return { reports, concluded };
}

/** Whether `code` is a published outfall now. */
export function isPublishedOutfall(db: Db, code: string): boolean {
  return db.$client.prepare('SELECT 1 FROM outfalls WHERE code = ?').get(code) !== undefined;
}
