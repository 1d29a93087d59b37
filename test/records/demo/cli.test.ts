import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDb } from '../../../src/kernel/db/client.ts';
import { PROJECT_ROOT } from '../../../src/kernel/geo/paths.ts';
import { DemoUsageError, demoJson, parseDemoArgs, publishDemo } from '../../../src/records/demo/cli.ts';
import { generateDemoRecords } from '../../../src/records/demo/generate.ts';
import { currentDataset, publishDataset, publishedRecords } from '../../../src/records/store.ts';
import { buildRecord } from '../../support/builders.ts';

const CLI = join(PROJECT_ROOT, 'src', 'records', 'demo', 'cli.ts');
const tmp = mkdtempSync(join(tmpdir(), 'demo-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('demo CLI arguments', () => {
  it('has defaults', () => {
    expect(parseDemoArgs([])).toEqual({ count: 2500, seed: '2025', publish: false, force: false });
    expect(parseDemoArgs(['--count', '100000', '--seed', 'bench-1', '--out', 'x.json'])).toMatchObject({ count: 100000, seed: 'bench-1', out: 'x.json' });
  });

  it.each([
    [['--count', '0'], '--count'],
    [['--count', '100001'], '--count'],
    [['--count', '1e3'], '--count'],
    [['--count', '12abc'], '--count'],
    [['--seed', 'a:b'], '--seed'],
    [['--seed', ''], '--seed'],
    [['--force'], '--force'],
    [['--out', ' '], '--out'],
    [['--bogus'], 'bogus'],
    [['extra'], 'extra'],
  ])('rejects %j naming %s', (argv, flag) => {
    expect(() => parseDemoArgs(argv)).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(argv)).toThrow(flag);
  });
});

describe('demo CLI output', () => {
  it('prints the same bytes in two separate processes, and valid JSON', () => {
    const a = runCli(['--count', '200', '--seed', 's1']);
    const b = runCli(['--count', '200', '--seed', 's1']);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const parsed = JSON.parse(a.stdout) as unknown[];
    expect(parsed).toEqual(generateDemoRecords({ seed: 's1', count: 200 }));
    expect(a.stdout).toBe(demoJson(generateDemoRecords({ seed: 's1', count: 200 })));
  });

  it('writes --out and exits 2 with a message on bad input', () => {
    const out = join(tmp, 'demo.json');
    const ok = runCli(['--count', '50', '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(50);
    const bad = runCli(['--count', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--count');
    expect(bad.stdout).toBe('');
  });

  it('--publish writes the records store as demonstration data', () => {
    const dbPath = join(tmp, 'cli.db');
    const r = runCli(['--count', '120', '--publish'], { DATABASE_PATH: dbPath });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const db = buildDb(dbPath);
    expect(currentDataset(db)).toMatchObject({ source: 'demo:2025:120', demo: true, recordCount: 120 });
    db.$client.close();
  });
});

describe('publishDemo', () => {
  it('refuses to replace imported data unless forced', () => {
    const db = buildDb(':memory:');
    const real = buildRecord();
    publishDataset(db, [real], { source: 'jilin-2025.csv', sourceSha256: 'a'.repeat(64), demo: false });
    const demo = generateDemoRecords({ count: 30 });
    expect(() => publishDemo(db, demo, '2025', 30)).toThrow(/--force/);
    expect(publishedRecords(db)).toEqual([real]);
    publishDemo(db, demo, '2025', 30, true);
    expect(currentDataset(db)).toMatchObject({ demo: true, recordCount: 30 });
  });
});
