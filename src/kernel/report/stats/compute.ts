import type { ReportStatus } from '../../db/schema.ts';

/**
 * Public accountability statistics as pure functions over report timelines: no database, no clock
 * of their own (the caller passes `now`), so they are unit-tested with hand-built timelines and the
 * API, the on-demand pages and the benchmark all compute the same numbers.
 *
 * Definitions (the /stats/ page prints them):
 * - A report counts for the county that handles it NOW; a transfer moves it. Its clock starts when
 *   it reached that county: receipt, or the latest transfer in (the staff deadlines count the same
 *   way, so a county is never charged for days before it had the report).
 * - decided = accepted + in progress + concluded + rejected; accepted share = (accepted + in
 *   progress + concluded) / decided.
 * - Days to acceptance / conclusion: from the clock start to the first event after it that moved the
 *   report to an accepted (accepted, in progress, concluded) / the concluded status; medians over the
 *   reports that got there.
 * - On time: "due" are the reports decided (or concluded) and those still undecided (not concluded)
 *   past the deadline; on time are those decided (concluded) within ACCEPT_DEADLINE_DAYS
 *   (CONCLUDE_DEADLINE_DAYS). Rejected reports are never due for conclusion.
 * - Months: by the month of receipt in Beijing time.
 */

export const DAY_MS = 86_400_000;
const ACCEPTED: ReadonlySet<ReportStatus> = new Set(['accepted', 'in_progress', 'concluded']);
const DECIDED: ReadonlySet<ReportStatus> = new Set(['accepted', 'in_progress', 'concluded', 'rejected']);

/** One event of a report's audit trail, as far as statistics need it. */
export interface TimelineEvent {
  at: string;
  /** `received`, `status_changed`, `transferred`, … (only `transferred` matters by type). */
  type: string;
  /** The status after the event, when it changed it. */
  status: ReportStatus | null;
}

/** What statistics know of a report: where it is, its status, when it came, what happened. */
export interface ReportTimeline {
  countyAdcode: string;
  status: ReportStatus;
  receivedAt: string;
  /** In the order they happened. */
  events: TimelineEvent[];
}

export interface Deadlines {
  acceptDays: number;
  concludeDays: number;
}

/** The per-report values the figures are made of. */
export interface ReportFacts {
  county: string;
  /** `YYYY-MM` of receipt, Beijing time. */
  month: string;
  status: ReportStatus;
  /** Epoch ms the county's clock started (receipt or latest transfer in). */
  startMs: number;
  transferred: boolean;
  /** First decision (accept or reject) after the start, if the trail shows it. */
  decidedMs: number | null;
  acceptedMs: number | null;
  concludedMs: number | null;
}

/** `YYYY-MM` in Beijing time (UTC+8, no daylight saving). @example beijingMonth('2026-04-30T16:30:00Z') // '2026-05' */
export function beijingMonth(iso: string | number): string {
  const d = new Date((typeof iso === 'number' ? iso : Date.parse(iso)) + 8 * 3600_000);
  const m = d.getUTCMonth() + 1;
  return `${d.getUTCFullYear()}-${m < 10 ? '0' : ''}${m}`;
}

/**
 * The facts of one report.
 *
 * @example reportFacts({ countyAdcode: '220102', status: 'accepted', receivedAt: '2026-05-01T00:00:00Z', events: [{ at: '2026-05-03T00:00:00Z', type: 'status_changed', status: 'accepted' }] }).acceptedMs
 */
export function reportFacts(r: ReportTimeline): ReportFacts {
  const received = Date.parse(r.receivedAt);
  let start = received;
  let from = 0;
  const events = r.events;
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.type === 'transferred') {
      start = Math.max(start, Date.parse(events[i]!.at));
      from = i + 1;
    }
  }
  let decidedMs: number | null = null;
  let acceptedMs: number | null = null;
  let concludedMs: number | null = null;
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (!e.status) continue;
    const at = Date.parse(e.at);
    if (decidedMs === null && DECIDED.has(e.status)) decidedMs = at;
    if (acceptedMs === null && ACCEPTED.has(e.status)) acceptedMs = at;
    if (concludedMs === null && e.status === 'concluded') concludedMs = at;
  }
  return {
    county: r.countyAdcode,
    month: beijingMonth(received),
    status: r.status,
    startMs: start,
    transferred: from > 0,
    decidedMs,
    acceptedMs,
    concludedMs,
  };
}

/** The figures of one area (province or county) or one month of it. Shares are 0–1, null when nothing is due. */
export interface Figures {
  received: number;
  decided: number;
  accepted: number;
  rejected: number;
  concluded: number;
  /** Not concluded and not rejected. */
  open: number;
  /** Transferred at least once (they count where they are now). */
  transferred: number;
  acceptedShare: number | null;
  medianDaysToAcceptance: number | null;
  medianDaysToConclusion: number | null;
  decisionDue: number;
  decidedOnTime: number;
  decidedOnTimeShare: number | null;
  conclusionDue: number;
  concludedOnTime: number;
  concludedOnTimeShare: number | null;
}

