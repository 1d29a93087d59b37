import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { resetPassword, setDisabled } from '../../../api/staff/accounts.ts';
import { COUNTY_A, FAST_SCRYPT, login, makeStaffApp, PASSWORD, type StaffTestApp, sessionFrom, snapshot, staffRequest, submitReport } from './helpers.ts';

/** Sessions, login throttling and cross-site request refusal. */

let t: StaffTestApp;
afterEach(() => t?.cleanup());

const MIN = 60_000;
const me = (cookie: string | undefined) => staffRequest(t, 'GET', '/me', { cookie });
const sessionRows = () => t.db.$client.prepare('SELECT id_hash FROM staff_sessions').all() as { id_hash: string }[];
const cookieValue = (cookie: string) => cookie.split('=').slice(1).join('=');

describe('sessions', () => {
  it('stores only the SHA-256 of the 32 random bytes in the cookie', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const cookie = await login(t, 'a.staff');
    const value = cookieValue(cookie);
    expect(Buffer.from(value, 'base64url')).toHaveLength(32);
    expect(sessionRows()).toEqual([{ id_hash: createHash('sha256').update(value).digest('hex') }]);
    expect(JSON.stringify(t.db.$client.prepare('SELECT * FROM staff_sessions').all())).not.toContain(value);
  });

  it('gives a new session id at every login; a cookie set before login is not the one after (fixation)', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    // An attacker plants a well-formed session id in the victim's browser before login.
    const planted = `staff=${randomBytes(32).toString('base64url')}`;
    expect((await me(planted)).status).toBe(401);
    const first = await login(t, 'a.staff', { cookie: planted });
    expect(first).not.toBe(planted);
    expect((await me(planted)).status).toBe(401);
    expect((await me(first)).status).toBe(200);

    // Logging in again while logged in: a new id, and the old session is over.
    const second = await login(t, 'a.staff', { cookie: first });
    expect(second).not.toBe(first);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
    expect(sessionRows()).toHaveLength(1);
  });

  it('logout deletes the session on the server: the old cookie answers 401', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const cookie = await login(t, 'a.staff');
    const res = await staffRequest(t, 'POST', '/logout', { cookie });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join()).toMatch(/^staff=;.*Max-Age=0/);
    expect(sessionRows()).toHaveLength(0);
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('not_logged_in');
  });

  it('ends after the idle timeout since the last request, and is kept alive by requests', async () => {
    t = makeStaffApp({ SESSION_IDLE_MINUTES: '30' });
    await t.addStaff('a.staff', COUNTY_A);
    const cookie = await login(t, 'a.staff');
    t.advance(29 * MIN);
    expect((await me(cookie)).status).toBe(200);
    t.advance(29 * MIN); // 58 min after login, 29 after the last request
    expect((await me(cookie)).status).toBe(200);
    t.advance(30 * MIN + 1);
    expect((await me(cookie)).status).toBe(401);
    expect(sessionRows()).toHaveLength(0);
    t.advance(-60 * MIN); // even if the clock went back, the session is gone
    expect((await me(cookie)).status).toBe(401);
  });

  it('ends at the absolute timeout whatever the activity', async () => {
    t = makeStaffApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12' });
    await t.addStaff('a.staff', COUNTY_A);
    const cookie = await login(t, 'a.staff');
    for (let i = 0; i < 35; i++) {
      t.advance(20 * MIN); // 11 h 40 min in the end, active throughout
      expect((await me(cookie)).status).toBe(200);
    }
    t.advance(20 * MIN);
    expect((await me(cookie)).status).toBe(401);
  });

  it.each<{ name: string; env: Record<string, string>; headers: Record<string, string>; cookie: RegExp }>([
    { name: 'plain HTTP', env: {}, headers: {}, cookie: /^staff=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/ },
    {
      name: 'PUBLIC_BASE_URL is https',
      env: { PUBLIC_BASE_URL: 'https://hbj.example.gov.cn' },
      headers: {},
      cookie: /^__Host-staff=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    },
    {
      name: 'the request came over https (trusted proxy)',
      env: {},
      headers: { 'X-Forwarded-Proto': 'https' },
      cookie: /^__Host-staff=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    },
  ])('sets the cookie HttpOnly, SameSite=Strict, Path=/ and Secure over HTTPS: $name', async ({ env, headers, cookie }) => {
    t = makeStaffApp(env);
    await t.addStaff('a.staff', COUNTY_A);
    const res = await staffRequest(t, 'POST', '/login', { json: { login: 'a.staff', password: PASSWORD }, headers });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toHaveLength(1);
    expect(res.headers.getSetCookie()[0]).toMatch(cookie);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The cookie works under its own name only.
    const pair = sessionFrom(res)!;
    expect((await staffRequest(t, 'GET', '/me', { cookie: pair, headers })).status).toBe(200);
    const other = pair.startsWith('__Host-') ? pair.slice('__Host-'.length) : `__Host-${pair}`;
    expect((await staffRequest(t, 'GET', '/me', { cookie: other, headers })).status).toBe(401);
  });

  it("a disabled account's sessions stop working, and it cannot log in", async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const cookie = await login(t, 'a.staff');
    // Even a session row that survived (disabled by hand in the database) no longer works.
    t.db.$client.prepare('UPDATE staff_accounts SET disabled = 1').run();
    expect((await me(cookie)).status).toBe(401);
    t.db.$client.prepare('UPDATE staff_accounts SET disabled = 0').run();
    const again = await login(t, 'a.staff');
    setDisabled(t.db, 'a.staff', true);
    expect(sessionRows()).toHaveLength(0);
    expect((await me(again)).status).toBe(401);
    const res = await staffRequest(t, 'POST', '/login', { json: { login: 'a.staff', password: PASSWORD } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('login_failed');
  });

  it('a password reset ends every session of the account', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const one = await login(t, 'a.staff');
    const two = await login(t, 'a.staff', { client: '192.0.2.77' });
    await resetPassword(t.db, 'a.staff', 'a brand new password', t.now(), FAST_SCRYPT);
    expect((await me(one)).status).toBe(401);
    expect((await me(two)).status).toBe(401);
    expect((await staffRequest(t, 'POST', '/login', { json: { login: 'a.staff', password: PASSWORD } })).status).toBe(401);
    await login(t, 'a.staff', { password: 'a brand new password' });
  });

  it('refuses malformed and unknown cookies alike', async () => {
    t = makeStaffApp();
    for (const cookie of ['staff=', 'staff=abc', `staff=${'A'.repeat(43)}`, `staff=${randomBytes(64).toString('base64url')}`]) {
      const res = await me(cookie);
      expect(res.status).toBe(401);
    }
  });
});

