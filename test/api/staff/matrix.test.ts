import { afterEach, describe, expect, it } from 'vitest';
import { STAFF_ROUTES } from '../../../api/staff/routes.ts';
import { COUNTY_A, COUNTY_B, login, makeStaffApp, type StaffTestApp, type SubmittedReport, snapshot, staffRequest, submitReport } from './helpers.ts';

/**
 * The authorization matrix: every staff route × { county A staff, county B staff, province staff,
 * anonymous } × a report of county A. Allowed combinations succeed; every other one answers
 * 404 / 401 / 403 and changes nothing (reports, events, contacts, photos, outbox, accounts).
 *
 * The rows are keyed by the router's own list (STAFF_ROUTES), and the first test checks that the
 * list is exactly what the router registers — a new route fails here until it has its rows.
 */

type Actor = 'countyA' | 'countyB' | 'province' | 'anonymous';
const ACTORS: Actor[] = ['countyA', 'countyB', 'province', 'anonymous'];

/** What an actor gets: success (with an optional check of the body) or a refusal status. */
type Outcome = { ok: number; check?: (res: Response, r: SubmittedReport) => Promise<void> } | { refused: 401 | 403 | 404 };

interface Case {
  /** `METHOD /path` as in STAFF_ROUTES. */
  route: string;
  name: string;
  /** Brings the report into the state the request needs (run as county A staff, before the snapshot). */
  setup?: (t: StaffTestApp, r: SubmittedReport, cookieA: string) => Promise<void>;
  request: (r: SubmittedReport) => { method: string; path: string; json?: unknown };
  expect: Record<Actor, Outcome>;
}

const ok = (check?: (res: Response, r: SubmittedReport) => Promise<void>): Outcome => ({ ok: 200, check });
const ok204: Outcome = { ok: 204 };
const hidden: Outcome = { refused: 404 };
const forbidden: Outcome = { refused: 403 };
const anon: Outcome = { refused: 401 };

const listed = (present: boolean) => async (res: Response, r: SubmittedReport) => {
  const body = (await res.json()) as { reports: { id: number }[] };
  expect(body.reports.some((x) => x.id === r.id)).toBe(present);
};
const inCsv =
  (present: boolean, contact = false) =>
  async (res: Response, r: SubmittedReport) => {
    const text = await res.text();
    expect(text.includes(r.trackingNumber)).toBe(present);
    expect(text.includes('13800000000')).toBe(contact);
  };

async function act(t: StaffTestApp, r: SubmittedReport, cookie: string, json: unknown) {
  const res = await staffRequest(t, 'POST', `/reports/${r.id}/actions`, { cookie, json });
  expect(res.status).toBe(200);
}
const accepted = (t: StaffTestApp, r: SubmittedReport, cookie: string) => act(t, r, cookie, { action: 'accept' });

/** County-only actions: A succeeds, B cannot see the report, province may not act, anonymous must log in. */
const countyOnly = (check?: Case['expect']['countyA']) => ({ countyA: check ?? ok(), countyB: hidden, province: forbidden, anonymous: anon });

