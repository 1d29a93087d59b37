import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDb } from '../../src/kernel/db/client.ts';
import { type CliJson, main } from '../../src/records/import/cli.ts';
import { COLUMNS } from '../../src/records/import/columns.ts';
import { importTable } from '../../src/records/import/importer.ts';
import type { Table } from '../../src/records/import/read.ts';
import type { Cell } from '../../src/records/import/values.ts';
import { outfallRecordSchema } from '../../src/records/schema.ts';
import { FIXTURE_DIR } from '../fixtures/import/make-fixtures.ts';

/**
 * Importer fuzzing: malformed CSV and XLSX files go through the real import command (`main`, the
 * code `npm run import` runs) against a store that already holds a published set. Every file must
 * end in exit code 1 with problems listed (or 0 for the rare mutation that is still a valid file),
 * never a crash (exit 2 or an exception), and a rejected file must leave the store exactly as it was.
 *
 * Seeded: the same SEED makes the same files, so a failure names a case that reproduces.
 */

const SEED = 0x5eed1312;
const tmp = mkdtempSync(join(tmpdir(), 'fuzz-import-'));
const pristine = join(tmp, 'pristine.db');
const work = join(tmp, 'work.db');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** mulberry32: a tiny seeded PRNG, so byte mutations are reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), bytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)) };
}

function snapshot(path: string) {
  const db = buildDb(path, { readonly: true });
  try {
    return {
      outfalls: db.$client.prepare('SELECT code, hash, dataset_id, record FROM outfalls ORDER BY code').all(),
      datasets: db.$client.prepare('SELECT * FROM datasets ORDER BY id').all(),
      changes: db.$client.prepare('SELECT * FROM outfall_changes ORDER BY id').all(),
    };
  } finally {
    db.$client.close();
  }
}

interface Case {
  name: string;
  bytes: Uint8Array;
  ext: 'csv' | 'xlsx';
}

const goodXlsx = readFileSync(join(FIXTURE_DIR, 'good.xlsx'));
const goodCsv = readFileSync(join(FIXTURE_DIR, 'good-utf8-bom.csv'));
const goodGb = readFileSync(join(FIXTURE_DIR, 'good-gb18030.csv'));
const csvText = goodCsv.toString('utf8').replace(/^\ufeff/, '');
const [csvHeader = '', csvRow = ''] = csvText.split(/\r?\n/);

/** good.xlsx with its first worksheet's XML (or any part) rewritten. */
function xlsxWith(edit: (parts: Record<string, Uint8Array>, sheet: string) => Record<string, Uint8Array> | string): Uint8Array {
  const parts = unzipSync(goodXlsx);
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
  const out = edit(parts, sheet);
  return zipSync(typeof out === 'string' ? { ...parts, 'xl/worksheets/sheet1.xml': strToU8(out) } : out);
}

