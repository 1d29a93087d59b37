import { afterEach, describe, expect, it } from 'vitest';
import { contactDirectory } from '../../../api/delivery/contacts.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../../src/kernel/db/schema.ts';
import { ACTIONS, type Action, TRANSITIONS } from '../../../src/kernel/report/workflow.ts';
import {
  ACTION_BODY,
  COUNTY_A,
  COUNTY_B,
  events,
  inboxOf,
  login,
  makeStaffApp,
  makeThreeStaff,
  postAction,
  publicView,
  reportRow,
  type StaffTestApp,
  type SubmittedReport,
  snapshot,
  staffRequest,
  submitReport,
} from './helpers.ts';

/** The workflow: the transition table walked exhaustively, audit events, transfer, deadlines. The inbox, report file and export: ./casework.test.ts. */

let t: StaffTestApp;
afterEach(() => t?.cleanup());

const DAY = 86_400_000;
const BODY = ACTION_BODY;
/** How to bring a received report into each status, through the API. */
const PATH_TO: Record<ReportStatus, Action[]> = {
  received: [],
  accepted: ['accept'],
  rejected: ['reject'],
  in_progress: ['accept', 'start'],
  concluded: ['accept', 'conclude'],
};

async function act(cookie: string, r: SubmittedReport, body: Record<string, string>) {
  return staffRequest(t, 'POST', `/reports/${r.id}/actions`, { cookie, json: body });
}
const actOk = (cookie: string, r: SubmittedReport, body: Record<string, string>) => postAction(t, cookie, r, body);
async function setup(options: Parameters<typeof makeThreeStaff>[0] = {}) {
  const staff = await makeThreeStaff(options);
  t = staff.t;
  return staff;
}
const inbox = (cookie: string, query = '') => inboxOf(t, cookie, query);

describe('transition table', () => {
  const cases = ACTIONS.flatMap((action) => REPORT_STATUSES.map((from) => [action, from, TRANSITIONS[action].from.includes(from)] as const));

  it.each(cases)('%s from %s: legal = %s', async (action, from, legal) => {
    const { a, aId } = await setup();
    const r = await submitReport(t);
    for (const step of PATH_TO[from]) await actOk(a, r, BODY[step]);
    expect(reportRow(t, r.id).status).toBe(from);
    t.advance(10 * 60_000);
    const before = snapshot(t);
    const eventsBefore = events(t, r.id).length;

    const res = await act(a, r, BODY[action]);
    if (!legal) {
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_transition', field: 'action' } });
      expect(snapshot(t)).toBe(before);
      return;
    }
    expect(res.status).toBe(200);
    const rule = TRANSITIONS[action];
    const row = reportRow(t, r.id);
    expect(row.status).toBe(rule.to ?? from);
    // The public "last updated" moves with public events only.
    expect(row.updated_at === t.now().toISOString()).toBe(rule.public);
    // Exactly one audit event: who, when, what, public or not.
    const all = events(t, r.id);
    expect(all).toHaveLength(eventsBefore + 1);
    const e = all.at(-1)!;
    expect(e).toMatchObject({ type: rule.event, actor: `staff:${aId}`, public: rule.public ? 1 : 0, status: rule.to, at: t.now().toISOString() });
    const text = BODY[action].reason ?? BODY[action].reply ?? BODY[action].text;
    if (action === 'transfer') expect(JSON.parse(e.data!)).toEqual({ from: COUNTY_A, to: COUNTY_B, reason: text });
    else expect(e.note).toBe(text ?? null);
  });
});

