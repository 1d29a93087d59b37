import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killAllChildren,
  makeReportInput,
  makeTempDir,
  postReport,
  postUntilAnswered,
  type ReportCreatedBody,
  type ReportInput,
  readStorage,
  removeDir,
  startApiChild,
  storageProblems,
} from './helpers.ts';

/**
 * Crash during load: the real API process is SIGKILLed while concurrent reports with photos are
 * being processed, then restarted on the same database and UPLOAD_DIR. Nothing that was answered
 * 201 may be lost, nothing may exist twice, and start-up recovery must leave no stray file.
 */

const REPORTS = 36;
const CONCURRENCY = 6;
const PHOTOS_PER_REPORT = 2;
/** The process is killed when this many reports have been answered 201. */
const KILL_AFTER = 8;

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(async () => {
  await killAllChildren();
  removeDir(dir);
});

type Outcome =
  | { input: ReportInput; kind: 'created'; body: ReportCreatedBody }
  | { input: ReportInput; kind: 'lost'; error: string }
  | { input: ReportInput; kind: 'not-sent' };

describe('crash during load (SIGKILL mid-load, restart on the same files)', () => {
  it('keeps every acknowledged report with its photos, creates none twice, leaves no orphan file', async () => {
    const dbPath = join(dir, 'portal.db');
    const uploadDir = join(dir, 'uploads');
    const inputs = await Promise.all(Array.from({ length: REPORTS }, () => makeReportInput(PHOTOS_PER_REPORT)));

    const first = await startApiChild(dbPath, uploadDir);
    const outcomes: Outcome[] = inputs.map((input) => ({ input, kind: 'not-sent' }));
    let created = 0;
    let inFlight = 0;
    let inFlightAtKill = -1;
    let killed = false;
    let next = 0;

    // A bounded pool of clients; each stops taking new reports once the process is dead.
    async function client() {
      while (!killed && next < inputs.length) {
        const i = next++;
        const input = inputs[i]!;
        inFlight++;
        try {
          const res = await postReport(first.url, input);
          const body = (await res.json()) as ReportCreatedBody;
          if (res.status !== 201) throw new Error(`unexpected ${res.status} ${JSON.stringify(body)}`);
          outcomes[i] = { input, kind: 'created', body };
          created++;
          if (created === KILL_AFTER && !killed) {
            killed = true;
            inFlightAtKill = inFlight - 1;
            first.proc.kill('SIGKILL');
          }
        } catch (err) {
          // A connection the kill cut (the server may or may not have committed that report).
          if (!killed) throw err;
          outcomes[i] = { input, kind: 'lost', error: String(err) };
        } finally {
          inFlight--;
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    await first.exited;

    const acknowledged = outcomes.filter((o) => o.kind === 'created');
    const lost = outcomes.filter((o) => o.kind === 'lost');
    expect(killed).toBe(true);
    // The kill really happened mid-load: other requests were in flight and got no answer.
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(lost.length).toBeGreaterThan(0);

    const beforeRestart = readStorage(dbPath, uploadDir);
    expect(beforeRestart.integrity).toBe('ok');

    const second = await startApiChild(dbPath, uploadDir);
    const after = readStorage(dbPath, uploadDir);
    expect(storageProblems(after, uploadDir)).toEqual([]);
    // No request is running at start-up, so no claim may be left `processing`.
    expect(after.keys.filter((k) => k.state === 'processing')).toEqual([]);

    // Every 201 is there, once, with all its photos.
    const byNumber = new Map(after.reports.map((r) => [r.trackingNumber, r]));
    for (const o of acknowledged) {
      const report = byNumber.get(o.body.trackingNumber);
      expect(report, o.body.trackingNumber).toBeDefined();
      expect(after.photos.filter((p) => p.reportId === report!.id)).toHaveLength(PHOTOS_PER_REPORT);
      expect(after.keys.find((k) => k.key === o.input.key)).toMatchObject({ state: 'done', reportId: report!.id });
    }
    // Reports whose answer was cut may have been committed before the kill, but at most once.
    expect(after.reports.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(after.reports.length).toBeLessThanOrEqual(acknowledged.length + lost.length);
    expect(new Set(after.reports.map((r) => r.trackingNumber)).size).toBe(after.reports.length);

    // The clients retry what got no answer, with the same keys: each ends with exactly one report.
    const retried = await Promise.all(lost.map((o) => postUntilAnswered(second.url, o.input)));
    for (const r of retried) expect(r.res.status).toBe(201);
    // A retry of an acknowledged report is answered from storage: same number, same query code.
    const replay = await postUntilAnswered(second.url, acknowledged[0]!.input);
    expect(replay.res.status).toBe(201);
    expect(replay.res.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(acknowledged[0]!.body);

    const final = readStorage(dbPath, uploadDir);
    expect(storageProblems(final, uploadDir)).toEqual([]);
    expect(final.reports).toHaveLength(acknowledged.length + lost.length);
    expect(final.photos).toHaveLength((acknowledged.length + lost.length) * PHOTOS_PER_REPORT);
    const sentKeys = new Set([...acknowledged, ...lost].map((o) => o.input.key));
    expect(final.keys.filter((k) => sentKeys.has(k.key) && k.state === 'done')).toHaveLength(sentKeys.size);

    console.info(
      `crash: killed after ${acknowledged.length} × 201 with ${inFlightAtKill} in flight; ${lost.length} answers lost, ` +
        `${after.reports.length - acknowledged.length} of them committed before the kill; recovery: ${JSON.stringify(second.logs.find((l) => l.event === 'storage.recovered') ?? {})}`,
    );
    await second.kill();
  }, 90_000);
});
