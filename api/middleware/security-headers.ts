import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../../src/kernel/config.ts';

/**
 * Security headers on every response of the portal — pages, static files, API answers, 404s and
 * errors alike; static files that are not documents carry only what they need (staticAssetHeaders).
 *
 * Two Content Security Policies:
 *  - the API's answers are data, never documents: nothing may load, nothing may frame them;
 *  - the site's pages may load only their own scripts (plus the exact inline scripts the build
 *    emits, by hash), their own styles, images from the portal, data:/blob: (maplibre's sprites
 *    and canvases) and the configured map tile hosts, and may start workers from the portal or
 *    blob: (maplibre's worker, the report form's service worker). No 'unsafe-eval' anywhere.
 *
 * Staff pages and staff API answers also get `Cache-Control: no-store` and a same-origin referrer
 * policy; API answers that set no caching of their own (errors, report lookups) get no-store too.
 */

/** Policy of every `/api/*` and `/open311/*` answer: JSON and photos, never a document that runs or loads anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Browser features the portal uses: the phone's position (report form, "near me") and camera (photo capture). */
export const PERMISSIONS_POLICY =
  'geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), serial=(), midi=(), display-capture=(), accelerometer=(), gyroscope=(), magnetometer=()';

export interface InlineHashes {
  /** CSP hash sources (`'sha256-…'`) of inline scripts. */
  scripts: string[];
  /** CSP hash sources of inline `<style>` elements. */
  styles: string[];
}

export interface SitePolicyOptions extends Partial<InlineHashes> {
  /** Origins of the map tiles (see `tileOrigins`): allowed as images and fetches. */
  tileOrigins?: readonly string[];
}

const source = (content: string) => `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
const unique = (xs: Iterable<string>) => [...new Set(xs)].sort();

/**
 * The site's Content Security Policy.
 *
 * Style attributes are allowed (`style-src-attr 'unsafe-inline'`): pages place markers and colour
 * swatches with them and maplibre positions its elements the same way; they cannot run code.
 * `<style>` elements need a hash (`style-src-elem`). `style-src` itself only matters to browsers
 * older than CSP level 3, which know neither of the two: for them it keeps the pages styled.
 *
 * @example siteContentSecurityPolicy({ scripts: ["'sha256-…'"], tileOrigins: ['https://t0.tianditu.gov.cn'] })
 */
export function siteContentSecurityPolicy(options: SitePolicyOptions = {}): string {
  const tiles = unique(options.tileOrigins ?? []);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...unique(options.scripts ?? [])],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['style-src-elem', "'self'", ...unique(options.styles ?? [])],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...tiles],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...tiles],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * Origins the map loads tiles from, as CSP sources: Tianditu's eight tile servers when
 * TIANDITU_TOKEN is set, the origin of MAP_TILE_URL when set (a `{s}`-style first label becomes `*`).
 *
 * @example tileOrigins({ MAP_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png' }) // ['https://tiles.example.cn']
 */
export function tileOrigins(config: Pick<Config, 'TIANDITU_TOKEN' | 'MAP_TILE_URL'>): string[] {
  const origins: string[] = [];
  if (config.TIANDITU_TOKEN) for (let i = 0; i < 8; i++) origins.push(`https://t${i}.tianditu.gov.cn`);
  const m = config.MAP_TILE_URL ? /^(https?:\/\/)([^/?#]+)/i.exec(config.MAP_TILE_URL) : null;
  if (m) origins.push(`${m[1]!.toLowerCase()}${m[2]!.toLowerCase().replace(/^\{[^}]*\}(?=\.)/, '*')}`);
  return origins;
}

/** Script types a browser runs (everything else, e.g. application/json, is an inert data block). */
const RUNNABLE = /^(?:|module|importmap|speculationrules|(?:text|application)\/(?:java|ecma)script)$/i;

/**
 * Hashes of the inline scripts and styles of one HTML document.
 *
 * @example inlineHashes("<script>document.documentElement.classList.add('js');</script>").scripts.length // 1
 */
export function inlineHashes(html: string): InlineHashes {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1]!;
    if (/\ssrc\s*=/i.test(attrs)) continue;
    const type = /\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
    if (!RUNNABLE.test((type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim())) continue;
    scripts.push(source(m[2]!));
  }
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) styles.push(source(m[1]!));
  return { scripts: unique(scripts), styles: unique(styles) };
}

/**
 * Hashes of every inline script and style in the built site's HTML files, read once at start-up:
 * a page may only run the inline scripts the build put there.
 */
export function builtSiteHashes(clientDir: string): InlineHashes {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(path, 'utf8');
        if (!html.includes('<script') && !html.includes('<style')) continue;
        const h = inlineHashes(html);
        for (const s of h.scripts) scripts.add(s);
        for (const s of h.styles) styles.add(s);
      }
    }
  };
  walk(clientDir);
  return { scripts: unique(scripts), styles: unique(styles) };
}

/**
 * Hashes of the inline scripts and style Astro writes around hydrated islands (the island loader,
 * one script per `client:*` directive, `astro-island{display:contents}`). Static pages carry them
 * in their HTML already; pages rendered on demand (staff) carry them too but are not on disk.
 */
