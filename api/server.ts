import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { type Config, ConfigError, loadConfig } from '../src/kernel/config.ts';
import { buildDb, type Db } from '../src/kernel/db/client.ts';
import { createApp } from './app.ts';
import { loadDeliveryContacts } from './delivery/contacts.ts';
import { createDelivery, type Delivery } from './delivery/index.ts';
import { listen } from './listen.ts';
import { createLogger } from './logger.ts';
import { readerLanguage } from './middleware/language.ts';
import { securityHeaders, sitePolicyFor } from './middleware/security-headers.ts';
import { astroPageRenderer } from './reports/pages.ts';

/**
 * The portal process: one HTTP server for the Hono API (`/api/...`), the prebuilt static site
 * (`SITE_DIR/client`, served with precompressed .br/.gz variants) and Astro's on-demand pages
 * (the Node adapter's middleware in `SITE_DIR/server/entry.mjs`).
 */

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void, locals?: object) => void | Promise<void>;
type NodeBindings = { Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } };

export interface PortalDeps {
  config: Config;
  db: Db;
  /** Delivery to the county bureaus (passed on to createApp; see AppDeps.delivery). */
  delivery?: Delivery;
}

/** Long-lived caching for fingerprinted build assets; everything else revalidates. */
function cacheControlFor(file: string): string {
  const path = file.replace(/\.(br|gz)$/, '');
  if (path.includes('/_astro/') || /\.[0-9a-f]{8,}\.\w+$/.test(path)) return 'public, max-age=31536000, immutable';
  if (path.endsWith('.html') || path.endsWith('/')) return 'public, max-age=300, must-revalidate';
  return 'public, max-age=3600';
}

/**
 * Composes the API, the static site and Astro's request handler into one Hono app.
 *
 * @example const app = await createPortal({ config, db }); await listen(app.fetch, config, { port: 4321, hostname: 'localhost' });
 */
export async function createPortal({ config, db, delivery }: PortalDeps) {
  const clientDir = join(config.SITE_DIR, 'client');
  const entry = join(config.SITE_DIR, 'server', 'entry.mjs');
  if (!existsSync(clientDir) || !existsSync(entry)) {
    throw new ConfigError(`SITE_DIR: no built site in ${config.SITE_DIR} (run \`npm run build\` first)`);
  }
  const astro = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const notFoundPage = existsSync(join(clientDir, '404.html')) ? readFileSync(join(clientDir, '404.html'), 'utf8') : 'Not found';

  const app = new Hono<NodeBindings>();
  // First, so every answer carries them: API, static files, Astro's pages, the 404 page, errors.
  app.use('*', securityHeaders({ sitePolicy: await sitePolicyFor(config, clientDir) }));
  // JSON answers (inbox, statistics, counties) are compressed per request; static files already are.
  app.use('/api/*', compress());
  app.use('/open311/*', compress());
  // The no-JS report and tracking forms answer with the site's on-demand pages (api/reports/pages.ts).
  app.route('/', createApp({ db, config, delivery, renderPage: astroPageRenderer(astro.handler) }));

  // A bilingual page (延边) reached from a signboard's QR code opens in the reader's language.
  app.use('*', readerLanguage(clientDir));
  // serveStatic resolves `root` against the working directory, so give it a relative path.
  const root = relative(process.cwd(), clientDir) || '.';
  app.use(
    '*',
    serveStatic({
      root,
      precompressed: true,
      onFound: (path, c) => {
        c.header('Cache-Control', cacheControlFor(path));
        // hono's MIME table has no entry for RFC 7946 GeoJSON.
        if (/\.geojson(\.br|\.gz)?$/.test(path)) c.header('Content-Type', 'application/geo+json');
      },
    }),
  );

  // Anything not static: Astro's on-demand routes; Astro calls next() for routes it does not know.
  app.all('*', async (c) => {
    const { incoming, outgoing } = c.env;
    const handled = await new Promise<boolean>((resolve, reject) => {
      outgoing.once('finish', () => resolve(true));
      Promise.resolve(astro.handler(incoming, outgoing, (err) => (err ? reject(err) : resolve(false)))).catch(reject);
    });
    if (handled) return RESPONSE_ALREADY_SENT;
    return c.html(notFoundPage, 404);
  });
  return app;
}

export interface RunningPortal {
  server: ServerType;
  url: string;
  close(): Promise<void>;
}

/** Opens the database (running migrations), builds the portal and listens on HOST:PORT. */
export async function startPortal(config: Config = loadConfig()): Promise<RunningPortal> {
  const db = buildDb(config.DATABASE_PATH);
  const logger = createLogger({ level: config.LOG_LEVEL });
  // One delivery for the app (which queues) and the worker (which sends): both use these contacts.
  const delivery = createDelivery({ db, config, contacts: loadDeliveryContacts(config), logger });
  const app = await createPortal({ config, db, delivery });
  // Sends queued deliveries to the county bureaus in this process; stopped before the database closes.
  delivery.worker.start(config.DELIVERY_INTERVAL_S * 1000);
  const { server, url } = await listen(app.fetch, config, { port: config.PORT, hostname: config.HOST });
  return {
    server,
    url,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          void delivery.worker.stop().then(() => {
            db.$client.close();
            done();
          });
        });
        const http = server as { closeIdleConnections?: () => void };
        http.closeIdleConnections?.();
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const portal = await startPortal();
    console.log(`portal listening on ${portal.url} (site, API under /api)`);
    const stop = () => {
      portal.close().then(() => process.exit(0));
      setTimeout(() => process.exit(0), 5000).unref();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
