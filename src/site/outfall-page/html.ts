/**
 * The few HTML helpers of the string renderers of per-record pages. Escaping matches Astro's
 * (html-escaper), so a page rendered here carries the same bytes as the same markup in a component.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

/**
 * Text or attribute value escaped for HTML.
 *
 * @example escapeHtml('A&B <c>') // 'A&amp;B &lt;c&gt;'
 */
export const escapeHtml = (s: string | number): string => String(s).replace(/[&<>'"]/g, (c) => HTML_ESCAPES[c]!);

/** A `<dl class="facts">` of rows (`<div><dt>…</dt><dd>…</dd></div>` each). */
export const factList = (rows: readonly string[], extraClass = ''): string => `<dl class="facts${extraClass ? ` ${extraClass}` : ''}">${rows.join('')}</dl>`;
