import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * "Lingering close" (RFC 9112 §9.6) after refusing a body we will not read: answer with
 * `Connection: close`, then keep reading and discarding what the client is still sending for a
 * short while before closing. Closing at once would make the kernel reset the connection, and a
 * reset can discard our answer on the client's side, so a phone would see a network error instead
 * of "文件过大". Bounded in time and bytes; a no-op outside a Node server (app.request in tests).
 */
export function lingerAfterRefusal(c: Context, { ms = 2000, maxBytes = 16 * 1024 * 1024 } = {}): void {
  const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  const incoming = env?.incoming;
  const outgoing = env?.outgoing;
  if (!incoming || !outgoing || incoming.readableEnded) return;
  c.header('Connection', 'close');
  const socket = incoming.socket;
  let read = 0;
  const stop = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(stop, ms);
  timer.unref();
  // Discard at the socket level: the request stream may already be cancelled by the body limit.
  socket.on('data', (d: Buffer) => {
    read += d.length;
    if (read > maxBytes) stop();
  });
  socket.once('end', () => {
    clearTimeout(timer);
    socket.end();
  });
  socket.resume();
}