function cases(): Case[] {
  const r = prng(SEED);
  const out: Case[] = [];
  const prefixes: [string, number[]][] = [
    ['none', []],
    ['utf8-bom', [0xef, 0xbb, 0xbf]],
    ['utf16-bom', [0xff, 0xfe]],
    ['zip', [0x50, 0x4b, 0x03, 0x04]],
    ['ole', [0xd0, 0xcf, 0x11, 0xe0]],
  ];

  // Random bytes behind each magic number.
  for (let i = 0; i < 80; i++) {
    const [pname, prefix] = prefixes[i % prefixes.length]!;
    const len = [0, 1, 7, 100, 4096, 65536][r.int(6)]!;
    out.push({ name: `random ${len} bytes after ${pname}`, bytes: Uint8Array.from([...prefix, ...r.bytes(len)]), ext: i % 2 ? 'xlsx' : 'csv' });
  }
  // good.xlsx truncated anywhere, and with bits flipped.
  for (let i = 0; i < 60; i++) {
    const at = r.int(goodXlsx.length);
    out.push({ name: `good.xlsx truncated at ${at}`, bytes: goodXlsx.subarray(0, at), ext: 'xlsx' });
  }
  for (let i = 0; i < 150; i++) {
    const b = Uint8Array.from(goodXlsx);
    const flips = 1 + r.int(8);
    for (let k = 0; k < flips; k++) {
      const at = r.int(b.length);
      b[at] = b[at]! ^ (1 << r.int(8));
    }
    out.push({ name: `good.xlsx with ${flips} bit flips (#${i})`, bytes: b, ext: 'xlsx' });
  }
  // The good CSVs truncated, with bytes replaced, NULs and quotes inserted.
  for (const [label, src] of [
    ['utf-8', goodCsv],
    ['gb18030', goodGb],
  ] as const) {
    for (let i = 0; i < 15; i++) out.push({ name: `${label} csv truncated (#${i})`, bytes: src.subarray(0, r.int(src.length)), ext: 'csv' });
    for (let i = 0; i < 60; i++) {
      const b = Uint8Array.from(src);
      const n = 1 + r.int(10);
      for (let k = 0; k < n; k++) b[r.int(b.length)] = [0x00, 0x22, 0x2c, 0x0a, 0x0d, 0xff, 0x80, r.int(256)][r.int(8)]!;
      out.push({ name: `${label} csv with ${n} bytes replaced (#${i})`, bytes: b, ext: 'csv' });
    }
  }

  // Hand-made malformations.
  const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
  const rowWith = (col: number, value: string) =>
    csvRow
      .split(',')
      .map((c, i) => (i === col ? value : c))
      .join(',');
  out.push(
    { name: 'empty file', bytes: new Uint8Array(0), ext: 'csv' },
    { name: 'BOM only', bytes: Uint8Array.from([0xef, 0xbb, 0xbf]), ext: 'csv' },
    { name: 'header only', bytes: utf8(`${csvHeader}\n`), ext: 'csv' },
    { name: 'NULs only', bytes: new Uint8Array(10_000), ext: 'csv' },
    { name: 'NUL inside the code', bytes: utf8(`${csvHeader}\n${rowWith(0, 'YTH2201\u000002CW0001')}\n`), ext: 'csv' },
    { name: 'NUL inside the name', bytes: utf8(`${csvHeader}\n${rowWith(1, '伊通河\u0000排污口')}\n`), ext: 'csv' },
    { name: 'BEL inside the receiving water', bytes: utf8(`${csvHeader}\n${rowWith(8, '伊通\u0007河')}\n`), ext: 'csv' },
    { name: 'bidi override inside the responsible entity', bytes: utf8(`${csvHeader}\n${rowWith(13, '\u202e司公限有水排')}\n`), ext: 'csv' },
    { name: 'C1 control inside the supervisor', bytes: utf8(`${csvHeader}\n${rowWith(15, '长春市生态环境局\u0085南关区分局')}\n`), ext: 'csv' },
    { name: 'unbalanced quote in the header', bytes: utf8(`"${csvHeader}\n${csvRow}\n`), ext: 'csv' },
    { name: 'unbalanced quote in a row', bytes: utf8(`${csvHeader}\n${rowWith(1, '"伊通河')}\n${csvRow}\n`), ext: 'csv' },
    { name: 'quote inside an unquoted field', bytes: utf8(`${csvHeader}\n${rowWith(1, '伊通"河')}\n`), ext: 'csv' },
    {
      name: '100,000 columns',
      bytes: utf8(`${csvHeader},${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n${csvRow}${',x'.repeat(100_000)}\n`),
      ext: 'csv',
    },
    { name: '100,000 empty columns in a data row', bytes: utf8(`${csvHeader}\n${csvRow}${','.repeat(100_000)}\n`), ext: 'csv' },
    { name: 'a 2 MB cell', bytes: utf8(`${csvHeader}\n${rowWith(1, '河'.repeat(700_000))}\n`), ext: 'csv' },
    { name: '20,000 garbage rows', bytes: utf8(`${csvHeader}\n${Array.from({ length: 20_000 }, (_, i) => `x${i},;;\t"",${i}`).join('\n')}\n`), ext: 'csv' },
    { name: 'CR-only line ends', bytes: utf8(`${csvHeader}\r${csvRow}\r`), ext: 'csv' },
    { name: 'mixed delimiters', bytes: utf8(`${csvHeader.replace(/,/g, ';')}\n${csvRow.replace(/,/g, '\t')}\n`), ext: 'csv' },
    { name: 'UTF-16 BOM with an odd byte count', bytes: Uint8Array.from([0xff, 0xfe, ...Buffer.from(csvText, 'utf16le'), 0x41]), ext: 'csv' },
    {
      name: 'invalid GB18030 sequences',
      bytes: Uint8Array.from([...iconv.encode(csvHeader, 'gb18030'), 0x0a, 0x81, 0x30, 0x81, 0xff, 0xfe, 0x80, 0x2c, 0x0a]),
      ext: 'csv',
    },
    { name: 'header repeated as data', bytes: utf8(`${csvHeader}\n${csvHeader}\n${csvHeader}\n`), ext: 'csv' },
    {
      name: 'every cell a formula',
      bytes: utf8(
        `${csvHeader}\n${csvRow
          .split(',')
          .map(() => '=1+1')
          .join(',')}\n`,
      ),
      ext: 'csv',
    },
    {
      name: 'NaN and Infinity coordinates',
      bytes: utf8(
        `${csvHeader}\n${rowWith(5, 'NaN')
          .split(',')
          .map((c, i) => (i === 6 ? 'Infinity' : c))
          .join(',')}\n`,
      ),
      ext: 'csv',
    },
    {
      name: 'coordinates out of range',
      bytes: utf8(
        `${csvHeader}\n${rowWith(5, '999')
          .split(',')
          .map((c, i) => (i === 6 ? '-91' : c))
          .join(',')}\n`,
      ),
      ext: 'csv',
    },
    { name: 'exponent coordinates', bytes: utf8(`${csvHeader}\n${rowWith(5, '1.253e2')}\n`), ext: 'csv' },
    { name: 'XLSX: huge dimension', bytes: xlsxWith((_, s) => s.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')), ext: 'xlsx' },
    { name: 'XLSX: negative dimension', bytes: xlsxWith((_, s) => s.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A-5:B-99999"/>')), ext: 'xlsx' },
    {
      name: 'XLSX: one cell at XFD1048576',
      bytes: xlsxWith((_, s) => s.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: one cell in row 1,048,576',
      bytes: xlsxWith((_, s) => s.replace('</sheetData>', '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')),
      ext: 'xlsx',
    },
    { name: 'XLSX: one cell in column XFD', bytes: xlsxWith((_, s) => s.replace('</row>', '<c r="XFD1"><v>1</v></c></row>')), ext: 'xlsx' },
    {
      name: 'XLSX: negative row numbers',
      bytes: xlsxWith((_, s) => s.replace(/<row r="2"/, '<row r="-2"').replace(/r="([A-Z]+)2"/g, 'r="$1-2"')),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: row number 99999999999',
      bytes: xlsxWith((_, s) => s.replace('</sheetData>', '<row r="99999999999"><c r="A99999999999"><v>1</v></c></row></sheetData>')),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: non-numeric references',
      bytes: xlsxWith((_, s) => s.replace(/<row r="3"/, '<row r="abc"').replace(/r="([A-Z]+)3"/g, 'r="?$1"')),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: shared string index out of range',
      bytes: xlsxWith((_, s) => s.replace(/<c r="A3" t="s"><v>\d+<\/v>/, '<c r="A3" t="s"><v>99999999</v>')),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: shared strings part missing',
      bytes: xlsxWith((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'xl/sharedStrings.xml'))),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: worksheet part missing',
      bytes: xlsxWith((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith('xl/worksheets/')))),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: workbook part missing',
      bytes: xlsxWith((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'xl/workbook.xml'))),
      ext: 'xlsx',
    },
    { name: 'XLSX: worksheet XML truncated', bytes: xlsxWith((_, s) => s.slice(0, Math.floor(s.length / 2))), ext: 'xlsx' },
    { name: 'XLSX: worksheet not XML', bytes: xlsxWith(() => '\u0000\u0001garbage<<<>>>&&&'), ext: 'xlsx' },
    {
      name: 'XLSX: entity expansion ("billion laughs") in the shared strings',
      bytes: xlsxWith((p) => {
        const ents = ['<!ENTITY a0 "ha">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
        const xml = strFromU8(p['xl/sharedStrings.xml']!)
          .replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', `<?xml version="1.0"?><!DOCTYPE sst [${ents}]>`)
          .replace(/<t>[^<]*<\/t>/, '<t>&a9;</t>');
        return { ...p, 'xl/sharedStrings.xml': strToU8(xml) };
      }),
      ext: 'xlsx',
    },
    {
      name: 'XLSX: 10,000 empty rows with styles',
      bytes: xlsxWith((_, s) =>
        s.replace('</sheetData>', `${Array.from({ length: 10_000 }, (_, i) => `<row r="${i + 20}"><c r="A${i + 20}" s="0"/></row>`).join('')}</sheetData>`),
      ),
      ext: 'xlsx',
    },
    { name: 'XLSX named .csv', bytes: Uint8Array.from(goodXlsx.subarray(0, 2000)), ext: 'csv' },
  );
  return out;
}

async function runCli(file: string, dbPath: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([file, '--json'], { env: { DATABASE_PATH: dbPath }, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('importer fuzzing through the import command', () => {
  let before: ReturnType<typeof snapshot>;
  beforeAll(async () => {
    const r = await runCli(join(FIXTURE_DIR, 'good.xlsx'), pristine);
    expect(r.code).toBe(0);
    before = snapshot(pristine);
    expect(before.outfalls).toHaveLength(7);
    copyFileSync(pristine, work);
  });

  it('malformed files never crash it, always list problems, and never change the published set', { timeout: 120_000 }, async () => {
    const all = cases();
    const outcomes = { rejected: 0, accepted: 0 };
    const codes = new Map<string, number>();
    const start = performance.now();
    for (const [i, c] of all.entries()) {
      const file = join(tmp, `case-${i}.${c.ext}`);
      writeFileSync(file, c.bytes);
      const r = await runCli(file, work);
      expect(r.code, `${c.name}: exit ${r.code}\n${r.err}`).not.toBe(2);
      const report = JSON.parse(r.out) as CliJson;
      if (r.code === 1) {
        outcomes.rejected++;
        expect(report.written, c.name).toBe(false);
        expect(report.counts.error, c.name).toBeGreaterThan(0);
        for (const p of report.problems) {
          codes.set(p.code, (codes.get(p.code) ?? 0) + 1);
          expect(p.message, c.name).toMatch(/\p{Script=Han}/u);
        }
        expect(snapshot(work), c.name).toEqual(before);
      } else {
        // A mutation that left a valid file (a flipped bit inside a value, say) is a real import.
        outcomes.accepted++;
        expect(r.code, c.name).toBe(0);
        expect(report.counts.error, c.name).toBe(0);
        copyFileSync(pristine, work);
      }
      rmSync(file);
    }
    console.info(
      `importer fuzz: ${all.length} files, ${outcomes.rejected} rejected, ${outcomes.accepted} still valid, ${Math.round(performance.now() - start)} ms; problem codes ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    expect(outcomes.rejected).toBeGreaterThan(all.length * 0.8);
  });

  it('control characters in a text cell are an error naming the column', async () => {
    const file = join(tmp, 'control.csv');
    const row = csvRow
      .split(',')
      .map((c, i) => (i === 1 ? '伊通河\u0007南关区排污口' : c))
      .join(',');
    writeFileSync(file, `${csvHeader}\n${row}\n`);
    const r = await runCli(file, work);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as CliJson;
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.row, p.column])).toEqual([['value_invalid', 2, '排污口名称']]);
    expect(snapshot(work)).toEqual(before);
  });
});

describe('importTable on arbitrary tables', () => {
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('是', '否', '已完成', '管道', '南关区', '长春市', '125.3', '43.8', '2025-01-01', 'YTH220102CW0001', '伊通河', '—', ''),
    },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, Number.MAX_SAFE_INTEGER + 2) },
  );
  const header = fc.shuffledSubarray(
    COLUMNS.map((c) => c.header),
    { minLength: 0, maxLength: COLUMNS.length },
  );
  const table = fc
    .tuple(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 3 }), header, fc.array(fc.array(cell, { maxLength: 30 }), { maxLength: 12 }))
    .map(
      ([above, head, rows]): Table => ({
        format: 'csv',
        rows: [...above, head, ...rows].map((cells, i) => ({ number: i + 1, cells })),
      }),
    );

  it('never throws; every error names a row or the file; every record it returns is a valid published record', () => {
    fc.assert(
      fc.property(table, (t) => {
        const result = importTable(t);
        for (const p of result.problems) {
          expect(p.message).toBeTruthy();
          if (p.row === null) expect(p.column === null || typeof p.column === 'string').toBe(true);
        }
        for (const rec of result.records) expect(outfallRecordSchema.safeParse(rec).success).toBe(true);
        expect(result.records).toHaveLength(result.recordRows.length);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
