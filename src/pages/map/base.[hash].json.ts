import type { APIRoute, GetStaticPaths } from 'astro';
import { baseLayerFile } from '../../components/map/base-data.ts';

/** `/map/base.<hash>.json`: the map's own base layer (boundaries, rivers, lakes, labels) as TopoJSON. */
export const getStaticPaths = (() => [{ params: { hash: baseLayerFile().hash } }]) satisfies GetStaticPaths;

export const GET: APIRoute = () => new Response(baseLayerFile().body, { headers: { 'Content-Type': 'application/json' } });
