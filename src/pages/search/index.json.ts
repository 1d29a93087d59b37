import type { APIRoute } from 'astro';
import { publishedView } from '../../site/published.ts';
import { buildSearchIndex } from '../../site/search-index.ts';

/**
 * `/search/index.json`: the compact search index (format in src/site/search-index.ts). The search
 * page fetches it only when someone starts searching; the build precompresses it (.br/.gz).
 */
export const GET: APIRoute = async () => {
  const { records, dataset } = await publishedView();
  const index = buildSearchIndex(records, { demo: dataset?.demo === true, asOf: dataset?.asOf ?? '' });
  return new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
