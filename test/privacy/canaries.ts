import { randomInt } from 'node:crypto';

/**
 * Canary values for the privacy test: a reporter's name, phone and e-mail that nothing else in the
 * portal could produce by chance, and every spelling in which a leak of them could show up (a log
 * line with JSON `\u` escapes, a URL- or form-encoded query string, the phone with or without
 * separators and country code).
 */

/** Random CJK Unified Ideographs (U+4E00–U+9FA5): a suffix no fixture or message contains. */
export function randomHan(n: number): string {
  return Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + randomInt(0x9fa5 - 0x4e00 + 1))).join('');
}

/** A random mainland mobile number with the given 3-digit prefix (passes the API's phone check). */
export function randomMobile(prefix: string): string {
  return prefix + String(randomInt(10 ** 8)).padStart(8, '0');
}

export interface Needle {
  /** What leaked, for the failure message ("name of report 1, JSON-escaped"). */
  label: string;
  bytes: Buffer;
}

const hex4 = (cp: number) => cp.toString(16).padStart(4, '0');

/** `金` → `\\u91d1` (as JSON.stringify with ASCII-only output, or a logger that escapes, writes it). */
function jsonEscaped(s: string, upper = false): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x80 ? s[i] : `\\u${upper ? hex4(c).toUpperCase() : hex4(c)}`;
  }
  return out;
}

/** The ways one string can be spelled where it leaks: raw UTF-8, JSON-escaped, percent-encoded. */
export function spellings(label: string, value: string): Needle[] {
  const forms = new Map<string, string>([[value, label]]);
  const add = (v: string, how: string) => {
    if (!forms.has(v)) forms.set(v, `${label}, ${how}`);
  };
  add(jsonEscaped(value), 'JSON \\u-escaped');
  add(jsonEscaped(value, true), 'JSON \\u-escaped (upper case)');
  add(encodeURIComponent(value), 'percent-encoded');
  add(
    encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'percent-encoded (lower case)',
  );
  add(new URLSearchParams({ x: value }).toString().slice(2), 'form-encoded');
  return [...forms].map(([v, l]) => ({ label: l, bytes: Buffer.from(v, 'utf8') }));
}

/** A mobile number as people type it: bare, with +86, grouped 3-4-4 by spaces or dashes. */
export function phoneForms(digits: string): string[] {
  const grouped = (sep: string) => `${digits.slice(0, 3)}${sep}${digits.slice(3, 7)}${sep}${digits.slice(7)}`;
  return [digits, `+86${digits}`, `86${digits}`, grouped(' '), grouped('-'), `+86 ${grouped(' ')}`];
}

export interface Reporter {
  /** The full name as the platform stores it. */
  name: string;
  /** The random part of the name alone: a leak of a truncated or masked name still contains it. */
  nameSuffix: string;
  /** 11 digits, as the platform stores it. */
  phone: string;
  email?: string;
}

/** Every needle of one reporter (`which` names it in failure messages). */
export function needlesOf(which: string, r: Reporter): Needle[] {
  const out = [...spellings(`name of ${which}`, r.name), ...spellings(`name suffix of ${which}`, r.nameSuffix)];
  for (const p of phoneForms(r.phone)) out.push(...spellings(`phone of ${which} as "${p}"`, p));
  if (r.email) {
    out.push(...spellings(`e-mail of ${which}`, r.email));
    out.push(...spellings(`e-mail local part of ${which}`, r.email.split('@')[0]!));
  }
  return out;
}

/** The labels of the needles found in `haystack` (empty when clean). */
export function findNeedles(needles: Needle[], haystack: string | Buffer): string[] {
  const buf = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return needles.filter((n) => buf.includes(n.bytes)).map((n) => n.label);
}
