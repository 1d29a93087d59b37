import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';
import {
  type ApiChild,
  killAllChildren,
  makeReportInput,
  makeTempDir,
  postReport,
  type ReportCreatedBody,
  readStorage,
  removeDir,
  startApiChild,
  storageProblems,
} from './helpers.ts';

/**
 * Online backup while reports are arriving: `npm run db:backup -- <dest>` (api/backup.ts) runs
 * against the live database and UPLOAD_DIR of a real API process under load. The copy must pass the
 * integrity check, hold every photo its rows reference, and a server started from it (after the
 * documented restore: copy the files back) must answer for a report that was in it.
 */

let dir: string;
let api: ApiChild;

beforeAll(() => {
  dir = makeTempDir();
});
afterAll(async () => {
  await killAllChildren();
  removeDir(dir);
});

function runBackup(env: Record<string, string>, dest: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', join(PROJECT_ROOT, 'api', 'backup.ts'), dest], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('online backup while reports are arriving', () => {
  it('the package script runs api/backup.ts', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['db:backup']).toBe('node --experimental-strip-types api/backup.ts');
  });

  it('the copy passes the integrity check, has its photos, and a portal started from it finds a report', async () => {
    const dbPath = join(dir, 'live', 'portal.db');
    const uploadDir = join(dir, 'live', 'uploads');
    api = await startApiChild(dbPath, uploadDir);

    // Steady arrivals from three clients until told to stop (bounded).
    const created: ReportCreatedBody[] = [];
    let stop = false;
    const inputs = await Promise.all(Array.from({ length: 12 }, () => makeReportInput(2)));
    async function client() {
      for (let i = 0; !stop && i < 400; i++) {
        const res = await postReport(api.url, { ...inputs[i % inputs.length]!, key: crypto.randomUUID() });
        if (res.status !== 201) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        created.push((await res.json()) as ReportCreatedBody);
      }
    }
    const clients = Promise.all([client(), client(), client()]);
    while (created.length < 6) await new Promise((r) => setTimeout(r, 20));

    const before = created.length;
    const dest = join(dir, 'backups', 'one');
    const backup = await runBackup({ DATABASE_PATH: dbPath, UPLOAD_DIR: uploadDir }, dest);
    const during = created.length - before;
    stop = true;
    await clients;
    expect(backup.stderr).toContain('contact key is not in the backup');
    expect(backup.code, backup.stderr).toBe(0);
    // Reports really were arriving while the backup ran.
    expect(during).toBeGreaterThan(0);

    const result = JSON.parse(backup.stdout) as { reports: number; photos: number; problems: string[] };
    expect(result.problems).toEqual([]);
    expect(result.reports).toBeGreaterThanOrEqual(before);
    expect(existsSync(`${join(dest, 'portal.db')}-wal`)).toBe(false);
    const copy = new Database(join(dest, 'portal.db'), { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    const state = readStorage(join(dest, 'portal.db'), join(dest, 'uploads'));
    expect(state.integrity).toBe('ok');
    expect(state.reports).toHaveLength(result.reports);
    // Exactly the referenced photos, each with the right bytes; no report half in.
    expect(storageProblems(state, join(dest, 'uploads'))).toEqual([]);
    expect(state.photos).toHaveLength(result.reports * 2);
    await api.kill();

    // Restore as the README says (server stopped, files copied back), start from the copy.
    const restored = join(dir, 'restored');
    cpSync(join(dest, 'portal.db'), join(restored, 'portal.db'));
    cpSync(join(dest, 'uploads'), join(restored, 'uploads'), { recursive: true });
    const fromCopy = await startApiChild(join(restored, 'portal.db'), join(restored, 'uploads'));
    const inCopy = new Set(state.reports.map((r) => r.trackingNumber));
    const known = created.slice(0, before).filter((c) => inCopy.has(c.trackingNumber));
    expect(known).toHaveLength(before);
    const probe = known.at(-1)!;
    const res = await fetch(`${fromCopy.url}/api/reports/${probe.trackingNumber}?code=${probe.queryCode}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ trackingNumber: probe.trackingNumber, status: 'received' });
    // Start-up recovery found no stray file in a consistent copy (it may release claims of requests
    // that were in flight when the snapshot was taken: those never got a 201).
    const recovered = fromCopy.logs.find((l) => l.event === 'storage.recovered');
    expect(recovered?.orphansRemoved ?? 0).toBe(0);
    expect(recovered?.tmpRemoved ?? 0).toBe(0);
    expect(storageProblems(readStorage(join(restored, 'portal.db'), join(restored, 'uploads')), join(restored, 'uploads'))).toEqual([]);
    console.info(`backup: ${result.reports} reports, ${result.photos} photos in ${backup.ms} ms (process included) while ${during} reports arrived`);
    await fromCopy.kill();
  }, 90_000);

  it('refuses a destination that is not empty, leaving it untouched', async () => {
    const dest = join(dir, 'backups', 'one');
    const before = readFileSync(join(dest, 'backup.json'), 'utf8');
    const again = await runBackup({ DATABASE_PATH: join(dir, 'live', 'portal.db'), UPLOAD_DIR: join(dir, 'live', 'uploads') }, dest);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
    expect(readFileSync(join(dest, 'backup.json'), 'utf8')).toBe(before);
  });
});
