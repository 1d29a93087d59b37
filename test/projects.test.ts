import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/kernel/geo/paths.ts';
import { projectOf, SITE_FOLDERS, SYSTEM_FILES, SYSTEM_FOLDERS } from './support/projects.ts';

/**
 * The unit project stays pure (test/support/projects.ts): no unit test may start a process, not
 * itself and not through anything it imports, however indirectly. This reads every relative
 * import (static, dynamic with a literal, `export … from`) from each unit test through test/,
 * src/ and api/, and fails naming the chain that reaches a process-spawning module.
 */

const SPAWNING = /^(node:)?(child_process|cluster)$/;
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function testFiles(dir = 'test'): string[] {
  return readdirSync(join(PROJECT_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(join(PROJECT_ROOT, path)).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const importsCache = new Map<string, string[]>();
/** The specifiers one file imports (relative ones resolved to root-relative paths). */
function importsOf(file: string): string[] {
  let found = importsCache.get(file);
  if (!found) {
    // Comments out first: prose such as "npm run import\n 'a/file.ts'" is not an import.
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|\s)\/\/.*$/gm, '');
    found = [...text.matchAll(IMPORT)]
      .map((m) => (m[1] ?? m[2] ?? m[3] ?? '').split('?')[0] ?? '')
      .map((s) => (s.startsWith('.') ? normalize(join(dirname(file), s)) : s));
    importsCache.set(file, found);
  }
  return found;
}

/** The import chain from `file` to a module that can start a process, or undefined. */
function spawnChain(file: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const target of importsOf(file)) {
    if (SPAWNING.test(target)) return [file, target];
    // Only project source files are followed; packages are not the project's processes.
    if (!/\.(ts|tsx|mts|mjs|js)$/.test(target) || !existsSync(join(PROJECT_ROOT, target))) continue;
    const rest = spawnChain(target, seen);
    if (rest) return [file, ...rest];
  }
  return undefined;
}

const all = testFiles();

describe('test projects (test/support/projects.ts)', () => {
  it('names only folders and files that exist, and no file twice', () => {
    for (const path of [...SYSTEM_FOLDERS, ...SITE_FOLDERS, ...SYSTEM_FILES]) expect(existsSync(join(PROJECT_ROOT, path)), path).toBe(true);
    for (const file of SYSTEM_FILES) expect(projectOf(file), `${file} is listed and also in a folder`).toBe('system');
    expect(new Set(SYSTEM_FILES).size).toBe(SYSTEM_FILES.length);
  });

  it('finds a spawn through a helper (so the check below can fail)', () => {
    expect(spawnChain('test/faults/crash.test.ts')).toEqual(['test/faults/crash.test.ts', 'test/faults/helpers.ts', 'node:child_process']);
  });

  it.each(SYSTEM_FILES)('%s, listed as a system test, does start a process (else it belongs in unit)', (file) => {
    expect(spawnChain(file)).toBeDefined();
  });

  it.each(all.filter((f) => projectOf(f) === 'unit'))('%s starts no process', (file) => {
    expect(spawnChain(file), 'a unit test reaches a process-spawning module; list it in SYSTEM_FILES').toBeUndefined();
  });
});
