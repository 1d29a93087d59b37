import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { addStaff } from '../../../api/staff/accounts.ts';
import type { ScryptParams } from '../../../api/staff/passwords.ts';
import type { ReportAnswer, ReportDetail, ReportList } from '../../../src/kernel/report/contract/staff.ts';
import type { Action } from '../../../src/kernel/report/workflow.ts';
import { type Fields, form, jpeg, makeTestApp, postReport, type TestApp, validFields } from '../helpers.ts';

/**
 * Builders for the staff API tests: a real app over an in-memory database with real migrations,
 * staff accounts made with the same function the CLI uses, reports submitted through the public
 * API (so they are exactly what citizens create), and requests that carry cookies and Origin like
 * a browser on the portal's own pages.
 */

/** The origin `app.request()` requests come from (its URLs are http://localhost/…). */
export const ORIGIN = 'http://localhost';

/** Cheap hashing for tests that log in often; the parameters test uses the defaults. */
export const FAST_SCRYPT: ScryptParams = { log2N: 10, r: 8, p: 1 };
export const FAST_ENV = { STAFF_PASSWORD_SCRYPT_LOG2N: '10' };

export const PASSWORD = 'correct horse battery';

/** Points well inside one county each. */
export const POINTS = {
  /** 南关区 220102 (county A). */
  A: { lat: '43.85', lng: '125.35' },
  /** 延吉市 222401 (county B). */
  B: { lat: '42.9', lng: '129.5' },
  /** 丰满区 220211, 484 m from 船营区. */
  nearBorder: { lat: '43.83', lng: '126.55' },
} as const;
export const COUNTY_A = '220102';
export const COUNTY_B = '222401';

export interface StaffTestApp extends TestApp {
  /** Creates an account (county staff unless `county` is null). */
  addStaff(login: string, county: string | null, password?: string): Promise<number>;
}

export function makeStaffApp(env: Record<string, string> = {}, options: Parameters<typeof makeTestApp>[1] = {}): StaffTestApp {
  const t = makeTestApp({ ...FAST_ENV, ...env }, options);
  const log2N = Number(env.STAFF_PASSWORD_SCRYPT_LOG2N ?? FAST_ENV.STAFF_PASSWORD_SCRYPT_LOG2N);
  return {
    ...t,
    addStaff: async (login, county, password = PASSWORD) =>
      (await addStaff(t.db, { login, password, role: county ? 'county' : 'province', countyAdcode: county ?? undefined }, t.now(), { ...FAST_SCRYPT, log2N }))
        .id,
  };
}

export interface RequestOptions {
  cookie?: string;
  json?: unknown;
  body?: BodyInit;
  /** Origin header; default the app's own. `null` sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** Client address (X-Forwarded-For; the test app trusts the proxy). */
  client?: string;
}

/** A request to /api/staff… as the staff pages make it. */
export function staffRequest(t: TestApp, method: string, path: string, o: RequestOptions = {}) {
  const headers: Record<string, string> = { 'X-Forwarded-For': o.client ?? '192.0.2.10', ...o.headers };
  if (o.origin !== null) headers.Origin = o.origin ?? ORIGIN;
  if (o.cookie) headers.Cookie = o.cookie;
  let body = o.body;
  if (o.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  return t.app.request(`/api/staff${path}`, { method, headers, body });
}

/** The `name=value` part of the session cookie a response sets (undefined if none). */
export function sessionFrom(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => /^(__Host-)?staff=/.test(c));
  const pair = set?.split(';')[0];
  return pair && !pair.endsWith('=') ? pair : undefined;
}

export async function login(t: TestApp, loginName: string, o: { password?: string; client?: string; cookie?: string } = {}): Promise<string> {
  const res = await staffRequest(t, 'POST', '/login', { json: { login: loginName, password: o.password ?? PASSWORD }, client: o.client, cookie: o.cookie });
  expect(res.status, await res.clone().text()).toBe(200);
  return sessionFrom(res)!;
}

export interface SubmittedReport {
  id: number;
  trackingNumber: string;
  queryCode: string;
}

