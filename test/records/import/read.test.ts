import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv, readCsv, sniffDelimiter, sniffFormat, xlsxCell } from '../../../src/records/import/read.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeCsv', () => {
  const text = '排污口编码,受纳水体\nYTH1,伊通河\n';
  it.each<[string, Uint8Array, string]>([
    ['UTF-8', bytes(text), 'utf-8'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(text)]), 'utf-8'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
    ['GBK (a subset of GB18030)', iconv.encode(text, 'gbk'), 'gb18030'],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]), 'utf-16le'],
  ])('%s', (_name, input, encoding) => {
    const r = decodeCsv(input);
    expect(r.encoding).toBe(encoding);
    expect(r.text).toBe(text);
  });

  it('decodes characters outside GBK that only GB18030 has', () => {
    const rare = '䶮'; // CJK extension A, four bytes in GB18030
    expect(decodeCsv(iconv.encode(`河,${rare}`, 'gb18030')).text).toBe(`河,${rare}`);
  });
});

describe('sniffing', () => {
  it.each<[string, number[], string]>([
    ['zip (xlsx)', [0x50, 0x4b, 0x03, 0x04, 0], 'xlsx'],
    ['OLE (legacy xls)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1], 'unsupported'],
    ['text', [...bytes('排污口编码,')], 'csv'],
  ])('%s', (_name, input, format) => expect(sniffFormat(new Uint8Array(input))).toBe(format));

  it.each<[string, string]>([
    ['a,b,c\n1,2,3', ','],
    ['a\tb\tc\n', '\t'],
    ['a;b;c\n', ';'],
    ['"a,b";c;d\n', ';'],
    ['a\n', ','],
  ])('delimiter of %j is %j', (text, d) => expect(sniffDelimiter(text)).toBe(d));
});

describe('readCsv', () => {
  it('numbers rows as a spreadsheet does: blank lines count, a quoted line break does not', () => {
    const t = readCsv(bytes('h1,h2\r\na,"x\ny"\r\n\r\nb,z\r\n'));
    expect(t.rows.map((r) => [r.number, r.cells])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a', 'x\ny']],
      [3, ['']],
      [4, ['b', 'z']],
    ]);
  });
  it('rows may have fewer or more cells than the header', () => {
    expect(readCsv(bytes('a,b,c\n1\n1,2,3,4\n')).rows.map((r) => r.cells.length)).toEqual([3, 1, 4]);
  });
  it('an unclosed quote makes the file unreadable', () => {
    expect(() => readCsv(bytes('a,b\n"1,2\n'))).toThrow(expect.objectContaining({ code: 'file_unreadable' }));
  });
});

describe('xlsxCell', () => {
  const d = new Date(Date.UTC(2023, 4, 6));
  it.each<[string, unknown, unknown]>([
    ['empty', null, null],
    ['number', 125.3, 125.3],
    ['text', '伊通河', '伊通河'],
    ['boolean', true, true],
    ['date', d, d],
    ['rich text', { richText: [{ text: '伊通' }, { text: '河' }] }, '伊通河'],
    ['formula with result', { formula: 'A1+1', result: 45052 }, 45052],
    ['formula with date result', { formula: 'DATE(2023,5,6)', result: d }, d],
    ['formula without cached result', { formula: 'A1' }, null],
    ['shared formula', { sharedFormula: 'A1', result: '是' }, '是'],
    ['hyperlink', { text: '长春市生态环境局', hyperlink: 'http://example.org' }, '长春市生态环境局'],
    ['error', { error: '#N/A' }, '#N/A'],
  ])('%s', (_name, input, expected) => expect(xlsxCell(input as never)).toEqual(expected));
});
