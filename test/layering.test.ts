import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/kernel/geo/paths.ts';

/**
 * The house has three floors (README, "How it is laid out"):
 *   floor 1  src/kernel/   the shared kernel: db, geo, i18n, config, published-records read model,
 *                          the report domain, small helpers — imports nothing above it;
 *   floor 2  src/ (all but the kernel)   the records → pages wing;
 *            api/          the report → inbox wing.
 * The wings use the kernel and never each other. Within the source tree there is no import circle,
 * neither between files nor between folders. This test reads every import (static, dynamic with a
 * literal, `export … from`, type-only) of every source file and fails naming the file and the import.
 */

const SOURCE = /\.(ts|tsx|mts|astro|mjs|js)$/;
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(PROJECT_ROOT, path)).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file → the project files it imports (relative specifiers only; packages are not floors). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('api')]) {
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
      .filter((s) => s.startsWith('.'))
      .map((s) => normalize(join(dirname(file), s.split('?')[0] ?? s)));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

type Floor = 'kernel' | 'records-wing' | 'report-wing' | 'outside';
function floorOf(path: string): Floor {
  if (path.startsWith('src/kernel/')) return 'kernel';
  if (path.startsWith('src/')) return 'records-wing';
  if (path.startsWith('api/')) return 'report-wing';
  return 'outside';
}

/** Strongly connected components with more than one member (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));

describe('the three floors', () => {
  it('reads a real tree (a broken reader must not pass by finding nothing)', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(edges.filter((e) => floorOf(e.to) === 'kernel').length).toBeGreaterThan(100);
  });

  it('the kernel imports nothing above it', () => {
    const up = edges.filter((e) => floorOf(e.from) === 'kernel' && floorOf(e.to) !== 'kernel');
    expect(up.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('nothing in src/ imports api/', () => {
    const wrong = edges.filter((e) => floorOf(e.from) === 'records-wing' && floorOf(e.to) === 'report-wing');
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('api/ imports only the kernel of src/ (no records, pages, components or page builders)', () => {
    const wrong = edges.filter((e) => floorOf(e.from) === 'report-wing' && floorOf(e.to) === 'records-wing');
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('no file imports one outside src/ and api/ (tests, benchmarks and data are not code of the house)', () => {
    const wrong = edges.filter((e) => floorOf(e.to) === 'outside' && !e.to.startsWith('data/') && !e.to.startsWith('node_modules/'));
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('no import circle between files', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('no import circle between folders (an arrow running back up)', () => {
    const folders = new Map<string, string[]>();
    for (const { from, to } of edges) {
      const a = dirname(from);
      const b = dirname(to);
      if (a === b || b.startsWith(`${a}/`) || !graph.has(to)) continue;
      folders.set(a, [...(folders.get(a) ?? []), b]);
      if (!folders.has(b)) folders.set(b, []);
    }
    expect(circles(folders)).toEqual([]);
  });
});
