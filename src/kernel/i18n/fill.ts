const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Fills `{name}` placeholders of a message template. The one implementation for the server's
 * `t()` (./index.ts) and the browser scripts, which get their templates from smaller
 * dictionaries or from the page; it imports nothing, so bundling it costs a few bytes.
 *
 * A placeholder without a value is left as it is (`{name}`), so a missing parameter shows in the
 * text instead of vanishing; a value is inserted as text, never re-read as a template.
 *
 * @example fill('共 {n} 件，{county}', { n: 3, county: '南关区' }) // '共 3 件，南关区'
 */
export function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  // Own keys only (a `{constructor}` placeholder must not find Object's); not Object.hasOwn, which
  // Safari before 15.4 lacks and the build does not polyfill.
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (hasOwn.call(params, name) ? String(params[name]) : placeholder));
}
