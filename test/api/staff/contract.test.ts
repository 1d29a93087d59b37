import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { countyListSchema } from '../../../api/reports/schemas.ts';
import type { CaseService } from '../../../api/staff/case-service.ts';
import {
  type ActionRequest,
  type CountyOption,
  contactSchema,
  type ReportDetail,
  reportAnswerSchema,
  reportListSchema,
  sessionSchema,
} from '../../../src/kernel/report/contract/staff.ts';
import type { Action } from '../../../src/kernel/report/workflow.ts';
import { outfallRecord, publishOutfalls } from '../helpers.ts';
import { COUNTY_A, COUNTY_B, login, makeStaffApp, POINTS, type StaffTestApp, staffRequest, submitReport } from './helpers.ts';

/**
 * The staff pages are typed by the contract (src/kernel/report/contract/staff.ts), so `tsc` fails
 * when a page reads what the contract does not have. These tests close the other side: every JSON
 * answer of the real API is exactly what the contract describes, no field missing or of another
 * type (the schema would not parse it) and none added (parsing strips unknown fields, so the
 * result would differ from the answer).
 */

let t: StaffTestApp;
afterEach(() => t?.cleanup());

/** The answer, checked against its contract schema; fails naming the first difference. */
function expectExactly<S extends z.ZodType>(schema: S, answer: unknown): z.output<S> {
  const parsed = schema.safeParse(answer);
  expect(parsed.error?.issues ?? [], JSON.stringify(answer)).toEqual([]);
  expect(parsed.data).toStrictEqual(answer);
  return parsed.data as z.output<S>;
}

async function json(res: Response, status = 200): Promise<unknown> {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json();
}

describe('the staff API answers exactly as its contract says', () => {
  it('session, inbox, report file, every action and the contact, for county and province staff', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    await t.addStaff('p.staff', null);
    publishOutfalls(t, [outfallRecord({ code: 'TEST-220102-0001', name: '伊通河南关区测试排污口', lng: 125.3503, lat: 43.8502 })]);
    const named = await submitReport(t, { photos: 2, contact: true, fields: { outfallCode: 'TEST-220102-0001' } });
    const near = await submitReport(t, { at: POINTS.nearBorder });

    const loginRes = await staffRequest(t, 'POST', '/login', { json: { login: 'a.staff', password: 'correct horse battery' } });
    expect(expectExactly(sessionSchema, await json(loginRes)).staff).toMatchObject({ login: 'a.staff', role: 'county', county: { adcode: COUNTY_A } });
    const a = await login(t, 'a.staff');
    const p = await login(t, 'p.staff');
    expect(expectExactly(sessionSchema, await json(await staffRequest(t, 'GET', '/me', { cookie: p }))).staff.county).toBeNull();

    const list = expectExactly(reportListSchema, await json(await staffRequest(t, 'GET', '/reports', { cookie: p })));
    expect(list.reports.map((r) => r.id)).toEqual([named.id, near.id]);
    expect(list.reports[0]).toMatchObject({ outfallCode: 'TEST-220102-0001', photoCount: 2, deadline: { kind: 'acceptance' } });
    expect(list.reports[1]).toMatchObject({ outfallCode: null, outfallName: null, nearBorder: true });

    for (const body of [{ action: 'accept' }, { action: 'start' }, { action: 'note', text: '内部备注' }, { action: 'reply', text: '公开答复' }]) {
      expectExactly(reportAnswerSchema, await json(await staffRequest(t, 'POST', `/reports/${named.id}/actions`, { cookie: a, json: body })));
    }
    expect(expectExactly(contactSchema, await json(await staffRequest(t, 'POST', `/reports/${named.id}/contact`, { cookie: a })))).toEqual({
      contact: { name: '张三', phone: '13800000000' },
    });
    const concluded = expectExactly(
      reportAnswerSchema,
      await json(await staffRequest(t, 'POST', `/reports/${named.id}/actions`, { cookie: a, json: { action: 'conclude', reply: '已办结' } })),
    ).report;
    expect(concluded).toMatchObject({ status: 'concluded', deadline: null, hasContact: true });
    expect(concluded.timeline.map((e) => e.type)).toEqual([
      'received',
      'status_changed',
      'status_changed',
      'internal_note',
      'public_reply',
      'contact_viewed',
      'status_changed',
    ]);

    const transferred = expectExactly(
      reportAnswerSchema,
      await json(
        await staffRequest(t, 'POST', `/reports/${near.id}/actions`, { cookie: p, json: { action: 'transfer', countyAdcode: COUNTY_B, reason: '转交理由' } }),
      ),
    ).report;
    expect(transferred.routing.nearBorder.length).toBeGreaterThan(0);
    expect(transferred.timeline.at(-1)).toMatchObject({ type: 'transferred', actorLogin: 'p.staff', data: { to: COUNTY_B } });
    expectExactly(reportAnswerSchema, await json(await staffRequest(t, 'GET', `/reports/${near.id}`, { cookie: p })));
  });

  it('the check has teeth: a missing, retyped or added field fails it', () => {
    const answer = { contact: { name: '张三', phone: null } };
    expect(contactSchema.safeParse({ contact: { name: '张三' } }).success).toBe(false);
    expect(contactSchema.safeParse({ contact: { name: 1, phone: null } }).success).toBe(false);
    const added = { contact: { ...answer.contact, email: 'x@example.cn' } };
    expect(contactSchema.parse(added)).not.toStrictEqual(added);
    expect(contactSchema.parse(answer)).toStrictEqual(answer);
  });

  it('the case service answers with the contract types, the actions those of the workflow, and /api/counties with the counties the pages read', async () => {
    expectTypeOf<ReturnType<CaseService['detail']>>().toEqualTypeOf<ReportDetail>();
    expectTypeOf<ReturnType<CaseService['act']>>().toEqualTypeOf<ReportDetail>();
    expectTypeOf<z.infer<typeof countyListSchema>[number]>().toEqualTypeOf<CountyOption>();
    // The action body names exactly the workflow's actions (the pages offer them from its table).
    expectTypeOf<ActionRequest['action']>().toEqualTypeOf<Action>();
    t = makeStaffApp();
    const counties = (await json(await t.app.request('/api/counties'))) as CountyOption[];
    const keys: (keyof CountyOption)[] = ['adcode', 'bureau', 'cityAdcode', 'cityName', 'name'];
    for (const c of counties) expect(Object.keys(c).sort()).toEqual(keys);
  });
});
