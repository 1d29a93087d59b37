import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';
import {
  type ApiChild,
  killAllChildren,
  makeReportInput,
  makeTempDir,
  postReport,
  postUntilAnswered,
  type ReportInput,
  readStorage,
  removeDir,
  startApiChild,
  storageProblems,
} from './helpers.ts';

/**
 * Disk full while a photo is being stored: UPLOAD_DIR is a real tmpfs of 128 KiB, smaller than the
 * photos. The server must answer 503 storage_unavailable with Retry-After, keep nothing (no row,
 * no claim, no file, nothing in tmp/), and accept the same report once there is space again.
 *
 * Mounting needs root (CI runs as root). Where mounting is impossible the test falls back to an
 * injected failing file system (support/enospc-preload.ts: writes under UPLOAD_DIR fail with
 * ENOSPC) and says so on the console. FAULTS_INJECTED_ENOSPC=1 forces the fallback.
 */

let dir: string;
let dbPath: string;
let uploadDir: string;
let api: ApiChild;
let mounted = false;

function tryMount(target: string): boolean {
  if (process.env.FAULTS_INJECTED_ENOSPC === '1') return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k,mode=0750', 'tmpfs', target], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

async function start(injected: boolean) {
  const env: Record<string, string> = injected ? { FAULT_ENOSPC_DIR: uploadDir } : {};
  const nodeArgs = injected ? ['--import', join(PROJECT_ROOT, 'test', 'faults', 'support', 'enospc-preload.ts')] : [];
  return startApiChild(dbPath, uploadDir, env, nodeArgs);
}

beforeAll(async () => {
  dir = makeTempDir();
  dbPath = join(dir, 'portal.db');
  uploadDir = join(dir, 'uploads');
  mkdirSync(uploadDir);
  mounted = tryMount(uploadDir);
  if (!mounted) console.warn('disk-full: cannot mount a tmpfs here; using the injected ENOSPC file system instead');
  api = await start(!mounted);
});
afterAll(async () => {
  await killAllChildren();
  if (mounted) {
    try {
      execFileSync('umount', [uploadDir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', uploadDir], { stdio: 'pipe' });
    }
  }
  removeDir(dir);
});

/** Photos whose stored (re-encoded) size is well over the 128 KiB the file system has. */
const big = (n: number) => makeReportInput(n, [1024, 768]);

const CASES: { name: string; input: () => Promise<ReportInput> }[] = [
  { name: 'no photo fits', input: () => big(2) },
  {
    name: 'the first photo fits, the second does not',
    input: async () => {
      const small = await makeReportInput(1, [120, 90]);
      const large = await big(1);
      return { ...large, photos: [...small.photos, ...large.photos] };
    },
  },
];

describe('disk full while storing a photo', () => {
  it.each(CASES)('$name → 503 storage_unavailable with Retry-After, nothing partial', async ({ input: make }) => {
    const input = await make();
    const before = readStorage(dbPath, uploadDir);
    const from = api.logs.length;
    const res = await postReport(api.url, input);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);

    const after = readStorage(dbPath, uploadDir);
    expect(after.reports).toEqual(before.reports);
    expect(after.keys.find((k) => k.key === input.key)).toBeUndefined();
    expect(after.photoFiles).toEqual(before.photoFiles);
    expect(after.tmpFiles).toEqual([]);
    // The failure is logged as a storage problem, not as an internal error with a stack.
    const failed = await api.waitForLog((l) => l.event === 'request.failed' && l.code === 'storage_unavailable', { from });
    expect(failed.errno).toBe('ENOSPC');
  });

  it('once there is space again, the same report with the same key is accepted', async () => {
    const input = await big(2);
    expect((await postReport(api.url, input)).status).toBe(503);
    if (mounted) {
      execFileSync('mount', ['-o', 'remount,size=16m', uploadDir], { stdio: 'pipe' });
    } else {
      await api.kill();
      api = await startApiChild(dbPath, uploadDir);
    }
    const retry = await postUntilAnswered(api.url, input);
    expect(retry.res.status).toBe(201);
    expect(retry.statuses).toEqual([201]);
    const state = readStorage(dbPath, uploadDir);
    expect(state.reports).toHaveLength(1);
    expect(storageProblems(state, uploadDir)).toEqual([]);
  });
});
