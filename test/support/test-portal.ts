import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPortalSite, freePort, portalPaths } from './temp-portal.ts';

/**
 * Global setup for the site and browser tests: one real portal, built once per test run.
 *  1. a temporary SQLite store with a small seeded demonstration dataset (the real generator);
 *  2. `astro build` of the real site into a temporary folder (its own Astro cache);
 *  3. the real server process (api/server.ts) on a free port.
 * Tests read `inject('portal')` for the URL and paths, and may open the database read-only.
 */
export interface TestPortal {
  url: string;
  dir: string;
  dbPath: string;
  siteDir: string;
  uploadDir: string;
  publicBaseUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    portal: TestPortal;
  }
}

const ROOT = new URL('../..', import.meta.url).pathname;
const NODE = [process.execPath, '--experimental-strip-types', '--disable-warning=ExperimentalWarning'];
export const TEST_DEMO_COUNT = 400;
export const TEST_DEMO_SEED = 20231231;

/** The configuration of the test portal in `dir` (also for CLIs a test runs against it). */
export function portalEnv(dir: string) {
  return {
    ...process.env,
    ...portalPaths(dir),
    PUBLIC_BASE_URL: 'https://hbpwk.example.gov.cn',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Every browser test submits from 127.0.0.1: one client as far as the rate limits know.
    REPORT_RATE_LIMIT: '200',
    REPORT_ADDRESS_RATE_LIMIT: '400',
    LOOKUP_RATE_LIMIT: '1000',
  };
}

export default async function setup(project: TestProject) {
  // Inside the project (ignored by git): the built server chunks import packages, and Node resolves
  // them by walking up to the project's node_modules, which a folder under /tmp cannot see.
  const dir = mkdtempSync(join(ROOT, '.tmp-test-portal-'));
  const env = portalEnv(dir);
  buildPortalSite(env, { count: TEST_DEMO_COUNT, seed: TEST_DEMO_SEED });

  const port = await freePort();
  const server: ChildProcess = spawn(NODE[0]!, [...NODE.slice(1), 'api/server.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`portal exited (${server.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`portal did not start within 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  project.provide('portal', { url, dir, dbPath: env.DATABASE_PATH, siteDir: env.SITE_DIR, uploadDir: env.UPLOAD_DIR, publicBaseUrl: env.PUBLIC_BASE_URL });
  return async () => {
    // The server drains and exits on SIGTERM; wait for that (bounded), then make sure.
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    if (!process.env.KEEP_TEST_PORTAL) rmSync(dir, { recursive: true, force: true });
  };
}
