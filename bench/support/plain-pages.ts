/**
 * The practical lower bound for the site build: read every record from the store and write one
 * outfall page per record with a template string, with no framework, then precompress like the
 * real build does. Usage: node --experimental-strip-types bench/support/plain-pages.ts <outDir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { publishedRecords } from '../../src/records/store.ts';
import { precompressDir } from '../../src/site/precompress.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: plain-pages.ts <outDir>');
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const db = buildDb(loadConfig().DATABASE_PATH, { readonly: true });
for (const r of publishedRecords(db)) {
  const dir = join(out, 'outfalls', r.code);
  mkdirSync(dir, { recursive: true });
  const rows = Object.entries(r)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</dd>`)
    .join('');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.name)}</title><link rel="stylesheet" href="/site.css"></head><body><main><h1>${esc(r.name)}</h1><dl>${rows}</dl><a href="/report/?outfall=${esc(r.code)}">举报此排污口</a></main></body></html>`,
  );
}
await precompressDir(out);
