import type { APIRoute, GetStaticPaths } from 'astro';
import { allCounties } from '../../../kernel/geo/admin.ts';
import { countyMapSvg } from '../../../site/location-map.ts';

/**
 * `/maps/counties/<adcode>.svg`: one static location map per county, shared by all of the county's
 * outfall pages (see src/site/location-map.ts). All 60 are emitted, whether or not the county has
 * published outfalls yet, so a later import never points at a missing image.
 */
export const getStaticPaths = (() => allCounties().map((c) => ({ params: { adcode: c.adcode } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => new Response(countyMapSvg(params.adcode!), { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