/** Submits a report through the public API (photos and contact optional) and returns its id. */
export async function submitReport(
  t: TestApp,
  o: { at?: { lat: string; lng: string }; photos?: number; contact?: boolean; fields?: Fields } = {},
): Promise<SubmittedReport> {
  const photos = [];
  for (let i = 0; i < (o.photos ?? 0); i++) photos.push({ bytes: await jpeg(40, 30) });
  const fields = validFields({ ...(o.at ?? POINTS.A), ...(o.contact ? { contactName: '张三', contactPhone: '13800000000' } : {}), ...o.fields });
  const res = await postReport(t, form(fields, photos), { 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 200)}` }, randomUUID());
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as { trackingNumber: string; queryCode: string };
  const row = t.db.$client.prepare('SELECT id FROM reports WHERE tracking_number = ?').get(body.trackingNumber) as { id: number };
  return { id: row.id, ...body };
}

/** The public tracking view of a report, as the citizen sees it. */
export async function publicView(t: TestApp, r: SubmittedReport) {
  const res = await t.app.request(`/api/reports/${r.trackingNumber}?code=${r.queryCode}`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; updatedAt: string; timeline: { type: string; status?: string; label: string; reply?: string; at: string }[] };
}

/** Everything a staff request could change, to compare before and after a refused one. */
export function snapshot(t: TestApp): string {
  const tables = ['reports', 'report_events', 'report_contacts', 'report_photos', 'delivery_outbox', 'staff_accounts'];
  return JSON.stringify(Object.fromEntries(tables.map((name) => [name, t.db.$client.prepare(`SELECT * FROM ${name} ORDER BY rowid`).all()])));
}

export function events(t: TestApp, reportId: number) {
  return t.db.$client.prepare('SELECT type, actor, public, status, note, data, at FROM report_events WHERE report_id = ? ORDER BY id').all(reportId) as {
    type: string;
    actor: string;
    public: number;
    status: string | null;
    note: string | null;
    data: string | null;
    at: string;
  }[];
}

export function reportRow(t: TestApp, id: number) {
  return t.db.$client.prepare('SELECT * FROM reports WHERE id = ?').get(id) as {
    status: string;
    county_adcode: string;
    updated_at: string;
    delivery_state: string;
  };
}

/** A valid body of every action (the transfer goes to COUNTY_B). */
export const ACTION_BODY: Record<Action, Record<string, string>> = {
  accept: { action: 'accept' },
  reject: { action: 'reject', reason: '举报位置没有入河排污口，且无法联系举报人核实。' },
  start: { action: 'start' },
  conclude: { action: 'conclude', reply: '经现场核查，已责令企业停止排放并立案调查。' },
  reply: { action: 'reply', text: '已安排执法人员于本周内到现场核查。' },
  note: { action: 'note', text: '内部：企业负责人电话已记录在执法系统。' },
  transfer: { action: 'transfer', countyAdcode: COUNTY_B, reason: '排污口实际位于延吉市境内。' },
};

/** POST …/actions as `cookie`, which must succeed; the report as the API answers it. */
export async function postAction(t: TestApp, cookie: string, r: { id: number }, body: Record<string, string>): Promise<ReportDetail> {
  const res = await staffRequest(t, 'POST', `/reports/${r.id}/actions`, { cookie, json: body });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as ReportAnswer).report;
}

/** An app with county staff a.staff (COUNTY_A) and b.staff (COUNTY_B) and province staff p.staff, each logged in (cookies a, b, p). */
export async function makeThreeStaff(options: Parameters<typeof makeStaffApp>[1] = {}) {
  const t = makeStaffApp({}, options);
  const aId = await t.addStaff('a.staff', COUNTY_A);
  await t.addStaff('b.staff', COUNTY_B);
  const pId = await t.addStaff('p.staff', null);
  return { t, aId, pId, a: await login(t, 'a.staff'), b: await login(t, 'b.staff'), p: await login(t, 'p.staff') };
}

/** GET /api/staff/reports as `cookie`. */
export async function inboxOf(t: TestApp, cookie: string, query = ''): Promise<ReportList> {
  return (await (await staffRequest(t, 'GET', `/reports${query}`, { cookie })).json()) as ReportList;
}
