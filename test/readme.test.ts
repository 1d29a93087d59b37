import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/kernel/config.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const ciRun = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');

describe('README', () => {
  it.each(Object.keys(configSchema.shape))('documents the configuration variable %s', (name) => {
    expect(readme).toContain(`| \`${name}\` |`);
  });

  it('gives the two quick-start commands, and CI runs exactly the test command', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\s/m);
    expect(ciRun).toMatch(/^npm test$/m);
    expect(pkg.scripts.start).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
  });

  it.each(['import', 'demo', 'staff:add', 'db:backup', 'check'])('mentions npm run %s, which exists', (script) => {
    expect(pkg.scripts[script]).toBeDefined();
    expect(readme).toContain(`npm run ${script}`);
  });
});