/** Median of numbers (mean of the middle two for an even count), null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const days = (ms: number) => ms / DAY_MS;
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const ratio = (part: number, whole: number) => (whole ? part / whole : null);

/**
 * Figures of a set of reports as of `now`.
 *
 * @example figures(timelines.map(reportFacts), Date.parse('2026-06-01T00:00:00Z'), { acceptDays: 7, concludeDays: 60 }).acceptedShare
 */
export function figures(facts: ReportFacts[], nowMs: number, deadlines: Deadlines): Figures {
  const acceptLimit = deadlines.acceptDays * DAY_MS;
  const concludeLimit = deadlines.concludeDays * DAY_MS;
  let decided = 0;
  let accepted = 0;
  let rejected = 0;
  let concluded = 0;
  let transferred = 0;
  let decisionDue = 0;
  let decidedOnTime = 0;
  let conclusionDue = 0;
  let concludedOnTime = 0;
  const toAccept: number[] = [];
  const toConclude: number[] = [];
  for (const f of facts) {
    const isDecided = DECIDED.has(f.status);
    if (isDecided) decided++;
    if (ACCEPTED.has(f.status)) accepted++;
    if (f.status === 'rejected') rejected++;
    if (f.status === 'concluded') concluded++;
    if (f.transferred) transferred++;
    if (ACCEPTED.has(f.status) && f.acceptedMs !== null) toAccept.push(days(f.acceptedMs - f.startMs));
    if (f.status === 'concluded' && f.concludedMs !== null) toConclude.push(days(f.concludedMs - f.startMs));

    // Decision on time. A decided report whose trail lacks the decision's time cannot be judged
    // and is left out of both counts rather than guessed.
    if (isDecided) {
      if (f.decidedMs !== null) {
        decisionDue++;
        if (f.decidedMs - f.startMs <= acceptLimit) decidedOnTime++;
      }
    } else if (nowMs - f.startMs > acceptLimit) decisionDue++;

    // Conclusion on time.
    if (f.status === 'concluded') {
      if (f.concludedMs !== null) {
        conclusionDue++;
        if (f.concludedMs - f.startMs <= concludeLimit) concludedOnTime++;
      }
    } else if (f.status !== 'rejected' && nowMs - f.startMs > concludeLimit) conclusionDue++;
  }
  return {
    received: facts.length,
    decided,
    accepted,
    rejected,
    concluded,
    open: facts.length - concluded - rejected,
    transferred,
    acceptedShare: ratio(accepted, decided),
    medianDaysToAcceptance: round1(median(toAccept)),
    medianDaysToConclusion: round1(median(toConclude)),
    decisionDue,
    decidedOnTime,
    decidedOnTimeShare: ratio(decidedOnTime, decisionDue),
    conclusionDue,
    concludedOnTime,
    concludedOnTimeShare: ratio(concludedOnTime, conclusionDue),
  };
}

/** Every `YYYY-MM` from `first` to `last` inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export interface MonthFigures extends Figures {
  month: string;
}

export interface AreaStats extends Figures {
  /** From the area's first month with a report to the current month, newest first (empty without reports). */
  months: MonthFigures[];
}

/** Figures of an area and of each month of it. */
export function areaStats(facts: ReportFacts[], nowMs: number, deadlines: Deadlines): AreaStats {
  const whole = figures(facts, nowMs, deadlines);
  if (!facts.length) return { ...whole, months: [] };
  const byMonth = new Map<string, ReportFacts[]>();
  for (const f of facts) {
    const list = byMonth.get(f.month);
    if (list) list.push(f);
    else byMonth.set(f.month, [f]);
  }
  const first = [...byMonth.keys()].sort()[0]!;
  const months = monthRange(first, beijingMonth(nowMs))
    .reverse()
    .map((month) => ({ month, ...figures(byMonth.get(month) ?? [], nowMs, deadlines) }));
  return { ...whole, months };
}

export interface ProvinceStats {
  asOf: string;
  deadlines: Deadlines;
  province: AreaStats;
  /** Every county with at least one report; callers list the others with zero figures. */
  counties: Map<string, AreaStats>;
}

/**
 * The province's and every county's statistics as of `now`.
 *
 * @example computeStats(timelines, { now: new Date(), deadlines: { acceptDays: 7, concludeDays: 60 } }).province.received
 */
export function computeStats(timelines: Iterable<ReportTimeline>, options: { now: Date; deadlines: Deadlines }): ProvinceStats {
  const nowMs = options.now.getTime();
  const all: ReportFacts[] = [];
  const byCounty = new Map<string, ReportFacts[]>();
  for (const t of timelines) {
    const f = reportFacts(t);
    all.push(f);
    const list = byCounty.get(f.county);
    if (list) list.push(f);
    else byCounty.set(f.county, [f]);
  }
  const counties = new Map<string, AreaStats>();
  for (const [county, facts] of byCounty) counties.set(county, areaStats(facts, nowMs, options.deadlines));
  return { asOf: options.now.toISOString(), deadlines: options.deadlines, province: areaStats(all, nowMs, options.deadlines), counties };
}

/** The figures of an area with no report. */
export function emptyAreaStats(deadlines: Deadlines, nowMs = 0): AreaStats {
  return areaStats([], nowMs, deadlines);
}
