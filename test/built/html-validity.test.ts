import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { pageTypes } from '../support/page-types.ts';

/**
 * Every kind of page, as the server sends it, through the Nu HTML Checker (the W3C validator,
 * `vnu-jar` from npm, on Java): no errors. One Java run checks them all. test/support/page-types.ts
 * lists the pages.
 */

const portal = inject('portal');
const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));
const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

describe('HTML validity (Nu HTML Checker)', () => {
  it('finds no error on any kind of page', { timeout: 120_000 }, async () => {
    const files = new Map<string, string>();
    for (const { kind, path } of pageTypes()) {
      const res = await fetch(portal.url + path);
      expect([200, 404], `${kind} ${path}`).toContain(res.status);
      const file = join(dir, `${files.size}.html`);
      writeFileSync(file, await res.text());
      files.set(`file:${file}`, `${kind} ${path}`);
    }
    const { stderr } = await promisify(execFile)(
      'java',
      ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...[...files.keys()].map((f) => f.slice(5))],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const messages = (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
    const errors = messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      // Astro puts its island runtime's one rule (`astro-island{display:contents}`) in a <style>
      // before the first island in <body>; the checker wants body <style> first in its parent. The
      // only exception, matched by its content.
      .filter((m) => !(m.message.startsWith('A “style” element in “body”') && m.extract?.includes('<style>astro-')))
      .map((m) => `${files.get(m.url) ?? m.url}:${m.lastLine ?? ''} ${m.message}`);
    expect(errors).toEqual([]);
  });
});
