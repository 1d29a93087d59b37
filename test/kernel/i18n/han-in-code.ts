import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * Finds Chinese (Han) text in code: string and template literals, regular expressions, JSX text and
 * the HTML of .astro templates. Comments do not count, nor CSS. Full-width punctuation （）、。 is not
 * Han, so a format like `${a}（${b}）` is not reported.
 */

const HAN = /\p{Script=Han}/u;

export interface HanHit {
  file: string;
  /** 1-based line. */
  line: number;
  /** The literal as written (or the template line). */
  text: string;
}

/** Same length, newlines kept: stripped parts keep every later line number. */
const blank = (s: string) => s.replace(/[^\n]/g, ' ');

function scanScript(file: string, source: string, firstLine: number, jsx: boolean): HanHit[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const hits: HanHit[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateLiteralToken(node) ||
        ts.isRegularExpressionLiteral(node) ||
        ts.isJsxText(node)) &&
      HAN.test(node.getText(sf))
    ) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      hits.push({ file, line: firstLine + line, text: node.getText(sf).trim() });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

function scanAstro(file: string, source: string): HanHit[] {
  const hits: HanHit[] = [];
  let template = source;
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (frontmatter) {
    hits.push(...scanScript(file, frontmatter[1]!, 2, false));
    template = blank(frontmatter[0]) + source.slice(frontmatter[0].length);
  }
  template = template.replace(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g, (whole, open: string, body: string, at: number) => {
    const line = template.slice(0, at + open.length).split('\n').length;
    hits.push(...scanScript(file, body, line, false));
    return blank(whole);
  });
  template = template
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/\{\s*\/\*[\s\S]*?\*\/\s*\}/g, blank);
  template.split('\n').forEach((text, i) => {
    if (HAN.test(text)) hits.push({ file, line: i + 1, text: text.trim() });
  });
  return hits.sort((a, b) => a.line - b.line);
}

/**
 * The Chinese text in the code of one source file.
 *
 * @example hanInSource('a.ts', "// 注释\nconst s = '文字';") // [{ file: 'a.ts', line: 2, text: "'文字'" }]
 */
export function hanInSource(file: string, source: string): HanHit[] {
  if (file.endsWith('.astro')) return scanAstro(file, source);
  return scanScript(file, source, 1, file.endsWith('.tsx') || file.endsWith('.jsx'));
}

/** Source files under `dir` (relative to `root`), as the layering test reads them. */
export function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(root, path);
    return /\.(ts|tsx|mts|astro|mjs|js|jsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}
