import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(cmd: string[], env: NodeJS.ProcessEnv, what: string) {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export function portalEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_PATH: join(dir, 'portal.db'),
    UPLOAD_DIR: join(dir, 'uploads'),
    CONTACT_KEY_FILE: join(dir, 'contact.key'),
    SITE_DIR: join(dir, 'dist'),
    ASTRO_CACHE_DIR: join(dir, 'astro-cache'),
    PUBLIC_BASE_URL: 'https://hbpwk.example.gov.cn',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Every browser test submits from 127.0.0.1: one client as far as the rate limits know.
    REPORT_RATE_LIMIT: '200',
    LOOKUP_RATE_LIMIT: '1000',
  };
}

export default async function setup(project: TestProject) {
  // Inside the project (ignored by git): the built server chunks import packages, and Node resolves
  // them by walking up to the project's node_modules, which a folder under /tmp cannot see.
  const dir = mkdtempSync(join(ROOT, '.tmp-test-portal-'));
  const env = portalEnv(dir);
  run([...NODE, 'src/records/demo/cli.ts', '--count', String(TEST_DEMO_COUNT), '--seed', String(TEST_DEMO_SEED), '--publish'], env, 'demo data');
  run([process.execPath, join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', env.SITE_DIR!], env, 'astro build');

  const port = await freePort();
  const server: ChildProcess = spawn(NODE[0]!, [...NODE.slice(1), 'api/server.ts'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
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

  project.provide('portal', { url, dir, dbPath: env.DATABASE_PATH!, siteDir: env.SITE_DIR!, uploadDir: env.UPLOAD_DIR!, publicBaseUrl: env.PUBLIC_BASE_URL! });
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill('SIGKILL');
    if (!process.env.KEEP_TEST_PORTAL) rmSync(dir, { recursive: true, force: true });
  };
}
