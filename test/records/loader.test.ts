import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoaderContext } from 'astro/loaders';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import { datasetLoader, outfallsLoader, recordsStoreGuard } from '../../src/records/loader.ts';
import { publishDataset } from '../../src/records/store.ts';
import { buildRecord } from '../support/builders.ts';

/**
 * The content loaders need the records store only to fill the collections: with no store (a fresh
 * clone running `astro sync` / `astro check`) they leave them empty and say why, and the build
 * guard is what stops `astro build` and `astro dev`.
 */

/** The parts of Astro's loader context the loaders use: a collection store and a logger. */
function loaderContext(entries: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(entries));
  const warnings: string[] = [];
  const store = {
    set: ({ id, data: value }: { id: string; data: unknown }) => {
      data.set(id, value);
      return true;
    },
    keys: () => [...data.keys()],
    delete: (id: string) => void data.delete(id),
    clear: () => data.clear(),
  };
  const logger = { info: () => undefined, warn: (m: string) => warnings.push(m) };
  return { context: { store, logger } as unknown as LoaderContext, data, warnings };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loader-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('records content loaders', () => {
  it('fill the collections from the store', async () => {
    const path = join(dir, 'portal.db');
    const db = buildDb(path);
    publishDataset(db, [buildRecord(), buildRecord({ code: 'YTH220102CY0002' })], { source: 'a.csv', sourceSha256: 'a'.repeat(64), demo: false });
    db.$client.close();
    vi.stubEnv('DATABASE_PATH', path);

    const outfalls = loaderContext({ STALE0000000001: {} });
    await outfallsLoader().load(outfalls.context);
    expect([...outfalls.data.keys()]).toEqual(['YTH220102CW0001', 'YTH220102CY0002']);
    const dataset = loaderContext();
    await datasetLoader().load(dataset.context);
    expect(dataset.data.get('current')).toMatchObject({ source: 'a.csv', recordCount: 2 });
  });

  it('leave the collections empty, with a warning that says what to run, when there is no store', async () => {
    const path = join(dir, 'missing.db');
    vi.stubEnv('DATABASE_PATH', path);
    for (const loader of [outfallsLoader(), datasetLoader()]) {
      const { context, data, warnings } = loaderContext({ old: {} });
      await loader.load(context);
      expect(data.size).toBe(0);
      expect(warnings).toEqual([expect.stringContaining(`Records store ${path} does not exist: run \`npm run data:prepare\``)]);
    }
  });
});

describe('recordsStoreGuard', () => {
  const setup = (env: Record<string, string>, command: 'dev' | 'build' | 'preview' | 'sync') =>
    (recordsStoreGuard(env).hooks['astro:config:setup'] as (o: { command: string }) => void)({ command });

  it('stops build and dev without a store, with the message that says how to make one', () => {
    const env = { DATABASE_PATH: join(dir, 'missing.db') };
    for (const command of ['build', 'dev'] as const) expect(() => setup(env, command)).toThrow(/does not exist: run `npm run data:prepare`/);
  });

  it('lets sync (astro sync, astro check) and preview go on without one, and build with one', () => {
    const env = { DATABASE_PATH: join(dir, 'missing.db') };
    expect(() => setup(env, 'sync')).not.toThrow();
    expect(() => setup(env, 'preview')).not.toThrow();
    buildDb(env.DATABASE_PATH).$client.close();
    expect(() => setup(env, 'build')).not.toThrow();
  });
});
