import { defineConfig } from 'vitest/config';

// Tests mirror the code tree: test/records ↔ src/records, test/geo ↔ src/geo, test/api ↔ api,
// test/site ↔ the built site, test/browser ↔ pages in real Chromium.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 300_000,
    globalSetup: [],
  },
});
