// @ts-check

import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';
import { recordsStoreGuard } from './src/records/loader.ts';
import { precompress } from './src/site/precompress.ts';
import { recordPages } from './src/site/record-pages.ts';

// Mostly static: every public page is prerendered from the records store at build time. The Node
// adapter (middleware mode) lets api/server.ts serve the built site and the few on-demand pages
// (staff) in the same process as the Hono API.
export default defineConfig({
  site: process.env.PUBLIC_BASE_URL || 'http://localhost:4321',
  output: 'static',
  adapter: node({ mode: 'middleware' }),
  // recordsStoreGuard: build and dev need the records store (var/portal.db); sync/check do not.
  // recordPages: outfall pages, signboards and county ZIPs, streamed from the store after Astro's pages
  // (src/site/record-pages.ts), then everything is precompressed.
  integrations: [recordsStoreGuard(), preact(), recordPages(), precompress()],
  // Test and benchmark builds use their own cache so they never disturb a developer's build.
  cacheDir: process.env.ASTRO_CACHE_DIR || './node_modules/.astro',
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // One small cacheable CSS file instead of CSS inlined into every outfall page.
    inlineStylesheets: 'never',
  },
  compressHTML: true,
  devToolbar: { enabled: false },
});
