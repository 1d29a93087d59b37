/**
 * Servers under test as child processes, so that their memory and CPU can be read from /proc and
 * the load generator does not share their event loop: the API alone (api/node.ts), the whole portal
 * (api/server.ts: API + static site + Astro) and the plain static file server used as a baseline
 * (bench/support/plain-static.ts). Temporary folders live inside the project (`.tmp-bench-*`,
 * git-ignored) because the built site's server chunks resolve packages from its node_modules.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';
import { freePort, portalPaths } from '../../test/support/temp-portal.ts';

const NODE = [process.execPath, '--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

/**
 * A fresh temporary folder `.tmp-bench-<name>-XXXXXX` in the project root, removed by `remove()`.
 *
 * @example const tmp = benchDir('slow'); … tmp.remove();
 */
export function benchDir(name: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(PROJECT_ROOT, `.tmp-bench-${name}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ChildServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Lines the server wrote to stdout after it was ready (its log), and how many of them were errors. */
  log: { lines: number; errors: number; lastError?: string };
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `node --experimental-strip-types <script> …args` and waits until `ready(line)` returns a
 * URL for one of its stdout lines (30 s at most, or 60 s on a busy machine). The rest of stdout is
 * counted, not printed; stderr is kept (last 4 KB) for the message if the server dies.
 */
export async function startChild(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  ready: (line: string) => string | undefined,
  startTimeoutMs = 60_000,
): Promise<ChildServer> {
  const child = spawn(NODE[0]!, [...NODE.slice(1), join(PROJECT_ROOT, script), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4096);
  });
  const log: ChildServer['log'] = { lines: 0, errors: 0 };
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${startTimeoutMs / 1000} s:\n${stderr}`)), startTimeoutMs);
    let started = false;
    lines.on('line', (line) => {
      if (!started) {
        const u = ready(line);
        if (u) {
          started = true;
          clearTimeout(timer);
          resolve(u);
        }
        return;
      }
      log.lines++;
      if (line.includes('"level":"error"')) {
        log.errors++;
        log.lastError = line.slice(0, 500);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url,
    pid: child.pid!,
    child,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(kill);
      }
    },
  };
}

/**
 * The API alone (api/node.ts) on a free port, with its database and uploads in `dir`. `env` adds
 * configuration variables (rate limits, timeouts).
 *
 * @example const api = await startApi(tmp.path, { REPORT_RATE_LIMIT: '1000000' }); await fetch(`${api.url}/api/health`)
 */
export function startApi(dir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const paths = portalPaths(dir);
  return startChild('api/node.ts', [paths.DATABASE_PATH, paths.UPLOAD_DIR], { CONTACT_KEY_FILE: paths.CONTACT_KEY_FILE, ...env }, (line) => {
    try {
      return (JSON.parse(line) as { url?: string }).url;
    } catch {
      return undefined;
    }
  });
}

/**
 * The whole portal (api/server.ts, what `npm start` runs after the build) serving the built site in
 * `siteDir` on 127.0.0.1 and a free port.
 */
export async function startPortal(siteDir: string, dir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  return startChild(
    'api/server.ts',
    [],
    {
      ...portalPaths(dir),
      HOST: '127.0.0.1',
      PORT: String(port),
      SITE_DIR: siteDir,
      ...env,
    },
    (line) => /portal listening on (\S+)/.exec(line)?.[1],
  );
}

/** The plain static file server (bench/support/plain-static.ts) over `clientDir` on a free port. */
export function startPlainStatic(clientDir: string): Promise<ChildServer> {
  return startChild('bench/support/plain-static.ts', [clientDir], {}, (line) => {
    try {
      return (JSON.parse(line) as { url?: string }).url;
    } catch {
      return undefined;
    }
  });
}