export async function astroIslandHashes(): Promise<InlineHashes> {
  const text = async (specifier: string) => ((await import(specifier)) as { default: string }).default;
  const scripts = await Promise.all([
    text('astro/runtime/server/astro-island.prebuilt.js'),
    ...['load', 'idle', 'visible', 'media', 'only'].map((d) => text(`astro/runtime/client/${d}.prebuilt.js`)),
  ]);
  const { ISLAND_STYLES } = (await import('astro/runtime/server/astro-island-styles.js')) as { ISLAND_STYLES: string };
  return { scripts: unique(scripts.map(source)), styles: [source(ISLAND_STYLES)] };
}

/**
 * The site policy for a built site: its inline scripts and styles, Astro's island scripts and the
 * configured tile hosts.
 *
 * @example app.use('*', securityHeaders({ sitePolicy: await sitePolicyFor(config, join(config.SITE_DIR, 'client')) }))
 */
export async function sitePolicyFor(config: Pick<Config, 'TIANDITU_TOKEN' | 'MAP_TILE_URL'>, clientDir: string): Promise<string> {
  const built = builtSiteHashes(clientDir);
  const islands = await astroIslandHashes();
  return siteContentSecurityPolicy({
    scripts: [...built.scripts, ...islands.scripts],
    styles: [...built.styles, ...islands.styles],
    tileOrigins: tileOrigins(config),
  });
}

export interface SecurityHeadersOptions {
  /** CSP of everything outside `/api/` (default: the API's, which allows nothing). */
  sitePolicy?: string;
}

type NodeOutgoing = { setHeader(name: string, value: string): unknown; removeHeader?(name: string): unknown; headersSent: boolean };

/** Policy of an SVG file (signboards, county maps): opened on its own it is a document, but loads nothing and runs nothing. */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * The security headers of a static file that is not an HTML document (stylesheets, scripts, images,
 * data, fonts, downloads), or undefined for a document: only `nosniff`, and for SVG a policy that
 * lets it load and run nothing; the service worker's script keeps the site's (a worker's policy
 * comes with its script). The page policies (CSP of the site, framing, opener, permissions)
 * apply to documents only, and at 1–2 KB per response they would outweigh many small files.
 *
 * @example staticAssetHeaders('text/css; charset=utf-8') // { 'X-Content-Type-Options': 'nosniff' }
 */
export function staticAssetHeaders(contentType: string | null, path = ''): Record<string, string> | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type || type === 'text/html' || type === 'application/xhtml+xml') return undefined;
  // A worker's policy is the one of its own script: the service worker keeps the site's.
  if (path === '/sw.js') return undefined;
  return type === 'image/svg+xml'
    ? { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': SVG_CONTENT_SECURITY_POLICY }
    : { 'X-Content-Type-Options': 'nosniff' };
}

/** Data endpoints: the JSON API and Open311. */
const isApi = (path: string) => /^\/(?:api|open311)(?:\/|$)/.test(path);
const isStaff = (path: string) => /^\/(?:api\/)?staff(?:\/|$)/.test(path);

/**
 * Sets the security headers. On the Node server they are also put on the raw response before the
 * handler runs, so answers written straight to it (Astro's on-demand pages) carry them too.
 *
 * @example app.use('*', securityHeaders({ sitePolicy: siteContentSecurityPolicy(builtSiteHashes(dir)) }))
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const sitePolicy = options.sitePolicy ?? API_CONTENT_SECURITY_POLICY;
  return async function securityHeaders(c, next) {
    const path = c.req.path;
    const api = isApi(path);
    const staff = isStaff(path);
    const headers: Record<string, string> = {
      'Content-Security-Policy': api ? API_CONTENT_SECURITY_POLICY : sitePolicy,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': staff ? 'same-origin' : 'strict-origin-when-cross-origin',
      'Permissions-Policy': PERMISSIONS_POLICY,
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    // A header set here yields to the same header in the handler's own response (writeHead wins),
    // so no-store is only a default for API answers and a rule for staff pages.
    const outgoing = (c.env as { outgoing?: NodeOutgoing } | undefined)?.outgoing;
    if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
      for (const [k, v] of Object.entries(headers)) outgoing.setHeader(k, v);
      if (api || staff) outgoing.setHeader('Cache-Control', 'no-store');
    }
    await next();
    // Written to the socket already (see above); its placeholder Response is shared, leave it alone.
    if (c.res.headers.has('x-hono-already-sent')) return;
    let res = c.res.headers;
    try {
      res.set('X-Content-Type-Options', 'nosniff');
    } catch {
      // Immutable headers (a Response passed through from fetch): copy it.
      c.res = new Response(c.res.body, c.res);
      res = c.res.headers;
    }
    // Only files served as they are (2xx, 304): an error answer keeps the full set whatever its type.
    const served = c.res.status < 400;
    const assetHeaders = !api && !staff && served ? staticAssetHeaders(res.get('Content-Type'), path) : undefined;
    if (assetHeaders) {
      // A static file that is not a document: the page policies mean nothing to it (≤ 600 B of headers).
      if (outgoing && typeof outgoing.removeHeader === 'function' && !outgoing.headersSent) for (const k of Object.keys(headers)) outgoing.removeHeader(k);
      for (const [k, v] of Object.entries(assetHeaders)) res.set(k, v);
      return;
    }
    for (const [k, v] of Object.entries(headers)) res.set(k, v);
    if (staff || (api && !res.has('Cache-Control'))) res.set('Cache-Control', 'no-store');
  };
}
