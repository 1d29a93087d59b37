import { describe, expect, it } from 'vitest';
import { type StaffMessageKey, t as staffT } from '../../../src/components/staff/i18n.ts';
import {
  type ActionKind,
  actorLabel,
  availableActions,
  CONFIRMED_ACTIONS,
  eventLabel,
  filtersToQuery,
  formatDistance,
  formatWait,
  groupByCity,
  parseFilters,
} from '../../../src/components/staff/model.ts';
import { REPORT_STATUSES } from '../../../src/kernel/db/enums.ts';
import staffUi from '../../../src/kernel/i18n/zh-CN/staff-ui.ts';
import { CATEGORY_KEYS } from '../../../src/kernel/report/categories.ts';

const keys = CATEGORY_KEYS;

describe('inbox filters in the URL', () => {
  it.each([
    ['', {}],
    ['?status=received', { status: 'received' }],
    ['?status=bogus&category=other', { category: 'other' }],
    ['?category=not_a_category&overdue=1', { overdue: true }],
    ['?nearBorder=1&overdue=0', { nearBorder: true }],
    ['?county=220102', { county: '220102' }],
    ['?county=2201', {}],
    [
      '?status=concluded&category=signboard&overdue=1&nearBorder=1&county=220581',
      { status: 'concluded', category: 'signboard', overdue: true, nearBorder: true, county: '220581' },
    ],
  ])('%s', (search, expected) => {
    const f = parseFilters(search, keys);
    expect(f).toEqual({ overdue: false, nearBorder: false, ...expected });
  });

  it('round-trips through the query string in a fixed order', () => {
    const f = parseFilters('?county=220102&nearBorder=1&status=accepted&overdue=1&category=other', keys);
    expect(filtersToQuery(f)).toBe('?status=accepted&category=other&overdue=1&nearBorder=1&county=220102');
    expect(parseFilters(filtersToQuery(f), keys)).toEqual(f);
    expect(filtersToQuery({ overdue: false, nearBorder: false })).toBe('');
  });
});

describe('workflow actions offered', () => {
  it.each([
    ['received', 'county', ['accept', 'reject', 'reply', 'note', 'transfer']],
    ['accepted', 'county', ['start', 'conclude', 'reply', 'note', 'transfer']],
    ['in_progress', 'county', ['conclude', 'reply', 'note', 'transfer']],
    // Closed: only internal notes (the API refuses a public reply on a closed report, 409).
    ['rejected', 'county', ['note']],
    ['concluded', 'county', ['note']],
    ['received', 'province', ['transfer']],
    ['in_progress', 'province', ['transfer']],
    ['concluded', 'province', []],
  ] as const)('%s for %s staff', (status, role, expected) => {
    expect(availableActions(status, role)).toEqual(expected);
  });

  it('has every string a built key needs, for every action', () => {
    const all: ActionKind[] = ['accept', 'reject', 'start', 'conclude', 'reply', 'note', 'transfer'];
    const needed: string[] = [];
    for (const kind of all) {
      needed.push(`staff.ui.action.${kind}`, `staff.ui.done.${kind}`);
      if (kind !== 'accept' && kind !== 'start') needed.push(`staff.ui.action.${kind}.hint`, `staff.ui.action.${kind}.submit`);
      if (CONFIRMED_ACTIONS.has(kind)) needed.push(`staff.ui.confirm.${kind}`, `staff.ui.confirm.${kind}.yes`);
    }
    needed.push('staff.ui.action.transferProvince', 'staff.ui.action.transferProvince.hint', 'staff.ui.action.transferProvince.submit');
    for (const f of ['reason', 'reply', 'text']) needed.push(`staff.ui.field.${f}`, `staff.ui.field.${f}Required`);
    for (const s of REPORT_STATUSES) needed.push(`report.status.${s}`);
    const missing = needed.filter((k) => !(k in staffUi) && staffT(k as StaffMessageKey) === undefined);
    expect(missing).toEqual([]);
  });
});

describe('wording', () => {
  it.each([
    [0, '0 米'],
    [320.4, '320 米'],
    [999.4, '999 米'],
    [1530, '1.5 公里'],
  ])('distance %d m', (m, text) => expect(formatDistance(m)).toBe(text));

  it.each([
    [1, '1 秒'],
    [59, '59 秒'],
    [60, '1 分钟'],
    [61, '2 分钟'],
    [900, '15 分钟'],
  ])('login wait %d s', (s, text) => expect(formatWait(s)).toBe(text));

  it.each([
    ['citizen', '举报人'],
    ['system', '系统'],
    ['staff:7', '工作人员 7'],
    ['staff:nanguan01', '工作人员 nanguan01'],
  ])('actor %s', (actor, text) => expect(actorLabel(actor)).toBe(text));

  it('names staff by login when the API gives it', () => expect(actorLabel('staff:7', 'nanguan01')).toBe('工作人员 nanguan01'));

  it('names the counties of a transfer and the status of a change', () => {
    const names: Record<string, string> = { '220102': '南关区', '220104': '朝阳区' };
    const name = (a: string) => names[a] ?? a;
    expect(eventLabel({ type: 'transferred', status: 'received', data: { from: '220102', to: '220104' } }, name)).toBe('转交：南关区 → 朝阳区');
    expect(eventLabel({ type: 'status_changed', status: 'concluded', data: null }, name)).toBe('状态变为：已办结');
    expect(eventLabel({ type: 'something_new', status: null, data: null }, name)).toBe('记录：something_new');
  });

  it('groups counties by city, keeping their order', () => {
    const groups = groupByCity([
      { adcode: '220102', name: '南关区', cityName: '长春市' },
      { adcode: '220202', name: '昌邑区', cityName: '吉林市' },
      { adcode: '220104', name: '朝阳区', cityName: '长春市' },
    ]);
    expect(groups.map(([city, list]) => [city, list.map((c) => c.name)])).toEqual([
      ['长春市', ['南关区', '朝阳区']],
      ['吉林市', ['昌邑区']],
    ]);
  });
});
