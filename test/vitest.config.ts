import { defineConfig } from 'vitest/config';
import { projectGlobs, unitExclude } from './support/projects.ts';

const root = new URL('..', import.meta.url).pathname;

// Tests mirror the code tree: test/records ↔ src/records, test/kernel/geo ↔ src/kernel/geo, test/api ↔ api.
// Three projects by cost (which file goes where, and why: test/support/projects.ts):
//   unit    pure, in-process, no child process, no built site  npm run test:unit
//   system  CLIs, the real server, faults, fuzzing, privacy     npm run test:system
//   site    the built portal: test/built and test/browser       npm run test:site
// `npm test` runs all three. test/projects.test.ts fails if a unit test reaches node:child_process.
// The site project builds the real site once from a seeded demonstration dataset and starts the
// real server (test/support/test-portal.ts); test/built checks built output, test/browser drives
// pages in real Chromium.
export default defineConfig({
  test: {
    root,
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: projectGlobs.unit,
          exclude: [...unitExclude, '**/node_modules/**'],
          // Files share a worker's module cache instead of importing the app afresh per file: about
          // a third of the CPU time (36 s instead of 93 s). Unit tests keep no state between files
          // (temp folders and in-memory databases per test); set true here to rule sharing out.
          isolate: false,
          // Projects run one after the other (cheap first); each needs its own group to keep its own workers.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: projectGlobs.system,
          // Every test here starts processes, seconds each on a busy 2-core machine.
          testTimeout: 90_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'site',
          include: projectGlobs.site,
          globalSetup: ['test/support/test-portal.ts'],
          // One Chromium per file is plenty on a 2-core machine.
          maxWorkers: 2,
          testTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
