import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';

/**
 * Pieces of a throwaway portal in one folder, shared by the site and browser tests' global setup
 * (test-portal.ts) and the benchmarks (bench/), so both lay the folder out and build it the same way.
 */

const NODE = [process.execPath, '--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

/**
 * Where a throwaway portal in `dir` keeps its data, as configuration variables.
 *
 * @example const env = { ...process.env, ...portalPaths(dir), LOG_LEVEL: 'warn' };
 */
export function portalPaths(dir: string) {
  return {
    DATABASE_PATH: join(dir, 'portal.db'),
    UPLOAD_DIR: join(dir, 'uploads'),
    CONTACT_KEY_FILE: join(dir, 'contact.key'),
    SITE_DIR: join(dir, 'dist'),
    ASTRO_CACHE_DIR: join(dir, 'astro-cache'),
  };
}

/**
 * A TCP port that was free a moment ago on 127.0.0.1 (for servers that cannot be told to pick one).
 *
 * @example const port = await freePort(); spawn(…, { env: { ...env, PORT: String(port) } });
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function run(cmd: string[], env: NodeJS.ProcessEnv, what: string) {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: PROJECT_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * Publishes `count` demonstration outfalls (the real generator, `seed`) into `env.DATABASE_PATH`
 * and builds the real site into `env.SITE_DIR` (`astro build`). Throws with the output if either fails.
 *
 * @example buildPortalSite({ ...process.env, ...portalPaths(dir) }, { count: 400, seed: 20231231 });
 */
export function buildPortalSite(env: NodeJS.ProcessEnv & { SITE_DIR: string }, demo: { count: number; seed: number }): void {
  run([...NODE, 'src/records/demo/cli.ts', '--count', String(demo.count), '--seed', String(demo.seed), '--publish'], env, 'demo data');
  run([process.execPath, join(PROJECT_ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', env.SITE_DIR], env, 'astro build');
}
