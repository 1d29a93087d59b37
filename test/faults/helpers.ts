import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';
import { type Fields, form, noise, validFields } from '../api/helpers.ts';

/**
 * Fault tests run the API as a real child process (`api/node.ts`) on a real SQLite file and a real
 * UPLOAD_DIR, talk to it over real sockets, and inspect the files it leaves. Temporary folders live
 * inside the project (`.tmp-faults-*`, ignored by git) so the server resolves node_modules from it.
 */

/** One contact key for every child, so a server started on a copy can read what another wrote. */
export const FAULT_CONTACT_KEY = randomBytes(32).toString('hex');

export function makeTempDir(): string {
  return mkdtempSync(join(PROJECT_ROOT, '.tmp-faults-'));
}

export interface LogLine {
  level: string;
  event: string;
  [field: string]: unknown;
}

export interface ApiChild {
  url: string;
  pid: number;
  proc: ChildProcess;
  /** Every JSON log line the server printed so far. */
  logs: LogLine[];
  /** Resolves with the first log line at index `from` or later (already printed or yet to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<LogLine>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

const children = new Set<ApiChild>();

/**
 * Starts `node api/node.ts <dbPath> <uploadDir>` and waits for its `{url,pid}` line.
 *
 * @example const api = await startApiChild(join(dir, 'portal.db'), join(dir, 'uploads')); await api.kill();
 */
export async function startApiChild(dbPath: string, uploadDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ApiChild> {
  const args = ['--experimental-strip-types', '--no-warnings', ...nodeArgs, join(PROJECT_ROOT, 'api', 'node.ts'), dbPath, uploadDir];
  const proc = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      CONTACT_KEY: FAULT_CONTACT_KEY,
      REPORT_RATE_LIMIT: '100000',
      REPORT_ADDRESS_RATE_LIMIT: '100000',
      LOOKUP_RATE_LIMIT: '100000',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  const ready = new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api child did not start in 30 s\n${stderr}`)), 30_000);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`api child exited (${code ?? signal}) before listening\n${stderr}`));
    });
    createInterface({ input: proc.stdout! }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof line.url === 'string' && typeof line.pid === 'number' && !('event' in line)) {
        clearTimeout(timer);
        resolve({ url: line.url, pid: line.pid });
        return;
      }
      logs.push(line as LogLine);
      for (const w of [...waiters]) {
        if (w.match(line as LogLine)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line as LogLine);
        }
      }
    });
  });

  const child: ApiChild = {
    url: '',
    pid: 0,
    proc,
    logs,
    exited,
    waitForLog(match, { from = 0, timeoutMs = 10_000 } = {}) {
      const found = logs.slice(from).find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(
            new Error(
              `no matching log line in ${timeoutMs} ms; last lines:\n${logs
                .slice(-5)
                .map((l) => JSON.stringify(l))
                .join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.push(w);
      });
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
      children.delete(child);
    },
  };
  children.add(child);
  try {
    Object.assign(child, await ready);
  } catch (err) {
    await child.kill();
    throw err;
  }
  return child;
}

/** SIGKILLs every child still running (afterAll). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.kill()));
}

/** A report's parts, kept so that a retry sends exactly the same content. */
export interface ReportInput {
  key: string;
  fields: Fields;
  photos: Buffer[];
}

/** Distinct noise JPEGs (each about 60–150 KB at 640×480) so no two reports share a photo file. */
export async function makeReportInput(photoCount: number, size: [number, number] = [640, 480], extra: Fields = {}): Promise<ReportInput> {
  const photos = await Promise.all(Array.from({ length: photoCount }, () => noise(size[0], size[1]).jpeg({ quality: 85 }).toBuffer()));
  return { key: randomUUID(), fields: validFields({ description: `测试举报 ${randomUUID().slice(0, 8)}：排口在排放污水。`, ...extra }), photos };
}

export function reportForm(input: ReportInput): FormData {
  return form(
    input.fields,
    input.photos.map((bytes) => ({ bytes })),
  );
}

