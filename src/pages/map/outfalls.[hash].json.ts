import { getCollection } from 'astro:content';
import type { APIRoute, GetStaticPaths } from 'astro';
import { mapDataFile } from '../../site/map-data.ts';

/**
 * `/map/outfalls.<hash>.json`: every published outfall in the compact map format
 * (site/map-data.ts). The home page computes the same name from the same records.
 */
export const getStaticPaths = (async () => {
  const file = mapDataFile((await getCollection('outfalls')).map((e) => e.data));
  return [{ params: { hash: file.hash }, props: { body: file.body } }];
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { body: string }).body, { headers: { 'Content-Type': 'application/json' } });
