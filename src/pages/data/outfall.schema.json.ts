import type { APIRoute } from 'astro';
import { recordJsonSchema } from '../../site/exports/dictionary.ts';
import { publishedView } from '../../site/published.ts';

/** /data/outfall.schema.json: JSON Schema of one record, generated from the zod schema. */
export const GET: APIRoute = async () => {
  const { publicBaseUrl } = await publishedView();
  return new Response(JSON.stringify(recordJsonSchema(publicBaseUrl), null, 2), { headers: { 'Content-Type': 'application/schema+json' } });
};
