import { afterEach, describe, expect, it } from 'vitest';
import { contactDirectory, registerDeliveryContacts } from '../../../api/delivery/contacts.ts';
import { REPORT_STATUSES, type ReportStatus } from '../../../src/kernel/db/schema.ts';
import type { ReportAnswer, ReportDetail, ReportList } from '../../../src/kernel/report/contract/staff.ts';
import { ACTIONS, type Action, TRANSITIONS } from '../../../src/kernel/report/workflow.ts';
import { outfallRecord, publishOutfalls } from '../helpers.ts';
import {
  COUNTY_A,
  COUNTY_B,
  events,
  login,
  makeStaffApp,
  POINTS,
  publicView,
  reportRow,
  type StaffTestApp,
  type SubmittedReport,
  snapshot,
  staffRequest,
  submitReport,
} from './helpers.ts';

/** The workflow: the transition table walked exhaustively, audit events, transfer, deadlines, contact and export. */

let t: StaffTestApp;
afterEach(() => t?.cleanup());

const DAY = 86_400_000;
const BODY: Record<Action, Record<string, string>> = {
  accept: { action: 'accept' },
  reject: { action: 'reject', reason: '举报位置没有入河排污口，且无法联系举报人核实。' },
  start: { action: 'start' },
  conclude: { action: 'conclude', reply: '经现场核查，已责令企业停止排放并立案调查。' },
  reply: { action: 'reply', text: '已安排执法人员于本周内到现场核查。' },
  note: { action: 'note', text: '内部：企业负责人电话已记录在执法系统。' },
  transfer: { action: 'transfer', countyAdcode: COUNTY_B, reason: '排污口实际位于延吉市境内。' },
};
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
async function actOk(cookie: string, r: SubmittedReport, body: Record<string, string>) {
  const res = await act(cookie, r, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as ReportAnswer).report;
}
async function setup() {
  t = makeStaffApp();
  const aId = await t.addStaff('a.staff', COUNTY_A);
  await t.addStaff('b.staff', COUNTY_B);
  const pId = await t.addStaff('p.staff', null);
  return { aId, pId, a: await login(t, 'a.staff'), b: await login(t, 'b.staff'), p: await login(t, 'p.staff') };
}
const inbox = async (cookie: string, query = '') => (await (await staffRequest(t, 'GET', `/reports${query}`, { cookie })).json()) as ReportList;

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
    let { a, b, aId } = await setup();
    registerDeliveryContacts(t.db, contactDirectory({ [COUNTY_B]: { webhook: { url: 'https://oa.example.gov.cn/hook', secret: 's'.repeat(32) } } }));
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

describe('inbox', () => {
  it('lists oldest first with filters and counts over the whole county', async () => {
    await setup();
    const first = await submitReport(t);
    t.advance(DAY);
    const second = await submitReport(t, { fields: { category: 'signboard' } });
    t.advance(DAY);
    const third = await submitReport(t, { fields: { category: 'signboard' } });
    await submitReport(t, { at: POINTS.B });
    const a = await login(t, 'a.staff');
    const p = await login(t, 'p.staff');
    await actOk(a, second, BODY.accept);

    const all = await inbox(a);
    expect(all.reports.map((x) => x.id)).toEqual([first.id, second.id, third.id]);
    expect(all.counts).toEqual({ byStatus: { received: 2, accepted: 1 }, overdue: 0 });
    expect((await inbox(a, '?status=received')).reports.map((x) => x.id)).toEqual([first.id, third.id]);
    expect((await inbox(a, '?category=signboard')).reports.map((x) => x.id)).toEqual([second.id, third.id]);
    expect((await inbox(a, '?category=signboard&status=received')).reports.map((x) => x.id)).toEqual([third.id]);
    expect((await inbox(a, '?status=received')).counts).toEqual(all.counts);
    // Province staff see every county, or the one they ask for.
    expect((await inbox(p)).reports).toHaveLength(4);
    expect((await inbox(p, `?county=${COUNTY_B}`)).reports).toHaveLength(1);
  });

  it.each([['status=open'], ['category=smell'], ['overdue=yes'], ['county=12'], ['county=229999'], ['status=received&status=accepted']])(
    'refuses the filter %s with 400',
    async (query) => {
      const { a } = await setup();
      const res = await staffRequest(t, 'GET', `/reports?${query}`, { cookie: a });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_filter');
    },
  );

  it('filters near-border reports and names the place by outfall, nearest outfall or coordinates', async () => {
    t = makeStaffApp();
    await t.addStaff('f.staff', '220211');
    await t.addStaff('a.staff', COUNTY_A);
    publishOutfalls(t, [
      outfallRecord({ code: 'TEST-220102-0001', name: '伊通河南关区测试排污口', lng: 125.3503, lat: 43.8502 }),
      outfallRecord({ code: 'TEST-220102-0002', name: '远处的排污口', lng: 125.5, lat: 43.95 }),
    ]);
    const f = await login(t, 'f.staff');
    const a = await login(t, 'a.staff');
    const near = await submitReport(t, { at: POINTS.nearBorder });
    const close = await submitReport(t);
    const named = await submitReport(t, { fields: { outfallCode: 'TEST-220102-0002' } });

    const fList = await inbox(f, '?nearBorder=1');
    expect(fList.reports.map((x) => x.id)).toEqual([near.id]);
    expect(fList.reports[0]!.placeName).toBe('丰满区 · 北纬 43.83000，东经 126.55000');

    const aList = await inbox(a);
    expect(aList.reports.find((x) => x.id === close.id)!.placeName).toMatch(/^南关区 · 伊通河南关区测试排污口附近（约 3\d 米）$/);
    const n = aList.reports.find((x) => x.id === named.id)!;
    expect(n.placeName).toBe('南关区 · 远处的排污口');
    expect(n.outfallName).toBe('远处的排污口');
    expect((await inbox(a, '?nearBorder=1')).reports).toEqual([]);
  });
});

