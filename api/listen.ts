import { type ServerType, serve } from '@hono/node-server';
import type { Config } from '../src/kernel/config.ts';

export interface Listening {
  server: ServerType;
  url: string;
  port: number;
}

/**
 * Starts a Node HTTP server for a fetch handler with the portal's connection limits, so that slow
 * or stalled clients cannot hold sockets forever: headers must arrive within HEADERS_TIMEOUT_S, a
 * whole request within REQUEST_TIMEOUT_S, and a silent connection is closed after IDLE_TIMEOUT_S.
 *
 * @example const { url } = await listen(app.fetch, config, { port: 0, hostname: '127.0.0.1' });
 */
export function listen(
  fetch: (req: Request, ...rest: never[]) => Response | Promise<Response>,
  config: Pick<Config, 'REQUEST_TIMEOUT_S' | 'HEADERS_TIMEOUT_S' | 'IDLE_TIMEOUT_S'>,
  { port, hostname }: { port: number; hostname: string },
): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve(
      {
        fetch: fetch as never,
        port,
        hostname,
        // Node looks for timed-out requests every connectionsCheckingInterval (30 s by default);
        // checking every 2 s cuts an over-long upload within 2 s of REQUEST_TIMEOUT_S.
        serverOptions: { requestTimeout: config.REQUEST_TIMEOUT_S * 1000, headersTimeout: config.HEADERS_TIMEOUT_S * 1000, connectionsCheckingInterval: 2000 },
      },
      (info) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({ server, url: `http://${host}:${info.port}`, port: info.port });
      },
    );
    server.setTimeout(config.IDLE_TIMEOUT_S * 1000);
  });
}
