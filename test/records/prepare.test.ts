import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';
import { DEFAULT_DEMO_COUNT, DEFAULT_DEMO_SEED, demoSource, demoSourceSha256, generateDemoRecords } from '../../src/records/demo/generate.ts';
import { describePrepare, prepareData } from '../../src/records/prepare.ts';
import { currentDataset, publishDataset, publishedRecords } from '../../src/records/store.ts';
import { buildRecord } from '../support/builders.ts';

const tmp = mkdtempSync(join(tmpdir(), 'prepare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const counts = (db: Db) => ({
  datasets: (db.$client.prepare('SELECT COUNT(*) n FROM datasets').get() as { n: number }).n,
  outfalls: (db.$client.prepare('SELECT COUNT(*) n FROM outfalls').get() as { n: number }).n,
  changes: (db.$client.prepare('SELECT COUNT(*) n FROM outfall_changes').get() as { n: number }).n,
});

describe('data:prepare', () => {
  let db: Db;
  let n = 0;
  beforeEach(() => {
    // A real database file, as `npm start` uses, with the real migrations.
    db = buildDb(join(tmp, `portal-${++n}.db`));
  });

  it('publishes the default demonstration dataset once on an empty database', () => {
    const first = prepareData(db);
    expect(first).toMatchObject({
      action: 'published-demo',
      demo: true,
      recordCount: DEFAULT_DEMO_COUNT,
      source: demoSource(DEFAULT_DEMO_SEED, DEFAULT_DEMO_COUNT),
    });
    expect(currentDataset(db)?.sourceSha256).toBe(demoSourceSha256(DEFAULT_DEMO_SEED, DEFAULT_DEMO_COUNT));
    expect(publishedRecords(db)).toEqual(generateDemoRecords());
    expect(describePrepare(first, 'var/portal.db')).toMatch(/demonstration dataset was published/);

    const before = counts(db);
    expect(before).toEqual({ datasets: 1, outfalls: DEFAULT_DEMO_COUNT, changes: DEFAULT_DEMO_COUNT });
    const second = prepareData(db);
    expect(second.action).toBe('kept');
    expect(counts(db)).toEqual(before);
    expect(describePrepare(second, 'var/portal.db')).toMatch(/nothing to do/);
  });

  it('never overwrites an imported (non-demo) dataset, whatever DEMO_COUNT says', () => {
    const real = [buildRecord(), buildRecord({ code: 'YTH220102CY0002', name: '伊通河南关区人民大街雨洪排口' })];
    publishDataset(db, real, { source: 'jilin-2025.csv', sourceSha256: 'b'.repeat(64), demo: false });
    const before = counts(db);
    for (const demoCount of [undefined, 300]) {
      const r = prepareData(db, { ...(demoCount && { demoCount }) });
      expect(r).toMatchObject({ action: 'kept', demo: false, source: 'jilin-2025.csv', recordCount: 2 });
    }
    expect(counts(db)).toEqual(before);
    expect(publishedRecords(db)).toEqual(real);
  });

  it('regenerates demonstration data when DEMO_COUNT changes, keeping its seed, then settles', () => {
    prepareData(db, { demoCount: 200, seed: 'custom' });
    expect(currentDataset(db)).toMatchObject({ source: 'demo:custom:200', recordCount: 200 });
    const r = prepareData(db, { demoCount: 400 });
    expect(r).toMatchObject({ action: 'refreshed-demo', source: 'demo:custom:400', recordCount: 400 });
    expect(publishedRecords(db)).toEqual(generateDemoRecords({ seed: 'custom', count: 400 }));
    const before = counts(db);
    // Without DEMO_COUNT the published demo size stays as it is.
    expect(prepareData(db).action).toBe('kept');
    expect(prepareData(db, { demoCount: 400 }).action).toBe('kept');
    expect(counts(db)).toEqual(before);
  });

  it('refreshes a demo dataset made by an older generator version', () => {
    const records = generateDemoRecords({ count: 100 });
    publishDataset(db, records.slice(0, 50), { source: demoSource(DEFAULT_DEMO_SEED, 100), sourceSha256: 'c'.repeat(64), demo: true });
    expect(prepareData(db)).toMatchObject({ action: 'refreshed-demo', recordCount: 100 });
    expect(publishedRecords(db)).toEqual(records);
  });
});

describe('npm run data:prepare (the real script)', () => {
  it('publishes on the first run and writes nothing on the second', () => {
    const dbPath = join(tmp, 'script.db');
    const run = () =>
      spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', join(PROJECT_ROOT, 'src', 'records', 'prepare.ts')], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_PATH: dbPath, DEMO_COUNT: '150' },
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('demonstration dataset was published (150 records');
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('nothing to do');
    const db = buildDb(dbPath);
    expect(counts(db).datasets).toBe(1);
    db.$client.close();
  });

  it('stops with a message naming DEMO_COUNT when it is not a number in range', () => {
    for (const bad of ['abc', '0', '100001', '2.5']) {
      expect(() => loadConfig({ DEMO_COUNT: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ DEMO_COUNT: bad }), bad).toThrow(/DEMO_COUNT/);
    }
    expect(loadConfig({ DEMO_COUNT: '20000' }).DEMO_COUNT).toBe(20000);
    expect(loadConfig({}).DEMO_COUNT).toBeUndefined();
  });
});
