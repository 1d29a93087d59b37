import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiChild,
  claimState,
  killAllChildren,
  makeReportInput,
  makeTempDir,
  postReport,
  postUntilAnswered,
  readStorage,
  removeDir,
  startApiChild,
  storageProblems,
  until,
} from './helpers.ts';

/**
 * The database locked by another writer (a maintenance script, a backup tool taking a write lock)
 * for longer than the server's busy timeout (5 s, src/kernel/db/client.ts): the server must answer 503
 * busy with Retry-After — never 500 — keep nothing, and accept the same report once the lock is gone.
 */

let dir: string;
let dbPath: string;
let uploadDir: string;
let api: ApiChild;
let other: Database.Database | undefined;

beforeAll(async () => {
  dir = makeTempDir();
  dbPath = join(dir, 'portal.db');
  uploadDir = join(dir, 'uploads');
  api = await startApiChild(dbPath, uploadDir);
});
afterAll(async () => {
  if (other?.inTransaction) other.exec('ROLLBACK');
  other?.close();
  await killAllChildren();
  removeDir(dir);
});

describe('database locked by another writer past the busy timeout', () => {
  it('locked before the request arrives → 503 busy with Retry-After, nothing partial; the retry succeeds', async () => {
    const input = await makeReportInput(2);
    const before = readStorage(dbPath, uploadDir);
    other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const res = await postReport(api.url, input);
    const waited = Date.now() - started;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'busy' } });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(waited).toBeGreaterThanOrEqual(4000); // it did wait for the lock first
    other.exec('ROLLBACK');
    other.close();

    const after = readStorage(dbPath, uploadDir);
    expect(after.reports).toEqual(before.reports);
    expect(after.keys.find((k) => k.key === input.key)).toBeUndefined();
    expect(after.photoFiles).toEqual(before.photoFiles);
    expect(after.tmpFiles).toEqual([]);

    const retry = await postUntilAnswered(api.url, input);
    expect(retry.statuses).toEqual([201]);
    expect(storageProblems(readStorage(dbPath, uploadDir), uploadDir)).toEqual([]);
  }, 60_000);

  it('locked while the photos are being processed → 503 busy, photo files removed; the retry is not blocked by its own dead claim', async () => {
    // Big photos: the lock is taken after the claim and before the report transaction.
    const input = await makeReportInput(3, [2400, 1800]);
    const before = readStorage(dbPath, uploadDir);
    const from = api.logs.length;
    const pending = postReport(api.url, input);
    await until(() => claimState(dbPath, input.key) === 'processing', 15_000, 'the claim');
    other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');
    const res = await pending;
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'busy' } });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    other.exec('ROLLBACK');
    other.close();

    const after = readStorage(dbPath, uploadDir);
    expect(after.reports).toEqual(before.reports);
    expect(after.photoFiles).toEqual(before.photoFiles);
    expect(after.tmpFiles).toEqual([]);
    expect(api.logs.slice(from).filter((l) => l.level === 'error' && l.code === 'internal')).toEqual([]);

    // The client retries after Retry-After. Its first try's claim may still be in the table (the
    // release needs the write lock too), but no request is working on it any more: the retry must
    // not be told "in progress" until the claim goes stale minutes later.
    const retry = await postUntilAnswered(api.url, input, 5);
    expect(retry.statuses).toEqual([201]);
    const final = readStorage(dbPath, uploadDir);
    expect(final.reports).toHaveLength(before.reports.length + 1);
    expect(storageProblems(final, uploadDir)).toEqual([]);
  }, 60_000);
});
