import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_COOKIE, deviceTokens } from '../../../api/middleware/device-token.ts';
import { count, form, makeTestApp, postReport, type TestApp, validFields } from '../helpers.ts';

/**
 * The citizen budget (api/middleware/citizen-limit.ts) on the real app: a budget per device
 * (signed device token) under a much higher ceiling per address, shared by every citizen
 * submission route. Before it, the limit was per address only, so phones behind one carrier NAT
 * blocked each other, and Open311 had a bucket of its own besides the form's.
 */

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

/** Everybody behind one carrier NAT. */
const NAT = '203.0.113.77';

async function tokenFor(app: TestApp, address = NAT): Promise<{ token: string; cookie: string }> {
  const res = await app.app.request('/api/device-token', { headers: { 'X-Forwarded-For': address } });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
  expect(set).toMatch(/HttpOnly/i);
  expect(set).toMatch(/SameSite=Lax/i);
  const { token } = (await res.json()) as { token: string };
  return { token, cookie: set.split(';')[0]! };
}

const fromPhone = (app: TestApp, cookie: string | undefined, address = NAT) =>
  postReport(app, form(validFields()), { 'X-Forwarded-For': address, ...(cookie ? { Cookie: cookie } : {}) });

describe('citizen budget: per device, under a per-address ceiling', () => {
  it('phones behind one address each have their own budget (the old per-address limit refused the third phone)', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '2', REPORT_ADDRESS_RATE_LIMIT: '50', REPORT_RATE_WINDOW_S: '600' });
    for (let phone = 0; phone < 5; phone++) {
      const { cookie } = await tokenFor(t);
      expect((await fromPhone(t, cookie)).status).toBe(201);
      expect((await fromPhone(t, cookie)).status).toBe(201);
      const third = await fromPhone(t, cookie);
      expect(third.status).toBe(429);
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      expect(third.headers.get('Retry-After')).toBe('600');
    }
    expect(count(t, 'reports')).toBe(10);
  });

  it('the address ceiling holds however many device tokens a client collects; 429 address_rate_limited with Retry-After', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '2', REPORT_ADDRESS_RATE_LIMIT: '5', REPORT_RATE_WINDOW_S: '600' });
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { cookie } = await tokenFor(t);
      answers.push((await fromPhone(t, cookie)).status, (await fromPhone(t, cookie)).status);
    }
    expect(answers).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const { cookie } = await tokenFor(t);
    const refused = await fromPhone(t, cookie);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'address_rate_limited' });
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Another network is not affected, and the next window opens again.
    expect((await fromPhone(t, undefined, '198.51.100.1')).status).toBe(201);
    t.advance(600_000);
    expect((await fromPhone(t, cookie)).status).toBe(201);
  });

  it('without a token (or with a forged one) a client shares its address’s token-less budget, and is given a cookie', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '2', REPORT_ADDRESS_RATE_LIMIT: '50' });
    const first = await fromPhone(t, undefined);
    expect(first.status).toBe(201);
    // The browser gets a device token with its first submission, for the next one.
    const given = first.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
    expect(given).toBeDefined();
    const forged = `${DEVICE_COOKIE}=d1.${'A'.repeat(22)}.${'B'.repeat(22)}`;
    expect((await fromPhone(t, forged)).status).toBe(201);
    expect((await fromPhone(t, undefined)).status).toBe(429);
    // A token signed with another key is no token either.
    const foreign = deviceTokens(Buffer.alloc(32, 7)).issue();
    expect((await fromPhone(t, `${DEVICE_COOKIE}=${foreign}`)).status).toBe(429);
    // The cookie handed out with the first answer is a device of its own.
    expect((await fromPhone(t, given!.split(';')[0])).status).toBe(201);
  });

  it('accepts the token in the X-Device-Token header as well', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '1', REPORT_ADDRESS_RATE_LIMIT: '50' });
    const a = await tokenFor(t);
    const b = await tokenFor(t);
    expect((await postReport(t, form(validFields()), { 'X-Forwarded-For': NAT, 'X-Device-Token': a.token })).status).toBe(201);
    expect((await postReport(t, form(validFields()), { 'X-Forwarded-For': NAT, 'X-Device-Token': a.token })).status).toBe(429);
    expect((await postReport(t, form(validFields()), { 'X-Forwarded-For': NAT, 'X-Device-Token': b.token })).status).toBe(201);
  });

  it('a device that asks again keeps its token; new tokens per address are bounded by the ceiling', async () => {
    t = makeTestApp({ REPORT_ADDRESS_RATE_LIMIT: '3' });
    const a = await tokenFor(t);
    const again = await t.app.request('/api/device-token', { headers: { 'X-Forwarded-For': NAT, Cookie: a.cookie } });
    expect(((await again.json()) as { token: string }).token).toBe(a.token);
    await tokenFor(t);
    await tokenFor(t);
    const refused = await t.app.request('/api/device-token', { headers: { 'X-Forwarded-For': NAT } });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('address_rate_limited');
  });

  it('one budget for the native API and Open311: a client cannot double it by switching interface', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '2', REPORT_ADDRESS_RATE_LIMIT: '50', OPEN311_KEYLESS_POSTS: 'true' });
    const { cookie } = await tokenFor(t);
    expect((await fromPhone(t, cookie)).status).toBe(201);
    expect((await fromPhone(t, cookie)).status).toBe(201);
    const open311 = await t.app.request('/open311/v2/requests.json', {
      method: 'POST',
      body: new URLSearchParams({ service_code: 'illegal_discharge', lat: '43.85', long: '125.35', description: '河边排口在排黑色污水，气味刺鼻。' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': NAT, Cookie: cookie },
    });
    expect(open311.status).toBe(429);
    expect(count(t, 'reports')).toBe(2);
  });
});