describe('actions', () => {
  it.each([
    ['conclude without a reply', 'accept', { action: 'conclude' }, 'required', 'reply'],
    ['conclude with a blank reply', 'accept', { action: 'conclude', reply: '  \n ' }, 'required', 'reply'],
    ['reject without a reason', null, { action: 'reject' }, 'required', 'reason'],
    ['reject with an empty reason', null, { action: 'reject', reason: '' }, 'required', 'reason'],
    ['a reply too long', null, { action: 'reply', text: '字'.repeat(2001) }, 'text_too_long', 'text'],
    ['a note with control characters', null, { action: 'note', text: 'a\u0007b' }, 'control_characters', 'text'],
    ['an unknown action', null, { action: 'delete' }, 'invalid_action', 'action'],
    ['no action', null, {}, 'invalid_action', 'action'],
    ['transfer to an unknown county', null, { action: 'transfer', countyAdcode: '229999', reason: '测试' }, 'unknown_county', 'countyAdcode'],
    ['transfer to a malformed code', null, { action: 'transfer', countyAdcode: 'abc', reason: '测试' }, 'unknown_county', 'countyAdcode'],
    ['transfer to its own county', null, { action: 'transfer', countyAdcode: COUNTY_A, reason: '测试' }, 'transfer_same_county', 'countyAdcode'],
    ['transfer without a reason', null, { action: 'transfer', countyAdcode: COUNTY_B }, 'required', 'reason'],
  ] as const)('refuses %s with 400 and changes nothing', async (_name, first, body, code, field) => {
    const { a } = await setup();
    const r = await submitReport(t);
    if (first) await actOk(a, r, BODY[first]);
    const before = snapshot(t);
    const res = await act(a, r, body as Record<string, string>);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(json.error).toMatchObject({ code, field });
    expect(json.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(snapshot(t)).toBe(before);
  });

  it('keeps internal notes, staff identities and contact data out of the public lookup', async () => {
    const { a } = await setup();
    const r = await submitReport(t, { contact: true });
    await actOk(a, r, BODY.accept);
    const updatedBefore = (await publicView(t, r)).updatedAt;
    t.advance(60_000);
    await actOk(a, r, { action: 'note', text: '内部备注甲乙丙：不公开的内容' });
    await staffRequest(t, 'POST', `/reports/${r.id}/contact`, { cookie: a });
    const view = await publicView(t, r);
    const text = JSON.stringify(view);
    expect(text).not.toContain('内部备注甲乙丙');
    expect(text).not.toContain('staff:');
    expect(text).not.toContain('a.staff');
    expect(text).not.toContain('13800000000');
    expect(text).not.toContain('张三');
    expect(view.timeline.map((e) => e.type)).toEqual(['received', 'status_changed']);
    // An internal note or a contact viewing does not even move "last updated".
    expect(view.updatedAt).toBe(updatedBefore);
  });

  it('shows status changes, public replies and the concluding reply on the citizen tracking page', async () => {
    const { a } = await setup();
    const r = await submitReport(t);
    await actOk(a, r, BODY.accept);
    await actOk(a, r, BODY.reply);
    await actOk(a, r, BODY.start);
    await actOk(a, r, BODY.conclude);
    const view = await publicView(t, r);
    expect(view.status).toBe('concluded');
    expect(view.timeline.map((e) => [e.type, e.status ?? null, e.reply ?? null])).toEqual([
      ['received', 'received', null],
      ['status_changed', 'accepted', null],
      ['public_reply', null, BODY.reply.text],
      ['status_changed', 'in_progress', null],
      ['status_changed', 'concluded', BODY.conclude.reply],
    ]);
    expect(view.timeline[2]!.label).toBe('长春市生态环境局南关区分局答复');
  });

  it('shows a rejection with its reason publicly', async () => {
    const { a } = await setup();
    const r = await submitReport(t);
    await actOk(a, r, BODY.reject);
    const last = (await publicView(t, r)).timeline.at(-1)!;
    expect(last).toMatchObject({ type: 'status_changed', status: 'rejected', label: '状态变为：不予受理', reply: BODY.reject.reason });
  });
});

describe('transfer', () => {
  it('moves the report between inboxes, restarts its deadline, shows publicly (reason internal) and queues delivery to the new county', async () => {
    const contacts = contactDirectory({ [COUNTY_B]: { webhook: { url: 'https://oa.example.gov.cn/hook', secret: 's'.repeat(32) } } });
    let { a, b, aId } = await setup({ delivery: { contacts } });
    const r = await submitReport(t);
    await actOk(a, r, BODY.accept);
    expect((await inbox(a)).reports.map((x) => x.id)).toEqual([r.id]);
    expect((await inbox(b)).reports).toEqual([]);

    t.advance(3 * DAY);
    // Sessions last hours, not days: log in again after moving the clock.
    a = await login(t, 'a.staff');
    b = await login(t, 'b.staff');
    const transferredAt = t.now().toISOString();
    const detail = await actOk(a, r, BODY.transfer);
    expect(detail).toMatchObject({
      status: 'received',
      countyAdcode: COUNTY_B,
      deadline: { kind: 'acceptance', due: new Date(t.now().getTime() + 7 * DAY).toISOString(), overdue: false },
    });

    expect((await inbox(a)).reports).toEqual([]);
    expect((await staffRequest(t, 'GET', `/reports/${r.id}`, { cookie: a })).status).toBe(404);
    expect((await inbox(b)).reports.map((x) => x.id)).toEqual([r.id]);
    expect((await staffRequest(t, 'GET', `/reports/${r.id}`, { cookie: b })).status).toBe(200);
    // The new county can handle it; the old one no longer can.
    expect((await act(a, r, BODY.accept)).status).toBe(404);
    await actOk(b, r, BODY.accept);

    const view = await publicView(t, r);
    const transfer = view.timeline.find((e) => e.type === 'transferred')!;
    expect(transfer).toMatchObject({ at: transferredAt, status: 'received', label: '转交延边朝鲜族自治州生态环境局延吉市分局办理' });
    expect(JSON.stringify(view)).not.toContain(BODY.transfer.reason!);

    const outbox = t.db.$client.prepare('SELECT county_adcode, reason, channel, target, state FROM delivery_outbox WHERE report_id = ?').all(r.id);
    expect(outbox).toEqual([
      { county_adcode: COUNTY_B, reason: 'transferred', channel: 'webhook', target: 'https://oa.example.gov.cn/hook', state: 'pending' },
    ]);
    expect(events(t, r.id).find((e) => e.type === 'transferred')).toMatchObject({ actor: `staff:${aId}`, public: 1 });
  });

  it('lets province staff reassign, and only that', async () => {
    const { p, pId } = await setup();
    const r = await submitReport(t);
    for (const action of ACTIONS.filter((x) => x !== 'transfer')) {
      const res = await act(p, r, BODY[action]);
      expect(res.status, action).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const detail = await actOk(p, r, BODY.transfer);
    expect(detail.countyAdcode).toBe(COUNTY_B);
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'transferred', actor: `staff:${pId}`, actorLogin: 'p.staff' });
  });
});

