import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerType } from '@hono/node-server';
import { type Config, loadConfig } from '../src/kernel/config.ts';
import { buildDb, type Db } from '../src/kernel/db/client.ts';
import { createApp } from './app.ts';
import { listen } from './listen.ts';
import type { Logger } from './logger.ts';

/**
 * The API alone on a Node HTTP server, for benchmarks and process-level tests (crash, fuzzing) that
 * need a real socket but not the built site. The portal itself is started by api/server.ts.
 */

export interface StartApiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  dbPath: string;
  uploadDir: string;
  /** Further configuration variables (as in the environment), e.g. rate limits. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

export interface RunningApi {
  url: string;
  port: number;
  server: ServerType;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the database, builds the API and listens. The contact key file defaults to
 * `contact.key` beside the database so temporary servers never touch var/.
 *
 * @example const api = await startApiServer({ dbPath: '/tmp/x/portal.db', uploadDir: '/tmp/x/uploads' }); await fetch(`${api.url}/api/counties`); await api.close();
 */
export async function startApiServer(options: StartApiOptions): Promise<RunningApi> {
  const config = loadConfig({
    CONTACT_KEY_FILE: join(dirname(options.dbPath), 'contact.key'),
    ...options.env,
    DATABASE_PATH: options.dbPath,
    UPLOAD_DIR: options.uploadDir,
  });
  const db = buildDb(config.DATABASE_PATH);
  const app = createApp({ db, config, logger: options.logger });
  const { server, url, port } = await listen(app.fetch, config, { port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' });
  return {
    url,
    port,
    server,
    db,
    config,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          db.$client.close();
          done();
        });
        // Idle keep-alive sockets would hold close() open; busy ones get a second to finish.
        const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        http.closeIdleConnections?.();
        setTimeout(() => http.closeAllConnections?.(), 1000).unref();
      }),
  };
}

// `node --experimental-strip-types api/node.ts <dbPath> <uploadDir> [port]`: a child process for
// crash tests; prints one JSON line `{ "url": … }` when listening.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dbPath, uploadDir, port] = process.argv.slice(2);
  if (!dbPath || !uploadDir) {
    console.error('usage: node --experimental-strip-types api/node.ts <dbPath> <uploadDir> [port]');
    process.exit(2);
  }
  const api = await startApiServer({ dbPath, uploadDir, port: port ? Number(port) : 0, env: process.env });
  process.stdout.write(`${JSON.stringify({ url: api.url, pid: process.pid })}\n`);
  const stop = () => void api.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
