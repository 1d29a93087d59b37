/**
 * Which test belongs to which vitest project, by cost (test/vitest.config.ts reads this; so does
 * test/projects.test.ts, which keeps `unit` pure). Paths are relative to the project root.
 *
 * - unit    pure and in-process: the Hono app through `app.request`, SQLite in memory or in a temp
 *           file, in-process fake mail/webhook servers. No child process, no built site.
 *           `npm run test:unit`, under a minute on 2 cores.
 * - system  anything that starts a process: the CLIs, the real server (faults, the privacy canary),
 *           fuzzing against a listening server. A file that mixes in-process and spawning tests
 *           stays here whole.
 * - site    the built portal: test/built reads the build output, test/browser drives it in
 *           Chromium; both share one build and one server (test/support/test-portal.ts).
 *
 * Everything not named for system or site is unit, so a new test is unit unless it says otherwise,
 * and test/projects.test.ts fails if a unit test reaches node:child_process.
 */

/** Folders whose every test is a system test. */
export const SYSTEM_FOLDERS = ['test/faults', 'test/fuzz', 'test/privacy'];

/** Single system test files elsewhere, each with what it starts. */
export const SYSTEM_FILES = [
  'test/api/staff/cli.test.ts', // api/staff/cli.ts, once per command (about 110 s)
  'test/records/import/cli.test.ts', // npm run import
  'test/records/demo/cli.test.ts', // npm run demo
  'test/records/prepare.test.ts', // npm run data:prepare
];

/** Folders of tests that need the built site (and the server that serves it). */
export const SITE_FOLDERS = ['test/built', 'test/browser'];

export type ProjectName = 'unit' | 'system' | 'site';

const TEST_FILE = '**/*.test.ts';
const inFolder = (file: string, folders: string[]) => folders.some((f) => file.startsWith(`${f}/`));

/** The vitest `include` globs of each project. */
export const projectGlobs = {
  unit: [`test/${TEST_FILE}`],
  system: [...SYSTEM_FOLDERS.map((f) => `${f}/${TEST_FILE}`), ...SYSTEM_FILES],
  site: SITE_FOLDERS.map((f) => `${f}/${TEST_FILE}`),
} satisfies Record<ProjectName, string[]>;

/** What `unit` leaves out: the other two projects' tests. */
export const unitExclude = [...projectGlobs.system, ...projectGlobs.site];

/**
 * The project of one test file (root-relative path), by the same rules as the globs above.
 *
 * @example projectOf('test/faults/crash.test.ts') // 'system'
 */
export function projectOf(file: string): ProjectName {
  if (inFolder(file, SITE_FOLDERS)) return 'site';
  if (inFolder(file, SYSTEM_FOLDERS) || SYSTEM_FILES.includes(file)) return 'system';
  return 'unit';
}
