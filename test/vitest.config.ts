import { defineConfig } from 'vitest/config';

const root = new URL('..', import.meta.url).pathname;

// Tests mirror the code tree: test/records ↔ src/records, test/kernel/geo ↔ src/geo, test/api ↔ api.
// The "portal" project builds the real site once from a seeded demonstration dataset and starts
// the real server (test/support/test-portal.ts); test/built checks built output, test/browser
// drives pages in real Chromium.
export default defineConfig({
  test: {
    root,
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/built/**', 'test/browser/**', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'portal',
          include: ['test/built/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/support/test-portal.ts'],
          // One Chromium per file is plenty on a 2-core machine.
          maxWorkers: 2,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
