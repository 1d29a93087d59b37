import { defineMiddleware } from 'astro:middleware';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

/**
 * Compresses the HTML of pages rendered on demand (the report form, the no-JS answers, statistics,
 * staff shells): the static pages are served precompressed (.br/.gz, src/site/precompress.ts), but
 * these are written by Astro straight to the socket, past the server's compression. The report
 * form is 15.6 KB of HTML and 4.6 KB as brotli, which matters on a weak rural connection.
 * Brotli at quality 5 (fast enough per request), else gzip, else as is.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const res = await next();
  if (context.isPrerendered || !res.body || res.headers.has('Content-Encoding')) return res;
  if (!(res.headers.get('Content-Type') ?? '').startsWith('text/html')) return res;
  const accepts = context.request.headers.get('Accept-Encoding') ?? '';
  const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
  if (!encoding) return res;
  const compressor = encoding === 'br' ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : createGzip();
  const body = Readable.toWeb(Readable.fromWeb(res.body as NodeReadableStream).pipe(compressor)) as ReadableStream;
  const headers = new Headers(res.headers);
  headers.set('Content-Encoding', encoding);
  headers.delete('Content-Length');
  headers.append('Vary', 'Accept-Encoding');
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
});
