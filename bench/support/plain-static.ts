/**
 * The baseline of bench/static-serving.ts: the least a Node static file server does — node:http and
 * fs.createReadStream over the built site's client folder, the precompressed `.br` variant when the
 * request accepts brotli, `index.html` for folder paths. No caching headers, no security headers, no
 * ranges, no ETags: a lower bound for what the portal's static serving costs, not a server to deploy.
 *
 *   node --experimental-strip-types bench/support/plain-static.ts <client dir> [port]
 *
 * Prints one JSON line `{ "url": … }` when listening on 127.0.0.1.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const [root, port] = process.argv.slice(2);
if (!root) {
  console.error('usage: node --experimental-strip-types bench/support/plain-static.ts <client dir> [port]');
  process.exit(2);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
};

/** The file for a URL path, or undefined; `..` cannot leave the root. */
function fileFor(pathname: string): { path: string; size: number } | undefined {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  const path = join(root!, rel.endsWith('/') ? join(rel, 'index.html') : rel);
  try {
    const st = statSync(path);
    return st.isFile() ? { path, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://x').pathname;
  const file = fileFor(pathname);
  if (!file) {
    res.writeHead(404).end('Not found');
    return;
  }
  const headers: Record<string, string | number> = { 'Content-Type': TYPES[extname(file.path)] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
  let { path, size } = file;
  if (/\bbr\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const br = fileFor(`${pathname.endsWith('/') ? `${pathname}index.html` : pathname}.br`);
    if (br) {
      ({ path, size } = br);
      headers['Content-Encoding'] = 'br';
    }
  }
  headers['Content-Length'] = size;
  res.writeHead(200, headers);
  createReadStream(path).pipe(res);
});

server.listen(port ? Number(port) : 0, '127.0.0.1', () => {
  const { port: actual } = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${actual}`, pid: process.pid })}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
