import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { accepts } from 'hono/accepts';

/**
 * Opens a bilingual page in the reader's language. 延边's signboards are bilingual but their QR
 * codes, like every signboard's, hold the page's one address (`/outfalls/<code>/`); a phone whose
 * languages put Korean before Chinese is sent on to the Korean twin (`/ko/outfalls/<code>/`) when
 * the build has one. Someone arriving from a page of this site (a link, the language switch) is
 * never redirected: their click is their choice. Everything else passes through untouched.
 */
export function readerLanguage(clientDir: string): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !path.endsWith('/') || path.startsWith('/ko/') || path.startsWith('/api/')) return next();
    if (path.includes('..') || !existsSync(join(clientDir, 'ko', path, 'index.html'))) return next();
    if (fromThisSite(c.req.header('Referer'), c.req.url) || accepts(c, LANGUAGES) !== 'ko') {
      await next();
      // The answer at this address depends on these two headers: caches must keep them apart.
      c.res.headers.append('Vary', 'Accept-Language, Referer');
      return;
    }
    c.header('Vary', 'Accept-Language, Referer');
    c.header('Cache-Control', 'private, max-age=0');
    return c.redirect(`/ko${path}${new URL(c.req.url).search}`, 302);
  };
}

const LANGUAGES: Parameters<typeof accepts>[1] = {
  header: 'Accept-Language',
  supports: ['ko', 'zh-CN'],
  default: 'zh-CN',
  // The first language (by q, then order) whose primary subtag we have: ko-KR → ko, zh-TW → zh-CN.
  match: (list) => {
    for (const { type } of list.filter((a) => a.q > 0).sort((a, b) => b.q - a.q)) {
      const primary = type.toLowerCase().split('-')[0];
      if (primary === 'ko') return 'ko';
      if (primary === 'zh') return 'zh-CN';
    }
    return 'zh-CN';
  },
};

function fromThisSite(referer: string | undefined, url: string): boolean {
  if (!referer) return false;
  try {
    return new URL(referer).origin === new URL(url).origin;
  } catch {
    return false;
  }
}
