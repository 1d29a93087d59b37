import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { ReportStatus } from '../../db/schema.ts';
import { allCounties, countyByAdcode } from '../../geo/admin.ts';
import { t } from '../../i18n/index.ts';
import { type AreaStats, computeStats, type Deadlines, emptyAreaStats, type Figures, type ProvinceStats, type ReportTimeline } from './compute.ts';

/**
 * Reads report timelines from the database and serves the statistics of src/kernel/report/stats/compute.ts, with
 * a short in-process cache: the figures are the same for every visitor, reports change slowly next
 * to page views, and one computation reads every report. Used by the JSON API and the on-demand
 * /stats/ pages alike.
 */

/**
 * Every report's county, status, receipt and the events statistics look at (status changes and
 * transfers, never notes, contacts or descriptions), in two ordered scans merged in memory.
 */
export function loadTimelines(db: Db): ReportTimeline[] {
  const client = db.$client;
  const reports = client.prepare('SELECT id, county_adcode AS countyAdcode, status, received_at AS receivedAt FROM reports ORDER BY id').raw().all() as [
    number,
    string,
    ReportStatus,
    string,
  ][];
  const events = client
    .prepare("SELECT report_id, at, type, status FROM report_events WHERE status IS NOT NULL OR type = 'transferred' ORDER BY report_id, id")
    .raw()
    .all() as [number, string, string, ReportStatus | null][];
  const byId = new Map<number, ReportTimeline>();
  const out: ReportTimeline[] = [];
  for (const [id, countyAdcode, status, receivedAt] of reports) {
    const tl: ReportTimeline = { countyAdcode, status, receivedAt, events: [] };
    byId.set(id, tl);
    out.push(tl);
  }
  for (const [reportId, at, type, status] of events) byId.get(reportId)?.events.push({ at, type, status });
  return out;
}

/** A county as the statistics name it. */
export interface CountyHeader {
  adcode: string;
  name: string;
  cityAdcode: string;
  cityName: string;
  bureau: string;
}

export interface CountyRow extends CountyHeader, Figures {}

export interface ProvinceView {
  asOf: string;
  deadlines: Deadlines;
  province: AreaStats;
  /** All 60 county-level units, in GB/T 2260 order, with zero figures where no report came. */
  counties: CountyRow[];
}

export interface CountyView extends AreaStats {
  asOf: string;
  deadlines: Deadlines;
  county: CountyHeader;
}

function header(adcode: string): CountyHeader | undefined {
  const c = countyByAdcode(adcode);
  if (!c) return undefined;
  return {
    adcode: c.adcode,
    name: c.name,
    cityAdcode: c.cityAdcode,
    cityName: c.cityName,
    bureau: t('report.bureauName', { city: c.cityName, county: c.name }),
  };
}

const stripMonths = ({ months: _months, ...rest }: AreaStats): Figures => rest;

export interface StatsServiceDeps {
  db: Db;
  config: Pick<Config, 'ACCEPT_DEADLINE_DAYS' | 'CONCLUDE_DEADLINE_DAYS'>;
  clock?: () => Date;
  /** How long computed figures are reused (default 30 s; 0 recomputes every time). */
  ttlMs?: number;
}

/**
 * @example
 * const stats = createStatsService({ db, config });
 * stats.province().province.received; stats.county('220102')?.months[0];
 */
export function createStatsService(deps: StatsServiceDeps) {
  const clock = deps.clock ?? (() => new Date());
  const ttlMs = deps.ttlMs ?? 30_000;
  const deadlines: Deadlines = { acceptDays: deps.config.ACCEPT_DEADLINE_DAYS, concludeDays: deps.config.CONCLUDE_DEADLINE_DAYS };
  let cached: { at: number; stats: ProvinceStats } | undefined;

  function current(): ProvinceStats {
    const now = clock();
    if (cached && now.getTime() - cached.at < ttlMs && now.getTime() >= cached.at) return cached.stats;
    const stats = computeStats(loadTimelines(deps.db), { now, deadlines });
    cached = { at: now.getTime(), stats };
    return stats;
  }

  return {
    /** The province and all 60 counties. */
    province(): ProvinceView {
      const s = current();
      const empty = stripMonths(emptyAreaStats(deadlines));
      const counties = allCounties()
        .map((c) => header(c.adcode)!)
        .sort((a, b) => (a.adcode < b.adcode ? -1 : 1))
        .map((h) => {
          const area = s.counties.get(h.adcode);
          return { ...h, ...(area ? stripMonths(area) : empty) };
        });
      return { asOf: s.asOf, deadlines: s.deadlines, province: s.province, counties };
    },
    /** One county with its months, or undefined for a code that is not a Jilin county-level unit. */
    county(adcode: string): CountyView | undefined {
      const h = header(adcode);
      if (!h) return undefined;
      const s = current();
      const area = s.counties.get(adcode) ?? emptyAreaStats(deadlines, Date.parse(s.asOf));
      return { asOf: s.asOf, deadlines: s.deadlines, county: h, ...area };
    },
    /** Forget the cached figures (tests, and after bulk changes). */
    invalidate() {
      cached = undefined;
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
