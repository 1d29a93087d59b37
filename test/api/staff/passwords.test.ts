import { afterEach, describe, expect, it } from 'vitest';
import { addStaff } from '../../../api/staff/accounts.ts';
import { DEFAULT_SCRYPT, dummyVerifier, hashPassword, needsRehash, parseHash, verifyPassword } from '../../../api/staff/passwords.ts';
import { COUNTY_A, FAST_SCRYPT, login, makeStaffApp, PASSWORD, type StaffTestApp } from './helpers.ts';

/** Password hashing: the parameters are read back from the stored string, which is self-describing. */

let t: StaffTestApp | undefined;
afterEach(() => t?.cleanup());

const storedHash = (app: StaffTestApp) => (app.db.$client.prepare('SELECT password_hash AS h FROM staff_accounts').get() as { h: string }).h;

describe('password hashing', () => {
  it('stores scrypt with N = 2^17, r = 8, p = 1, a 16-byte salt and a 32-byte key by default', async () => {
    t = makeStaffApp({ STAFF_PASSWORD_SCRYPT_LOG2N: '17' });
    // The account is created with the configured (default) parameters, as the CLI does.
    await addStaff(t.db, { login: 'a.staff', password: PASSWORD, role: 'county', countyAdcode: COUNTY_A }, t.now());
    const stored = storedHash(t);
    expect(stored).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const parsed = parseHash(stored)!;
    expect(parsed.params).toEqual({ log2N: 17, r: 8, p: 1 });
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.key).toHaveLength(32);
    expect(DEFAULT_SCRYPT).toEqual({ log2N: 17, r: 8, p: 1 });
    expect(stored).not.toContain(Buffer.from(PASSWORD).toString('base64url'));
  });

  it('verifies the right password only; fresh salt every time; malformed hashes never match', async () => {
    const a = await hashPassword('password one two', FAST_SCRYPT);
    const b = await hashPassword('password one two', FAST_SCRYPT);
    expect(a).not.toBe(b);
    expect(parseHash(a)!.salt.equals(parseHash(b)!.salt)).toBe(false);
    expect(await verifyPassword('password one two', a)).toBe(true);
    expect(await verifyPassword('password one twO', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    for (const bad of ['', 'plain', 'scrypt$10$8$1$$', a.slice(0, -2), a.replace('scrypt', 'bcrypt')])
      expect(await verifyPassword('password one two', bad)).toBe(false);
  });

  it('treats canonically equal Unicode spellings of a password as the same password (NFC)', async () => {
    const h = await hashPassword('Cafe\u0301 密码 1234', FAST_SCRYPT);
    expect(await verifyPassword('Caf\u00e9 密码 1234', h)).toBe(true);
  });

  it('knows when a stored hash needs re-hashing', async () => {
    const h = await hashPassword('password one two', FAST_SCRYPT);
    expect(needsRehash(h, FAST_SCRYPT)).toBe(false);
    expect(needsRehash(h, { ...FAST_SCRYPT, log2N: 11 })).toBe(true);
    expect(needsRehash(h, { ...FAST_SCRYPT, r: 16 })).toBe(true);
    expect(needsRehash('something else', FAST_SCRYPT)).toBe(true);
  });

  it('the dummy verifier never matches, not even the password it was made from', async () => {
    const dummy = dummyVerifier(FAST_SCRYPT);
    expect(await dummy('anything at all')).toBe(false);
    expect(await dummy('')).toBe(false);
  });
});

describe('re-hash at login', () => {
  it('re-hashes with the configured parameters after a successful login, and the password still works', async () => {
    t = makeStaffApp({ STAFF_PASSWORD_SCRYPT_LOG2N: '11' });
    await addStaff(t.db, { login: 'a.staff', password: PASSWORD, role: 'county', countyAdcode: COUNTY_A }, t.now(), FAST_SCRYPT);
    const old = storedHash(t);
    expect(old).toMatch(/^scrypt\$10\$8\$1\$/);

    // A failed login changes nothing.
    const bad = await t.app.request('/api/staff/login', {
      method: 'POST',
      headers: { Origin: 'http://localhost', 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'a.staff', password: 'wrong password' }),
    });
    expect(bad.status).toBe(401);
    expect(storedHash(t)).toBe(old);

    await login(t, 'a.staff');
    const upgraded = storedHash(t);
    expect(upgraded).toMatch(/^scrypt\$11\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);

    // Current parameters: the next login leaves the hash alone.
    await login(t, 'a.staff');
    expect(storedHash(t)).toBe(upgraded);
  });

  it('upgrades to the default N = 2^17 from weaker stored parameters', async () => {
    t = makeStaffApp({ STAFF_PASSWORD_SCRYPT_LOG2N: '17' });
    await addStaff(t.db, { login: 'a.staff', password: PASSWORD, role: 'county', countyAdcode: COUNTY_A }, t.now(), FAST_SCRYPT);
    await login(t, 'a.staff');
    expect(parseHash(storedHash(t))!.params).toEqual({ log2N: 17, r: 8, p: 1 });
  });
});