describe('report detail, photos, contact', () => {
  it('shows everything the report holds, with its routing decision and full timeline', async () => {
    const { a, aId } = await setup();
    const r = await submitReport(t, { photos: 2, contact: true });
    await actOk(a, r, BODY.note);
    const res = await staffRequest(t, 'GET', `/reports/${r.id}`, { cookie: a });
    const { report } = (await res.json()) as { report: ReportDetail };
    expect(report).toMatchObject({
      id: r.id,
      trackingNumber: r.trackingNumber,
      description: '河边排口在排黑色污水，气味刺鼻。',
      hasContact: true,
      photoCount: 2,
      routing: { rule: 'point_in_polygon', routedCountyAdcode: COUNTY_A, pointCountyAdcode: COUNTY_A, outfallCountyMismatch: false, nearBorder: [] },
      photos: [
        { n: 1, url: `/api/staff/reports/${r.id}/photos/1`, width: 40, height: 30 },
        { n: 2, url: `/api/staff/reports/${r.id}/photos/2`, width: 40, height: 30 },
      ],
    });
    expect(report.timeline.map((e) => [e.type, e.actor, e.actorLogin, e.public])).toEqual([
      ['received', 'citizen', null, true],
      ['internal_note', `staff:${aId}`, 'a.staff', false],
    ]);
    expect(JSON.stringify(report)).not.toContain('13800000000');

    const photo = await staffRequest(t, 'GET', `/reports/${r.id}/photos/2`, { cookie: a });
    expect(photo.status).toBe(200);
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    for (const n of ['3', '0', 'x', '01']) expect((await staffRequest(t, 'GET', `/reports/${r.id}/photos/${n}`, { cookie: a })).status).toBe(404);
  });

  it('reveals the contact on demand and audits every viewing; a report without one says so and audits nothing', async () => {
    const { a, aId } = await setup();
    const r = await submitReport(t, { contact: true });
    for (let i = 0; i < 2; i++) {
      t.advance(60_000);
      const res = await staffRequest(t, 'POST', `/reports/${r.id}/contact`, { cookie: a });
      expect(await res.json()).toEqual({ contact: { name: '张三', phone: '13800000000' } });
    }
    const viewed = events(t, r.id).filter((e) => e.type === 'contact_viewed');
    expect(viewed).toHaveLength(2);
    expect(viewed[1]).toMatchObject({ actor: `staff:${aId}`, public: 0, at: t.now().toISOString() });

    const bare = await submitReport(t);
    const before = snapshot(t);
    const res = await staffRequest(t, 'POST', `/reports/${bare.id}/contact`, { cookie: a });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('no_contact');
    expect(snapshot(t)).toBe(before);
    expect(t.logs.join('\n')).not.toMatch(/13800000000|张三/);
  });
});

describe('CSV export', () => {
  it('exports the county without contact data, formula-safe, with a BOM', async () => {
    const { a } = await setup();
    const r = await submitReport(t, { contact: true, fields: { description: '=HYPERLINK("http://evil.example","点这里")' } });
    await submitReport(t, { at: POINTS.B });
    const before = snapshot(t);
    const res = await staffRequest(t, 'GET', '/reports.csv', { cookie: a });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="reports-${COUNTY_A}.csv"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^举报编号,状态,举报类型,/);
    expect(lines[0]).not.toContain('联系');
    expect(lines[1]).toContain(r.trackingNumber);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""点这里"")"`);
    expect(lines[1]).not.toMatch(/13800000000|张三/);
    expect(snapshot(t)).toBe(before);
  });

  it('adds contact columns only when asked, and audits one event per exported report with a contact', async () => {
    const { a, aId } = await setup();
    const withContact = await submitReport(t, { contact: true });
    const without = await submitReport(t);
    const res = await staffRequest(t, 'GET', '/reports.csv?includeContact=1', { cookie: a });
    expect(res.status).toBe(200);
    const lines = (await res.text()).slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/,联系人姓名,联系电话$/);
    expect(lines[1]).toMatch(/,张三,13800000000$/);
    expect(lines[2]).toMatch(/,,$/);
    expect(events(t, withContact.id).filter((e) => e.type === 'export_with_contact')).toEqual([
      {
        type: 'export_with_contact',
        actor: `staff:${aId}`,
        public: 0,
        status: null,
        note: null,
        data: JSON.stringify({ exported: 2 }),
        at: t.now().toISOString(),
      },
    ]);
    expect(events(t, without.id).filter((e) => e.type === 'export_with_contact')).toEqual([]);
  });
});
