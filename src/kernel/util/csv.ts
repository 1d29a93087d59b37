/**
 * Characters that make a spreadsheet read a cell as a formula (CSV/formula injection, OWASP):
 * = + - @, tab and carriage return, and the full-width = + - @ that Chinese input methods type.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * One CSV field (RFC 4180). A value a spreadsheet would run as a formula gets a leading apostrophe,
 * which Excel and WPS take as "this is text" (the value shows without running); the field is then
 * quoted like any field holding a quote, comma or line break, with quotes doubled.
 *
 * @example csvField('=HYPERLINK("http://x")') // `"'=HYPERLINK(""http://x"")"`
 * @example csvField('伊通河') // '伊通河'
 */
export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  const guarded = FORMULA_START.test(s);
  if (guarded) s = `'${s}`;
  return guarded || /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