describe('deadlines', () => {
  it('marks a report overdue for acceptance after ACCEPT_DEADLINE_DAYS, then for conclusion after CONCLUDE_DEADLINE_DAYS from receipt', async () => {
    await setup();
    const received = t.now().getTime();
    const r = await submitReport(t);
    // Sessions last hours, not days: a fresh login for every look after moving the clock.
    const deadline = async () => (await inbox(await login(t, 'a.staff'))).reports[0]!.deadline;

    expect(await deadline()).toEqual({ kind: 'acceptance', due: new Date(received + 7 * DAY).toISOString(), overdue: false });
    t.advance(7 * DAY);
    expect((await deadline())!.overdue).toBe(false); // due at that very moment
    t.advance(1000);
    expect((await deadline())!.overdue).toBe(true);
    const a = await login(t, 'a.staff');
    const list = await inbox(a);
    expect(list.counts.overdue).toBe(1);
    expect((await inbox(a, '?overdue=1')).reports.map((x) => x.id)).toEqual([r.id]);

    await actOk(a, r, BODY.accept);
    expect(await deadline()).toEqual({ kind: 'conclusion', due: new Date(received + 60 * DAY).toISOString(), overdue: false });
    expect((await inbox(a, '?overdue=1')).reports).toEqual([]);
    t.advance(53 * DAY);
    expect((await deadline())!.overdue).toBe(true);
    await actOk(await login(t, 'a.staff'), r, BODY.conclude);
    expect(await deadline()).toBeNull();
  });

  it('reads the number of days from the configuration', async () => {
    t = makeStaffApp({ ACCEPT_DEADLINE_DAYS: '3', CONCLUDE_DEADLINE_DAYS: '30' });
    await t.addStaff('a.staff', COUNTY_A);
    const a = await login(t, 'a.staff');
    const received = t.now().getTime();
    const r = await submitReport(t);
    expect((await inbox(a)).reports[0]!.deadline!.due).toBe(new Date(received + 3 * DAY).toISOString());
    await actOk(a, r, BODY.accept);
    expect((await inbox(a)).reports[0]!.deadline!.due).toBe(new Date(received + 30 * DAY).toISOString());
  });
});
