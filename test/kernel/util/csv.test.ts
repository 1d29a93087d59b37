import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../../src/kernel/util/csv.ts';

/** Parses CSV with a real RFC 4180 parser (the one the importer uses), BOM removed. */
const parseCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true }) as string[][];

describe('csvField', () => {
  it.each([
    ['plain text', '伊通河', '伊通河'],
    ['comma', '伊通河,长春段', '"伊通河,长春段"'],
    ['quote', '名为"一号"的排口', '"名为""一号""的排口"'],
    ['line feed', '第一行\n第二行', '"第一行\n第二行"'],
    ['carriage return', 'a\rb', '"a\rb"'],
    ['leading space kept by quoting', ' 伊通河', '" 伊通河"'],
    ['number', 125.3245, '125.3245'],
    ['undefined', undefined, ''],
    ['= formula', '=1+1', `"'=1+1"`],
    ['+ formula', '+86 431 8888 8888', `"'+86 431 8888 8888"`],
    ['- formula', '-2+3', `"'-2+3"`],
    ['@ formula', '@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['tab start', '\t=1', `"'\t=1"`],
    ['full-width ＝', '＝1+1', `"'＝1+1"`],
    ['formula with quotes', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['= inside is fine', 'COD=62 mg/L', 'COD=62 mg/L'],
  ])('%s', (_name, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('round-trips through an RFC 4180 parser (quotes, commas, line breaks), keeping the formula guard', () => {
    const values = ['a,b', 'say "hi"', 'line1\r\nline2', '=cmd|calc', '普通', ''];
    const [row] = parseCsv(`${values.map(csvField).join(',')}\r\n`);
    expect(row).toEqual(['a,b', 'say "hi"', 'line1\r\nline2', "'=cmd|calc", '普通', '']);
  });
});
