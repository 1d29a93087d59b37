import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, found by walking up from this module until `data/geo` exists. This works the
 * same from `src/` under Node, from vitest, and from Astro's bundled build output under `dist/`.
 */
export const PROJECT_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'data', 'geo', 'jilin-counties.geojson'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
})();

/** Absolute path of a file under the project's bundled `data/` folder. */
export function dataPath(...parts: string[]): string {
  return join(PROJECT_ROOT, 'data', ...parts);
}
