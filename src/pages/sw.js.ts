import { stripTypeScriptTypes } from 'node:module';
import type { APIRoute } from 'astro';
import outboxSource from '../components/report/outbox.ts?raw';

/**
 * The service worker (`/sw.js`, a module worker registered by the report form with scope `/`).
 *
 * It is the outbox module itself with its types stripped at build time — the same code the
 * /report/ island bundles — plus one line that installs the Background Sync handler. Keeping a
 * single source means the page and the worker cannot disagree on the store layout or on when a
 * retry keeps its Idempotency-Key. It has no fetch handler: it never stands between the citizen
 * and the network.
 */
export const prerender = true;

export const GET: APIRoute = () => {
  const js = `${stripTypeScriptTypes(outboxSource, { mode: 'strip' })}\ninstallOutboxWorker(self);\n`;
  return new Response(js, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
};
