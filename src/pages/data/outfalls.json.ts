import type { APIRoute } from 'astro';
import { toJsonExport } from '../../site/exports/json.ts';
import { publishedView } from '../../site/published.ts';

/** /data/outfalls.json: `{ metadata, records }`, records exactly as the record schema defines them. */
export const GET: APIRoute = async () => {
  const { records, meta, publicBaseUrl } = await publishedView();
  return new Response(JSON.stringify(toJsonExport(records, meta, publicBaseUrl)), { headers: { 'Content-Type': 'application/json' } });
};
