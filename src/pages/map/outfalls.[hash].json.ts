import type { APIRoute, GetStaticPaths } from 'astro';
import { publishedView } from '../../site/published.ts';

/**
 * `/map/outfalls.<hash>.json`: every published outfall in the compact map format
 * (site/map-data.ts). The home page computes the same name from the same records.
 */
export const getStaticPaths = (async () => {
  const file = (await publishedView()).mapData();
  return [{ params: { hash: file.hash }, props: { body: file.body } }];
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { body: string }).body, { headers: { 'Content-Type': 'application/json' } });
