import { describe, expect, it } from 'vitest';
import type { ReportStatus } from '../../../../src/kernel/db/schema.ts';
import {
  areaStats,
  beijingMonth,
  computeStats,
  figures,
  median,
  monthRange,
  type ReportTimeline,
  reportFacts,
  type TimelineEvent,
} from '../../../../src/kernel/report/stats/compute.ts';

/**
 * The statistics over hand-built timelines: every figure is worked out by hand in the comments.
 */

const DEADLINES = { acceptDays: 7, concludeDays: 60 };
const T0 = Date.parse('2026-03-01T02:00:00Z');
/** An ISO time `d` days after T0. */
const day = (d: number) => new Date(T0 + d * 86_400_000).toISOString();
const ev = (d: number, status: ReportStatus | null, type = 'status_changed'): TimelineEvent => ({ at: day(d), type, status });

function report(status: ReportStatus, events: TimelineEvent[], county = '220102', receivedDay = 0): ReportTimeline {
  return { countyAdcode: county, status, receivedAt: day(receivedDay), events: [ev(receivedDay, 'received', 'received'), ...events] };
}

const NOW = T0 + 100 * 86_400_000;
const facts = (rs: ReportTimeline[]) => rs.map(reportFacts);

describe('median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 2], 3],
    [[1, 2, 3, 100], 2.5],
  ])('median(%j) = %j', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('beijingMonth and monthRange', () => {
  it('puts 00:30 on 1 May Beijing time into May although it is still 30 April in UTC', () => {
    expect(beijingMonth('2026-04-30T16:30:00Z')).toBe('2026-05');
    expect(beijingMonth('2026-04-30T15:59:59Z')).toBe('2026-04');
  });
  it('lists every month across a year end', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2026-02')).toEqual(['2026-02']);
  });
});

describe('reportFacts', () => {
  it('takes the first acceptance and the first conclusion after receipt', () => {
    const f = reportFacts(report('concluded', [ev(2, 'accepted'), ev(5, 'in_progress'), ev(30, 'concluded')]));
    expect(f).toMatchObject({
      startMs: T0,
      decidedMs: Date.parse(day(2)),
      acceptedMs: Date.parse(day(2)),
      concludedMs: Date.parse(day(30)),
      transferred: false,
      month: '2026-03',
    });
  });

  it('counts going straight to "in progress" as the acceptance', () => {
    expect(reportFacts(report('in_progress', [ev(4, 'in_progress')])).acceptedMs).toBe(Date.parse(day(4)));
  });

  it('starts the clock at the latest transfer in and ignores what happened in the county before', () => {
    // Accepted by 南关区 on day 3, transferred to 朝阳区 on day 10 (status back to received),
    // accepted there on day 12: two days for 朝阳区.
    const f = reportFacts(report('accepted', [ev(3, 'accepted'), { at: day(10), type: 'transferred', status: 'received' }, ev(12, 'accepted')], '220104'));
    expect(f).toMatchObject({ county: '220104', startMs: Date.parse(day(10)), acceptedMs: Date.parse(day(12)), transferred: true });
  });

  it('a rejection is a decision, not an acceptance', () => {
    expect(reportFacts(report('rejected', [ev(1, 'rejected')]))).toMatchObject({ decidedMs: Date.parse(day(1)), acceptedMs: null, concludedMs: null });
  });
});

