import { getCollection, getEntry } from 'astro:content';
import type { APIRoute } from 'astro';
import type { OutfallRecord } from '../../records/schema.ts';
import { buildSearchIndex } from '../../site/search-index.ts';

/**
 * `/search/index.json`: the compact search index (format in src/site/search-index.ts). The search
 * page fetches it only when someone starts searching; the build precompresses it (.br/.gz).
 */
export const GET: APIRoute = async () => {
  const [entries, dataset] = await Promise.all([getCollection('outfalls'), getEntry('dataset', 'current')]);
  const index = buildSearchIndex(
    entries.map((e) => e.data as OutfallRecord),
    { demo: dataset?.data.demo === true, asOf: String(dataset?.data.asOf ?? '') },
  );
  return new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
