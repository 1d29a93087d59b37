import { afterEach, describe, expect, it } from 'vitest';
import type { ReportDetail } from '../../../src/kernel/report/contract/staff.ts';
import { outfallRecord, publishOutfalls } from '../helpers.ts';
import {
  ACTION_BODY as BODY,
  COUNTY_A,
  COUNTY_B,
  events,
  inboxOf,
  login,
  makeStaffApp,
  makeThreeStaff,
  POINTS,
  postAction,
  type StaffTestApp,
  type SubmittedReport,
  snapshot,
  staffRequest,
  submitReport,
} from './helpers.ts';

/** The casework around the workflow: the inbox (filters, counts, place names), a report's file (photos, contact reveal) and the CSV export. */

let t: StaffTestApp;
afterEach(() => t?.cleanup());

const DAY = 86_400_000;
const actOk = (cookie: string, r: SubmittedReport, body: Record<string, string>) => postAction(t, cookie, r, body);
async function setup() {
  const staff = await makeThreeStaff();
  t = staff.t;
  return staff;
}
const inbox = (cookie: string, query = '') => inboxOf(t, cookie, query);

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
