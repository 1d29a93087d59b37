import type { APIRoute } from 'astro';
import { toGeoJson } from '../../site/exports/geojson.ts';
import { publishedView } from '../../site/published.ts';

/** /data/outfalls.geojson: the published records as an RFC 7946 FeatureCollection of points (WGS84). */
export const GET: APIRoute = async () => {
  const { records, meta, publicBaseUrl } = await publishedView();
  return new Response(JSON.stringify(toGeoJson(records, meta, publicBaseUrl)), { headers: { 'Content-Type': 'application/geo+json' } });
};