/** The multipart body as bytes and its Content-Type (with boundary), for raw sockets and proxies. */
export async function multipartBytes(input: ReportInput): Promise<{ body: Buffer; contentType: string }> {
  const req = new Request('http://x/', { method: 'POST', body: reportForm(input) });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

export async function postReport(baseUrl: string, input: ReportInput, signal?: AbortSignal): Promise<Response> {
  return fetch(`${baseUrl}/api/reports`, { method: 'POST', body: reportForm(input), headers: { 'Idempotency-Key': input.key }, signal });
}

export interface ReportCreatedBody {
  trackingNumber: string;
  queryCode: string;
}

/**
 * Sends the same report until the server gives its final answer, honouring Retry-After of 409/503
 * as a client's offline queue does (bounded).
 */
export async function postUntilAnswered(baseUrl: string, input: ReportInput, maxTries = 20): Promise<{ res: Response; body: unknown; statuses: number[] }> {
  const statuses: number[] = [];
  for (let i = 0; i < maxTries; i++) {
    const res = await postReport(baseUrl, input);
    const body = await res.json();
    statuses.push(res.status);
    if (res.status !== 409 && res.status !== 503) return { res, body, statuses };
    const wait = Number(res.headers.get('retry-after') ?? '1');
    // Retry-After is in seconds; a tenth of it is enough for a test and keeps the loop short.
    await sleep(Math.max(50, wait * 100));
  }
  throw new Error(`no final answer after ${maxTries} tries: ${statuses.join(',')}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every few milliseconds until it returns a truthy value (bounded). */
export async function until<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Files under `dir` (relative paths, sorted). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

export interface StorageState {
  reports: { id: number; trackingNumber: string }[];
  photos: { reportId: number; position: number; sha256: string }[];
  keys: { key: string; state: string; reportId: number | null }[];
  /** Photo files (relative to UPLOAD_DIR) outside tmp/. */
  photoFiles: string[];
  tmpFiles: string[];
  integrity: string;
  foreignKeyProblems: number;
}

/**
 * Reads what a database and UPLOAD_DIR hold, through a separate connection (WAL lets it read while
 * the server runs).
 */
export function readStorage(dbPath: string, uploadDir: string): StorageState {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return {
      reports: db.prepare('SELECT id, tracking_number AS trackingNumber FROM reports ORDER BY id').all() as StorageState['reports'],
      photos: db.prepare('SELECT report_id AS reportId, position, sha256 FROM report_photos ORDER BY report_id, position').all() as StorageState['photos'],
      keys: db.prepare('SELECT key, state, report_id AS reportId FROM idempotency_keys').all() as StorageState['keys'],
      photoFiles: filesUnder(uploadDir).filter((f) => !f.startsWith('tmp/')),
      tmpFiles: filesUnder(join(uploadDir, 'tmp')),
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
    };
  } finally {
    db.close();
  }
}

/** Where the photo store keeps a photo (api/reports/photos.ts): `<aa>/<sha256>.jpg`. */
export const photoPath = (sha: string) => join(sha.slice(0, 2), `${sha}.jpg`);

/**
 * Problems that make storage inconsistent: a photo row without its file or with a file whose bytes
 * do not hash to its name, a photo file no row references, anything left in tmp/, a report without
 * exactly one completed idempotency key, a failed integrity or foreign-key check. Empty when sound.
 */
export function storageProblems(state: StorageState, uploadDir: string): string[] {
  const problems: string[] = [];
  if (state.integrity !== 'ok') problems.push(`integrity_check: ${state.integrity}`);
  if (state.foreignKeyProblems) problems.push(`${state.foreignKeyProblems} foreign key violations`);
  const referenced = new Set(state.photos.map((p) => photoPath(p.sha256)));
  for (const p of state.photos) {
    const file = join(uploadDir, photoPath(p.sha256));
    if (!existsSync(file)) problems.push(`photo row without file: report ${p.reportId} #${p.position}`);
    else if (sha256(readFileSync(file)) !== p.sha256) problems.push(`photo file content does not match its hash: ${p.sha256}`);
  }
  for (const f of state.photoFiles) if (!referenced.has(f)) problems.push(`orphan photo file: ${f}`);
  if (state.tmpFiles.length) problems.push(`tmp/ not empty: ${state.tmpFiles.join(', ')}`);
  const keysByReport = new Map<number, number>();
  for (const k of state.keys) if (k.state === 'done' && k.reportId !== null) keysByReport.set(k.reportId, (keysByReport.get(k.reportId) ?? 0) + 1);
  for (const r of state.reports)
    if (keysByReport.get(r.id) !== 1) problems.push(`report ${r.trackingNumber} has ${keysByReport.get(r.id) ?? 0} completed idempotency keys`);
  return problems;
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** The state of an Idempotency-Key claim (`processing`, `done`) as the server stored it, or undefined. */
export function claimState(dbPath: string, key: string): string | undefined {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT state FROM idempotency_keys WHERE key = ?').get(key) as { state: string } | undefined)?.state;
  } finally {
    db.close();
  }
}