describe('login', () => {
  it('answers an unknown login and a wrong password identically (status, body, headers)', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const answers = [];
    for (const body of [
      { login: 'a.staff', password: 'not the password' },
      { login: 'nobody.here', password: 'not the password' },
      { login: 'nobody.here', password: PASSWORD },
    ]) {
      const res = await staffRequest(t, 'POST', '/login', { json: body, client: `192.0.2.${answers.length + 20}` });
      answers.push({ status: res.status, body: await res.text(), setCookie: res.headers.getSetCookie(), retryAfter: res.headers.get('retry-after') });
    }
    expect(answers[0]!.status).toBe(401);
    expect(JSON.parse(answers[0]!.body)).toEqual({ error: { code: 'login_failed', message: '登录名或密码不正确', field: null } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('accepts the login in any case and answers with the staff member', async () => {
    t = makeStaffApp();
    const id = await t.addStaff('a.staff', COUNTY_A);
    const pid = await t.addStaff('p.staff', null);
    const res = await staffRequest(t, 'POST', '/login', { json: { login: '  A.Staff ', password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ staff: { id, login: 'a.staff', role: 'county', county: { adcode: COUNTY_A, name: '南关区' } } });
    const cookie = await login(t, 'p.staff');
    expect(await (await me(cookie)).json()).toEqual({ staff: { id: pid, login: 'p.staff', role: 'province', county: null } });
  });

  it('refuses a missing field with 400 naming it', async () => {
    t = makeStaffApp();
    const res = await staffRequest(t, 'POST', '/login', { json: { login: 'a.staff' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'required', field: 'password', message: '请填写密码' } });
  });
});

describe('login throttling', () => {
  const attempt = (loginName: string, password: string, client = '192.0.2.50') =>
    staffRequest(t, 'POST', '/login', { json: { login: loginName, password }, client });

  it('locks an account after 5 failures for a minute, doubling, even for the right password; success resets', async () => {
    t = makeStaffApp({ STAFF_LOGIN_MAX_FAILURES: '5' });
    await t.addStaff('a.staff', COUNTY_A);
    // Different clients each time: this is the per-account brake.
    for (let i = 1; i <= 5; i++) expect((await attempt('a.staff', 'wrong password', `192.0.2.${i}`)).status).toBe(401);
    const locked = await attempt('a.staff', PASSWORD, '192.0.2.99');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(await locked.json()).toMatchObject({ error: { code: 'login_throttled', message: '登录失败次数过多，请 60 秒后再试' } });

    t.advance(61_000);
    expect((await attempt('a.staff', 'wrong again', '192.0.2.6')).status).toBe(401); // 6th failure: 2 minutes
    const longer = await attempt('a.staff', PASSWORD, '192.0.2.99');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('120');

    t.advance(121_000);
    expect((await attempt('a.staff', PASSWORD, '192.0.2.99')).status).toBe(200);
    const row = t.db.$client.prepare('SELECT failed_logins, locked_until FROM staff_accounts').get();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    // The count starts again from zero.
    for (let i = 1; i <= 4; i++) expect((await attempt('a.staff', 'wrong password', `192.0.2.${i}`)).status).toBe(401);
    expect((await attempt('a.staff', PASSWORD, '192.0.2.99')).status).toBe(200);
  });

  it('throttles an unknown login exactly like an existing one (no account enumeration)', async () => {
    t = makeStaffApp({ STAFF_LOGIN_MAX_FAILURES: '3' });
    await t.addStaff('a.staff', COUNTY_A);
    const trace = async (name: string) => {
      const out = [];
      for (let i = 0; i < 5; i++) {
        const res = await attempt(name, 'wrong password', `192.0.2.${i + 1}`);
        out.push([res.status, res.headers.get('retry-after'), await res.text()]);
      }
      return out;
    };
    const known = await trace('a.staff');
    const unknown = await trace('nobody.here');
    expect(known.map((x) => x[0])).toEqual([401, 401, 401, 429, 429]);
    expect(unknown).toEqual(known);
  });

  it('limits failed logins per client address across accounts', async () => {
    t = makeStaffApp({ STAFF_LOGIN_CLIENT_MAX_FAILURES: '3', STAFF_LOGIN_CLIENT_WINDOW_S: '600' });
    await t.addStaff('a.staff', COUNTY_A);
    for (const name of ['x.one', 'x.two', 'x.three']) expect((await attempt(name, 'guess guess', '203.0.113.5')).status).toBe(401);
    const refused = await attempt('a.staff', PASSWORD, '203.0.113.5');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('600');
    // Other clients are not affected, and the account itself is not locked.
    expect((await attempt('a.staff', PASSWORD, '203.0.113.6')).status).toBe(200);
    t.advance(600_001);
    expect((await attempt('a.staff', PASSWORD, '203.0.113.5')).status).toBe(200);
  });
});

describe('cross-site requests', () => {
  const BODIES: Record<string, () => { body: BodyInit; type?: string }> = {
    json: () => ({ body: JSON.stringify({ action: 'accept' }), type: 'application/json' }),
    urlencoded: () => ({ body: 'action=accept', type: 'application/x-www-form-urlencoded' }),
    multipart: () => {
      const f = new FormData();
      f.append('action', 'accept');
      return { body: f };
    },
    'text/plain': () => ({ body: '{"action":"accept"}', type: 'text/plain' }),
  };
  const ORIGINS: Record<string, Record<string, string>> = {
    'no Origin or Referer': {},
    'a foreign Origin': { Origin: 'https://evil.example' },
    'Origin null': { Origin: 'null' },
    'a foreign Referer and no Origin': { Referer: 'https://evil.example/page' },
    'a foreign Origin with our Referer': { Origin: 'https://evil.example', Referer: 'http://localhost/staff/' },
    'our host on another port': { Origin: 'http://localhost:8080' },
    'our host over another scheme': { Origin: 'https://localhost' },
  };
  const cases = Object.entries(ORIGINS).flatMap(([who, headers]) => Object.keys(BODIES).map((kind) => [who, kind, headers] as const));

  it.each(cases)('refuses a state change with %s (%s body) with 403 and changes nothing', async (_who, kind, headers) => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const r = await submitReport(t, { contact: true });
    const cookie = await login(t, 'a.staff');
    const before = snapshot(t);
    for (const path of [`/reports/${r.id}/actions`, `/reports/${r.id}/contact`, '/logout', '/login']) {
      const { body, type } = BODIES[kind]!();
      const res = await t.app.request(`/api/staff${path}`, {
        method: 'POST',
        body,
        headers: { Cookie: cookie, ...(type ? { 'Content-Type': type } : {}), ...headers },
      });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'csrf_origin_mismatch', field: 'Origin' } });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(snapshot(t)).toBe(before);
    expect((await me(cookie)).status).toBe(200); // logout was refused too
  });

  it.each([
    ['the request host as Origin', {}, { Origin: 'http://localhost' }],
    ['PUBLIC_BASE_URL as Origin', { PUBLIC_BASE_URL: 'https://hbj.example.gov.cn' }, { Origin: 'https://hbj.example.gov.cn' }],
    ['a same-origin Referer without Origin', {}, { Referer: 'http://localhost/staff/reports/1' }],
    ['the proxy-reported origin', {}, { Origin: 'https://portal.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'portal.example' }],
  ] as const)('lets a same-origin request through: %s', async (_name, env, headers) => {
    t = makeStaffApp(env);
    await t.addStaff('a.staff', COUNTY_A);
    const r = await submitReport(t);
    const loginRes = await t.app.request('/api/staff/login', {
      method: 'POST',
      body: JSON.stringify({ login: 'a.staff', password: PASSWORD }),
      headers: { 'Content-Type': 'application/json', ...headers },
    });
    expect(loginRes.status).toBe(200);
    const cookie = sessionFrom(loginRes)!;
    const res = await t.app.request(`/api/staff/reports/${r.id}/actions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'accept' }),
      headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers },
    });
    expect(res.status).toBe(200);
  });

  it('does not ask GET requests for an Origin', async () => {
    t = makeStaffApp();
    await t.addStaff('a.staff', COUNTY_A);
    const cookie = await login(t, 'a.staff');
    expect((await staffRequest(t, 'GET', '/me', { cookie, origin: null })).status).toBe(200);
  });
});