describe('figures', () => {
  it('of no report: zeros and no shares', () => {
    expect(figures([], NOW, DEADLINES)).toEqual({
      received: 0,
      decided: 0,
      accepted: 0,
      rejected: 0,
      concluded: 0,
      open: 0,
      transferred: 0,
      acceptedShare: null,
      medianDaysToAcceptance: null,
      medianDaysToConclusion: null,
      decisionDue: 0,
      decidedOnTime: 0,
      decidedOnTimeShare: null,
      conclusionDue: 0,
      concludedOnTime: 0,
      concludedOnTimeShare: null,
    });
  });

  it('of a mixed set, worked out by hand', () => {
    const set = [
      // A: accepted day 2, concluded day 20 → on time both.
      report('concluded', [ev(2, 'accepted'), ev(20, 'concluded')]),
      // B: accepted day 7 exactly (on time), concluded day 70 → late conclusion.
      report('concluded', [ev(7, 'accepted'), ev(70, 'concluded')]),
      // C: rejected day 9 → late decision, never due for conclusion.
      report('rejected', [ev(9, 'rejected')]),
      // D: accepted day 4, still in progress at day 100 → conclusion overdue.
      report('in_progress', [ev(4, 'accepted'), ev(6, 'in_progress')]),
      // E: received day 98, undecided → not yet due for anything.
      report('received', [], '220102', 98),
      // F: received day 50, undecided at day 100 → decision overdue, conclusion not yet due (50 < 60).
      report('received', [], '220102', 50),
    ];
    const f = figures(facts(set), NOW, DEADLINES);
    expect(f).toEqual({
      received: 6,
      decided: 4, // A B C D
      accepted: 3, // A B D
      rejected: 1,
      concluded: 2,
      open: 3, // D E F
      transferred: 0,
      acceptedShare: 3 / 4,
      medianDaysToAcceptance: 4, // 2, 4, 7
      medianDaysToConclusion: 45, // (20 + 70) / 2
      decisionDue: 5, // A B C D decided, F overdue
      decidedOnTime: 3, // A (2) B (7) D (4)
      decidedOnTimeShare: 3 / 5,
      conclusionDue: 3, // A B concluded, D overdue (100 > 60)
      concludedOnTime: 1, // A
      concludedOnTimeShare: 1 / 3,
    });
  });

  it('judges a transferred report from its arrival', () => {
    // Received day 0, transferred day 50, concluded day 100: 50 days for the new county, on time.
    const f = figures(
      facts([report('concluded', [{ at: day(50), type: 'transferred', status: 'received' }, ev(52, 'accepted'), ev(100, 'concluded')], '220104')]),
      NOW,
      DEADLINES,
    );
    expect(f).toMatchObject({ transferred: 1, medianDaysToAcceptance: 2, medianDaysToConclusion: 50, decidedOnTime: 1, concludedOnTime: 1, conclusionDue: 1 });
  });

  it('leaves a decided report without a decision event out of the on-time counts instead of guessing', () => {
    const f = figures(facts([report('accepted', [])]), NOW, DEADLINES);
    expect(f).toMatchObject({ decided: 1, accepted: 1, decisionDue: 0, decidedOnTimeShare: null, medianDaysToAcceptance: null });
  });

  it('rounds median days to one decimal', () => {
    const at = (h: number) => new Date(T0 + h * 3600_000).toISOString();
    const f = figures(facts([report('accepted', [{ at: at(30), type: 'status_changed', status: 'accepted' }])]), NOW, DEADLINES);
    expect(f.medianDaysToAcceptance).toBe(1.3); // 30 h = 1.25 d
  });
});

describe('areaStats and computeStats', () => {
  it('groups by month of receipt, newest first, with empty months in between up to now', () => {
    const set = [report('accepted', [ev(1, 'accepted')], '220102', 0), report('received', [], '220102', 62)]; // 2026-03-01 and 2026-05-02
    const s = areaStats(facts(set), Date.parse('2026-06-10T00:00:00Z'), DEADLINES);
    expect(s.months.map((m) => [m.month, m.received])).toEqual([
      ['2026-06', 0],
      ['2026-05', 1],
      ['2026-04', 0],
      ['2026-03', 1],
    ]);
    expect(s.months.find((m) => m.month === '2026-03')!.accepted).toBe(1);
  });

  it('counts every report once in the province and once in the county handling it now', () => {
    const set = [
      report('received', [], '220102'),
      report('received', [], '220102'),
      report('accepted', [{ at: day(1), type: 'transferred', status: 'received' }, ev(2, 'accepted')], '220104'),
    ];
    const s = computeStats(set, { now: new Date(NOW), deadlines: DEADLINES });
    expect(s.province.received).toBe(3);
    expect(s.counties.get('220102')!.received).toBe(2);
    expect(s.counties.get('220104')!).toMatchObject({ received: 1, transferred: 1, accepted: 1 });
    expect(s.counties.has('220103')).toBe(false);
    expect(s.asOf).toBe(new Date(NOW).toISOString());
  });
});
