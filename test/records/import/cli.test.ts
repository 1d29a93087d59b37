import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDb } from '../../../src/kernel/db/client.ts';
import { PROJECT_ROOT } from '../../../src/kernel/geo/paths.ts';
import { type CliJson, main } from '../../../src/records/import/cli.ts';
import { importFile } from '../../../src/records/import/importer.ts';
import { changeLog, currentDataset, publishedRecords } from '../../../src/records/store.ts';
import { FIXTURE_DIR } from '../../fixtures/import/make-fixtures.ts';

const fixture = (name: string) => join(FIXTURE_DIR, name);
const tmp = mkdtempSync(join(tmpdir(), 'import-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dbPath: string;
let n = 0;
beforeEach(() => {
  dbPath = join(tmp, `store-${++n}.db`);
});

/** Runs the CLI in-process against the test's database; returns exit code and output lines. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { env: { DATABASE_PATH: dbPath }, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Everything the store holds, for before/after comparisons. */
function snapshot() {
  const db = buildDb(dbPath);
  try {
    return {
      outfalls: db.$client.prepare('SELECT code, hash, dataset_id, record FROM outfalls ORDER BY code').all(),
      datasets: db.$client.prepare('SELECT * FROM datasets ORDER BY id').all(),
      changes: db.$client.prepare('SELECT * FROM outfall_changes ORDER BY id').all(),
    };
  } finally {
    db.$client.close();
  }
}

function withDb<T>(fn: (db: ReturnType<typeof buildDb>) => T): T {
  const db = buildDb(dbPath);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

describe('import command', () => {
  it('publishes a good file and prints what was added', async () => {
    const r = await run(fixture('good-utf8-bom.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('已检查 good-utf8-bom.csv：7 行数据，0 个错误，0 个警告，0 个提示');
    expect(r.out).toMatch(/已导入 7 条记录（数据集 #1）：新增 7，变更 0，删除 0，未变 0。/);
    expect(r.out).toContain('新增（7）：YTH220102CW0001 SHJ220702GQ0002 CGH220721SC0003');
    withDb((db) => {
      expect(
        publishedRecords(db)
          .map((x) => x.code)
          .sort(),
      ).toEqual(['BEH222401CY0004', 'CGH220721SC0003', 'DLH220184XQ0005', 'HJ220502GK0006', 'SHJ220702GQ0002', 'TEH220802NS0007', 'YTH220102CW0001']);
      expect(currentDataset(db)).toMatchObject({ source: 'good-utf8-bom.csv', demo: false, recordCount: 7, added: 7, asOf: '2025-04-03' });
    });
  });

  it('a broken file changes nothing in a store that already holds a published set', async () => {
    expect((await run(fixture('good.xlsx'))).code).toBe(0);
    const before = snapshot();
    expect(before.outfalls).toHaveLength(7);

    const r = await run(fixture('broken.csv'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('25 个错误，2 个警告，1 个提示');
    expect(r.out).toContain('错误  第 3 行  经度  「116.397, 39.909」  坐标（经度 116.397，纬度 39.909）不在吉林省境内 [coordinate_outside_jilin]');
    expect(r.out).toContain('警告  第 5 行  所在县（市、区）  「宽城区」');
    expect(r.out).toContain('文件有错误，没有写入任何数据');
    expect(r.out).toContain(`「${'伊通河'.repeat(13)}…」`); // a 123-character name, shortened in the text output
    // Every problem is printed, one line each.
    const { problems } = await importFile(fixture('broken.csv'));
    for (const p of problems) expect(r.out).toContain(`[${p.code}]`);
    expect(r.out.split('\n').filter((l) => / \[[a-z_]+\]$/.test(l))).toHaveLength(problems.length);

    expect(snapshot()).toEqual(before);
  });

  it('a rejected file does not even create the database', async () => {
    expect((await run(fixture('broken.csv'))).code).toBe(1);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('--json prints the same problems as data', async () => {
    const r = await run(fixture('broken.csv'), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as CliJson;
    const { problems } = await importFile(fixture('broken.csv'));
    expect(report.problems).toEqual(problems);
    expect(report).toMatchObject({ file: 'broken.csv', rows: 14, records: 0, written: false, summary: null, counts: { error: 25, warning: 2, notice: 1 } });
    expect(report.problems[2]).toEqual({
      severity: 'error',
      code: 'coordinate_outside_jilin',
      row: 3,
      column: '经度',
      value: '116.397, 39.909',
      message: '坐标（经度 116.397，纬度 39.909）不在吉林省境内',
    });
  });

  it('importing the same file twice changes nothing the second time', async () => {
    expect((await run(fixture('good-utf8-bom.csv'))).code).toBe(0);
    const before = snapshot();
    const again = await run(fixture('good-utf8-bom.csv'));
    expect(again.code).toBe(0);
    expect(again.out).toContain('与当前公开的数据完全相同，没有写入任何内容（7 条记录）');
    expect(snapshot()).toEqual(before);
    // The same records from another encoding or format are the same published set too.
    for (const f of ['good-gb18030.csv', 'good.xlsx']) {
      const r = await run(fixture(f), '--json');
      expect(JSON.parse(r.out)).toMatchObject({ written: false, summary: { datasetId: null, added: [], changed: [], removed: [], unchanged: 7 } });
    }
    expect(snapshot()).toEqual(before);
  });

  it('a changed file reports what was added, changed and removed', async () => {
    expect((await run(fixture('good-utf8-bom.csv'))).code).toBe(0);
    const r = await run(fixture('changed.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('已导入 7 条记录（数据集 #2）：新增 1，变更 1，删除 1，未变 5。');
    expect(r.out).toContain('新增（1）：YTH220102CW0008');
    expect(r.out).toContain('变更（1）：CGH220721SC0003(remediation,updatedAt)');
    expect(r.out).toContain('删除（1）：TEH220802NS0007');
    withDb((db) => {
      expect(currentDataset(db)).toMatchObject({ id: 2, source: 'changed.csv', added: 1, changed: 1, removed: 1, recordCount: 7 });
      expect(
        changeLog(db)
          .filter((c) => c.datasetId === 2)
          .map((c) => [c.change, c.code]),
      ).toEqual([
        ['added', 'YTH220102CW0008'],
        ['changed', 'CGH220721SC0003'],
        ['removed', 'TEH220802NS0007'],
      ]);
      expect(publishedRecords(db).find((x) => x.code === 'CGH220721SC0003')?.remediation.status).toBe('已完成');
    });
  });

  it('warnings are printed and do not block', async () => {
    const r = await run(fixture('warnings.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('0 个错误，3 个警告');
    expect(r.out).toContain('新增 2');
  });

  it('--crs converts a file without the column; --dry-run writes nothing', async () => {
    const dry = await run(fixture('gcj02-no-crs-column.csv'), '--crs', 'gcj02', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('只检查（--dry-run），没有写入。');
    expect(existsSync(dbPath)).toBe(false);
    expect((await run(fixture('gcj02-no-crs-column.csv'), '--crs', 'GCJ-02')).code).toBe(0);
    withDb((db) => expect(publishedRecords(db).find((x) => x.code === 'YTH220102CW0001')?.lng).toBeCloseTo(125.331245, 5));
  });

  it.each<[string[], RegExp]>([
    [[], /用法：npm run import/],
    [['a.csv', 'b.csv'], /用法/],
    [['a.csv', '--crs', 'BD-09'], /无法识别的 --crs 取值“BD-09”/],
    [['a.csv', '--bogus'], /Unknown option/],
    [[join(tmp, 'does-not-exist.csv')], /ENOENT/],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('npm run import (a real process)', () => {
  const cli = join(PROJECT_ROOT, 'src', 'records', 'import', 'cli.ts');
  const spawn = (...args: string[]) =>
    spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', cli, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_PATH: dbPath },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('imports, re-imports without change, and rejects a broken file', () => {
    const first = spawn(fixture('good.xlsx'), '--json');
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ written: true, records: 7, summary: { datasetId: 1 } });

    const second = spawn(fixture('good.xlsx'));
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('没有写入任何内容');

    const before = snapshot();
    const broken = spawn(fixture('broken.csv'));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('[coordinate_outside_jilin]');
    expect(snapshot()).toEqual(before);
  });
});
