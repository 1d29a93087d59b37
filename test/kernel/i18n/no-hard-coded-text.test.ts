import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../src/kernel/geo/paths.ts';
import { type HanHit, hanInSource, sourceFiles } from './han-in-code.ts';

/**
 * UI text lives in src/kernel/i18n (zh-CN is the reference locale) and is looked up with t(). Chinese
 * elsewhere in the code of src/ and api/ is allowed only where it is data, listed below with the
 * reason: published values, file formats, place names, generator parts. A new hard-coded UI string
 * fails here naming file, line and text; move it to src/kernel/i18n/zh-CN/<area>.ts instead.
 */

interface Allowed {
  /** Why this Chinese is not UI text. */
  why: string;
  /** When set, only literals containing one of these are allowed in the file (a mixed file). */
  only?: readonly string[];
}

/** Paths (a file, or a folder ending in /) whose Chinese is data or documentation, not UI text. */
const ALLOWED: Record<string, Allowed> = {
  'src/records/schema.ts': { why: 'enumeration values of the record (依法取缔, 整治中 …): published values, stored and exported as they stand' },
  'src/records/classification.ts': { why: 'the HJ 1312-2023 classification names, the standard’s own words' },
  'src/records/import/columns.ts': { why: 'column headers of the published records file and their aliases: the file format the importer reads' },
  'src/records/import/values.ts': { why: 'words and synonyms the importer reads and the exports write (是/否, 已设置, 连续排放 …): the file format' },
  'src/records/demo/': { why: 'name parts of the demonstration generator: places, waters, enterprises, villages' },
  'src/records/rules.ts': { why: 'the work plan’s own sentences, quoted verbatim as the source of each rule, and the type and route names they test' },
  'src/records/water-systems.ts': { why: 'names of rivers, lakes, 水系 and 流域 as published: data, not interface text' },
  'src/kernel/report/bureau-directory.ts': { why: 'the county bureaus’ directory (data): place names and the demonstration addresses marked as such' },
  'src/kernel/geo/admin.ts': { why: 'suffixes of administrative place names (市, 县, 自治县) used to match names' },
  'src/kernel/config.ts': { why: 'the proper name of the Tianditu map service in an operator’s (English) start-up message', only: ['天地图'] },
  'src/site/progress.ts': {
    why: 'the work plan’s priority waters (place names) and its own group names, the 段 suffix of water names, and remediation status values',
  },
  'api/open311/routes.ts': { why: 'splits the category names (data) at 或 into Open311 keywords', only: ['或'] },
  // OpenAPI documentation for API clients, carried by the schemas themselves (zod .meta/.describe,
  // STYLE: "the schema is the documentation"), with example values that are place names. Not page
  // text; error messages of the API are codes turned into Chinese through t() (api/errors.ts).
  'api/openapi.ts': { why: 'OpenAPI documentation (summaries, response descriptions)' },
  'api/reports/openapi.ts': { why: 'OpenAPI documentation of the follow-up routes (summaries, response descriptions)' },
  'api/reports/schemas.ts': { why: 'OpenAPI documentation carried by the zod schemas; example place names' },
  'api/open311/openapi.ts': { why: 'OpenAPI documentation (summaries, response descriptions)' },
  'api/open311/schemas.ts': { why: 'OpenAPI documentation carried by the zod schemas' },
  'api/stats/openapi.ts': { why: 'OpenAPI documentation (summaries, response descriptions)' },
  'api/stats/schemas.ts': { why: 'OpenAPI documentation carried by the zod schemas; example place names' },
  'api/staff/openapi.ts': { why: 'OpenAPI documentation (summaries, response descriptions)' },
  'api/staff/schemas.ts': { why: 'OpenAPI documentation carried by the zod schemas' },
  'src/kernel/report/contract/staff.ts': {
    why: 'OpenAPI documentation carried by the staff API’s zod contract (api/staff/openapi.ts describes the API from it)',
  },
};

const allowedFor = (file: string) => Object.entries(ALLOWED).find(([path]) => (path.endsWith('/') ? file.startsWith(path) : file === path));

function isAllowed(hit: HanHit): boolean {
  const entry = allowedFor(hit.file);
  if (!entry) return false;
  const { only } = entry[1];
  return !only || only.some((text) => hit.text.includes(text));
}

const files = [...sourceFiles(PROJECT_ROOT, 'src'), ...sourceFiles(PROJECT_ROOT, 'api')].filter((f) => !f.startsWith('src/kernel/i18n/'));
const hits = files.flatMap((f) => hanInSource(f, readFileSync(join(PROJECT_ROOT, f), 'utf8')));

describe('Chinese UI text only in src/kernel/i18n', () => {
  it('reads a real tree (a broken reader must not pass by finding nothing)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.some((f) => f.endsWith('.astro'))).toBe(true);
    expect(hits.filter((h) => h.file === 'src/records/classification.ts').length).toBeGreaterThan(10);
  });

  it('no Chinese text in code outside the dictionaries and the listed data files', () => {
    const wrong = hits.filter((h) => !isAllowed(h)).map((h) => `${h.file}:${h.line} ${h.text.slice(0, 80)}`);
    expect(wrong).toEqual([]);
  });

  it('every allowance still names an existing path that holds Chinese (stale ones are removed)', () => {
    for (const path of Object.keys(ALLOWED)) {
      expect(existsSync(join(PROJECT_ROOT, path)), path).toBe(true);
      expect(
        hits.some((h) => allowedFor(h.file)?.[0] === path),
        path,
      ).toBe(true);
    }
  });
});

describe('the reader of Chinese in code', () => {
  it('finds string and template literals, regular expressions and JSX text, not comments', () => {
    const source = [
      '// 注释',
      "/** 文档注释 */ const a = '文字';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, read by the test
      'const b = `${a}（${a}）`;', // full-width punctuation is not Han
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, read by the test
      'const c = `共 ${a} 条`;',
      'const d = /省|市/;',
      'const e = <p>你好</p>;',
      '/* 多行',
      '   注释 */',
    ].join('\n');
    expect(hanInSource('x.tsx', source).map((h) => [h.line, h.text])).toEqual([
      [2, "'文字'"],
      [4, '`共 ${'],
      [4, '} 条`'],
      [5, '/省|市/'],
      [6, '你好'],
    ]);
  });

  it('reads .astro frontmatter, template and scripts, not HTML or JSX comments nor styles', () => {
    const source = [
      '---',
      '// 注释 in frontmatter',
      "const title = '标题';",
      '---',
      '<!-- HTML 注释 -->',
      '{/* JSX 注释 */}',
      '<h1>{title}</h1>',
      '<p aria-label="说明">正文</p>',
      '<style>',
      "  .a::after { content: '样式'; }",
      '</style>',
      '<script>',
      "  const s = '脚本';",
      '</script>',
    ].join('\n');
    expect(hanInSource('x.astro', source).map((h) => [h.line, h.text])).toEqual([
      [3, "'标题'"],
      [8, '<p aria-label="说明">正文</p>'],
      [13, "'脚本'"],
    ]);
  });
});
