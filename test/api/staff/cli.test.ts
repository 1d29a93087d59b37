import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDb } from '../../../src/kernel/db/client.ts';
import { PROJECT_ROOT } from '../../../src/kernel/geo/paths.ts';
import { makeTestApp, type TestApp } from '../helpers.ts';
import { ORIGIN, sessionFrom } from './helpers.ts';

/**
 * The staff CLI as a real process: node with type stripping, the password on standard input,
 * DATABASE_PATH pointing at a temporary file. Accounts it makes must work through the API.
 */

let dir: string;
let dbPath: string;
const apps: TestApp[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'staff-cli-'));
  dbPath = join(dir, 'portal.db');
});
afterEach(() => {
  for (const a of apps.splice(0)) {
    a.db.$client.close();
    a.cleanup();
  }
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], stdin: string | null, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', join(PROJECT_ROOT, 'api/staff/cli.ts'), ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_PATH: dbPath, STAFF_PASSWORD_SCRYPT_LOG2N: '10', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (stdin !== null) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

/** An app over the CLI's database file (opened after the CLI has written it). */
function appOverFile(env: Record<string, string> = {}): TestApp {
  const a = makeTestApp({ STAFF_PASSWORD_SCRYPT_LOG2N: '10', ...env }, { db: buildDb(dbPath) });
  apps.push(a);
  return a;
}

function loginVia(a: TestApp, login: string, password: string, client = '192.0.2.1') {
  return a.app.request('/api/staff/login', {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/json', 'X-Forwarded-For': client },
    body: JSON.stringify({ login, password }),
  });
}

describe('staff CLI', () => {
  it('adds county staff with the default scrypt parameters; the account logs in through the API', async () => {
    const added = await cli(['add', '--county', '220102', '--login', 'Nanguan.Li'], 'a good long password\n', { STAFF_PASSWORD_SCRYPT_LOG2N: '' });
    expect(added, added.stderr).toMatchObject({ code: 0 });
    expect(added.stdout).toMatch(/added county 220102 staff account nanguan\.li \(id 1\)/);
    expect(added.stdout + added.stderr).not.toContain('a good long password');

    const a = appOverFile({ STAFF_PASSWORD_SCRYPT_LOG2N: '17' });
    const row = a.db.$client.prepare('SELECT login, role, county_adcode, password_hash, disabled FROM staff_accounts').get() as Record<string, unknown>;
    expect(row).toMatchObject({ login: 'nanguan.li', role: 'county', county_adcode: '220102', disabled: 0 });
    expect(row.password_hash).toMatch(/^scrypt\$17\$8\$1\$/);
    const res = await loginVia(a, 'nanguan.li', 'a good long password');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ staff: { id: 1, login: 'nanguan.li', role: 'county', county: { adcode: '220102', name: '南关区' } } });
  });

  it('adds province staff; disable ends sessions and logins; enable restores them', async () => {
    expect((await cli(['add', '--province', '--login', 'sheng.wang'], 'province password 1\n')).code).toBe(0);
    let a = appOverFile();
    const res = await loginVia(a, 'sheng.wang', 'province password 1');
    expect(await res.json()).toMatchObject({ staff: { role: 'province', county: null } });
    const cookie = sessionFrom(res)!;
    const me = () => a.app.request('/api/staff/me', { headers: { Cookie: cookie } });
    expect((await me()).status).toBe(200);

    const disabled = await cli(['disable', '--login', 'sheng.wang'], null);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect((await me()).status).toBe(401);
    expect((await loginVia(a, 'sheng.wang', 'province password 1')).status).toBe(401);

    expect((await cli(['enable', '--login', 'sheng.wang'], null)).code).toBe(0);
    a = appOverFile();
    expect((await loginVia(a, 'sheng.wang', 'province password 1', '192.0.2.2')).status).toBe(200);
  });

  it('resets a password: the old one stops working, sessions end, a lock is lifted', async () => {
    expect((await cli(['add', '--county', '222401', '--login', 'yanji.kim'], 'first password 123\n')).code).toBe(0);
    const a = appOverFile({ STAFF_LOGIN_MAX_FAILURES: '2' });
    const cookie = sessionFrom(await loginVia(a, 'yanji.kim', 'first password 123'))!;
    for (let i = 0; i < 2; i++) await loginVia(a, 'yanji.kim', 'wrong', `192.0.2.${10 + i}`);
    expect((await loginVia(a, 'yanji.kim', 'first password 123', '192.0.2.20')).status).toBe(429);

    const reset = await cli(['reset-password', '--login', 'YANJI.KIM'], 'second password 456\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect((await a.app.request('/api/staff/me', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await loginVia(a, 'yanji.kim', 'first password 123', '192.0.2.21')).status).toBe(401);
    expect((await loginVia(a, 'yanji.kim', 'second password 456', '192.0.2.22')).status).toBe(200);
  });

  it.each([
    ['an unknown county', ['add', '--county', '220199', '--login', 'x.one'], 'a good long password\n', /--county: 220199/],
    ['neither county nor province', ['add', '--login', 'x.one'], 'a good long password\n', /--county <adcode> or --province/],
    ['both county and province', ['add', '--county', '220102', '--province', '--login', 'x.one'], 'a good long password\n', /exclude each other/],
    ['a short password', ['add', '--county', '220102', '--login', 'x.one'], 'short\n', /password: at least 10 characters/],
    ['no password', ['add', '--county', '220102', '--login', 'x.one'], '', /password: at least 10 characters/],
    ['a bad login', ['add', '--county', '220102', '--login', 'x y'], 'a good long password\n', /--login: 3–64 characters/],
    ['an unknown account', ['disable', '--login', 'nobody'], null, /--login: no account nobody/],
  ] as const)('refuses %s with a message naming the option, and writes nothing', async (_name, args, stdin, message) => {
    const res = await cli([...args], stdin);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
    const db = buildDb(dbPath);
    expect(db.$client.prepare('SELECT count(*) AS n FROM staff_accounts').get()).toEqual({ n: 0 });
    db.$client.close();
  });

  it('refuses a login that exists already', async () => {
    expect((await cli(['add', '--county', '220102', '--login', 'same.one'], 'a good long password\n')).code).toBe(0);
    const again = await cli(['add', '--province', '--login', 'SAME.one'], 'a good long password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--login: same\.one exists already/);
  });

  it('prints usage for an unknown command or option', async () => {
    for (const args of [['frobnicate', '--login', 'x'], ['add'], ['add', '--login', 'x', '--colour', 'red']]) {
      const res = await cli(args, null);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/usage:/);
    }
  });
});