const CASES: Case[] = [
  {
    route: 'POST /logout',
    name: 'logout',
    request: () => ({ method: 'POST', path: '/logout' }),
    expect: { countyA: ok204, countyB: ok204, province: ok204, anonymous: ok204 },
  },
  {
    route: 'POST /login',
    name: 'login (public; a session does not matter)',
    request: () => ({ method: 'POST', path: '/login', json: { login: 'nobody', password: 'wrong password!' } }),
    // A failing login answers everyone alike: the route is public, its answer does not depend on who asks.
    expect: { countyA: { refused: 401 }, countyB: { refused: 401 }, province: { refused: 401 }, anonymous: { refused: 401 } },
  },
  { route: 'GET /me', name: 'me', request: () => ({ method: 'GET', path: '/me' }), expect: { countyA: ok(), countyB: ok(), province: ok(), anonymous: anon } },
  {
    route: 'GET /reports',
    name: 'inbox',
    request: () => ({ method: 'GET', path: '/reports' }),
    expect: { countyA: ok(listed(true)), countyB: ok(listed(false)), province: ok(listed(true)), anonymous: anon },
  },
  {
    route: 'GET /reports',
    name: 'inbox of county A asked for by name',
    request: () => ({ method: 'GET', path: `/reports?county=${COUNTY_A}` }),
    expect: { countyA: ok(listed(true)), countyB: forbidden, province: ok(listed(true)), anonymous: anon },
  },
  {
    route: 'GET /reports.csv',
    name: 'export',
    request: () => ({ method: 'GET', path: '/reports.csv' }),
    expect: { countyA: ok(inCsv(true)), countyB: ok(inCsv(false)), province: ok(inCsv(true)), anonymous: anon },
  },
  {
    route: 'GET /reports.csv',
    name: 'export with contact',
    request: () => ({ method: 'GET', path: '/reports.csv?includeContact=1' }),
    expect: { countyA: ok(inCsv(true, true)), countyB: ok(inCsv(false)), province: forbidden, anonymous: anon },
  },
  {
    route: 'GET /reports/:id',
    name: 'detail',
    request: (r) => ({ method: 'GET', path: `/reports/${r.id}` }),
    expect: { countyA: ok(), countyB: hidden, province: ok(), anonymous: anon },
  },
  {
    route: 'GET /reports/:id/photos/:n',
    name: 'photo',
    request: (r) => ({ method: 'GET', path: `/reports/${r.id}/photos/1` }),
    expect: {
      countyA: ok(async (res) => {
        expect(res.headers.get('content-type')).toBe('image/jpeg');
        // The route sends `private, no-store`; the portal's security headers may tighten it to `no-store`.
        expect(res.headers.get('cache-control')).toMatch(/^(private, )?no-store$/);
      }),
      countyB: hidden,
      province: ok(),
      anonymous: anon,
    },
  },
  {
    route: 'POST /reports/:id/contact',
    name: 'contact reveal',
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/contact` }),
    expect: countyOnly(ok(async (res) => expect(await res.json()).toEqual({ contact: { name: '张三', phone: '13800000000' } }))),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'accept',
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'accept' } }),
    expect: countyOnly(),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'reject',
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'reject', reason: '不属于入河排污口问题' } }),
    expect: countyOnly(),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'start',
    setup: accepted,
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'start' } }),
    expect: countyOnly(),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'conclude',
    setup: accepted,
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'conclude', reply: '已责令整改。' } }),
    expect: countyOnly(),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'reply',
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'reply', text: '已派人核查。' } }),
    expect: countyOnly(),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'note',
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'note', text: '内部：联系了企业。' } }),
    expect: countyOnly(),
  },
  {
    route: 'POST /reports/:id/actions',
    name: 'transfer (province: reassign)',
    request: (r) => ({ method: 'POST', path: `/reports/${r.id}/actions`, json: { action: 'transfer', countyAdcode: '220104', reason: '排污口位于朝阳区' } }),
    expect: { countyA: ok(), countyB: hidden, province: ok(), anonymous: anon },
  },
];

let t: StaffTestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('staff authorization matrix', () => {
  it('lists exactly the routes the router registers, and every route has rows', () => {
    const app = makeStaffApp();
    t = app;
    const registered = app.app.routes
      .filter((r) => r.path.startsWith('/api/staff/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.slice('/api/staff'.length)}`);
    const listedRoutes = STAFF_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(registered)).toEqual(new Set(listedRoutes));
    for (const route of listedRoutes)
      expect(
        CASES.some((c) => c.route === route),
        `no matrix rows for ${route}`,
      ).toBe(true);
    for (const c of CASES) expect(listedRoutes, `case ${c.name}`).toContain(c.route);
  });

  const rows = CASES.flatMap((c) => ACTORS.map((actor) => ({ c, actor })));
  it.each(rows.map((row) => [row.c.route, row.c.name, row.actor, row] as const))('%s (%s) as %s', async (_route, _name, _actor, { c, actor }) => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    await t.addStaff('b.staff', COUNTY_B);
    await t.addStaff('p.staff', null);
    const r = await submitReport(t, { photos: 1, contact: true });
    const cookieA = await login(t, 'a.staff');
    await c.setup?.(t, r, cookieA);
    const cookies: Record<Actor, string | undefined> = {
      countyA: cookieA,
      countyB: await login(t, 'b.staff'),
      province: await login(t, 'p.staff'),
      anonymous: undefined,
    };

    const before = snapshot(t);
    const req = c.request(r);
    const res = await staffRequest(t, req.method, req.path, { cookie: cookies[actor], json: req.json });
    const outcome = c.expect[actor];
    if ('ok' in outcome) {
      expect(res.status, await res.clone().text()).toBe(outcome.ok);
      await outcome.check?.(res, r);
    } else {
      expect(res.status, await res.clone().text()).toBe(outcome.refused);
      expect(snapshot(t)).toBe(before);
      if (outcome.refused === 404) {
        // Indistinguishable from a report that does not exist.
        const missing = await staffRequest(t, req.method, req.path.replace(`/reports/${r.id}`, '/reports/999999'), { cookie: cookies[actor], json: req.json });
        expect(missing.status).toBe(404);
        expect(await missing.json()).toEqual(await res.json());
      }
    }
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
  });
});
