import type { APIRoute, GetStaticPaths } from 'astro';
import { countyByAdcode } from '../../../kernel/geo/admin.ts';
import { publishedView } from '../../../site/published.ts';
import { countySignboardsZip } from '../../../site/signboard.ts';

/** /signboards/county/<adcode>.zip: every signboard of one county, for the bureau that prints them. */
export const getStaticPaths = (async () => {
  const { byCounty } = await publishedView();
  return [...byCounty.keys()].map((adcode) => ({ params: { adcode } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const { publicBaseUrl, meta, byCounty } = await publishedView();
  const adcode = params.adcode!;
  const records = byCounty.get(adcode) ?? [];
  const countyName = countyByAdcode(adcode)?.name ?? records[0]?.countyName ?? adcode;
  const zip = countySignboardsZip(records, { publicBaseUrl, demo: meta.demo, asOf: meta.asOf, countyName });
  return new Response(zip, { headers: { 'Content-Type': 'application/zip' } });
};
