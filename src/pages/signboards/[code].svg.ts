import type { APIRoute, GetStaticPaths } from 'astro';
import type { OutfallRecord } from '../../records/schema.ts';
import { publishedView } from '../../site/published.ts';
import { signboardSvg } from '../../site/signboard.ts';

/** /signboards/<code>.svg: the printable signboard of one outfall (src/site/signboard.ts). */
export const getStaticPaths = (async () => {
  const { records } = await publishedView();
  return records.map((record) => ({ params: { code: record.code }, props: { record } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { publicBaseUrl, meta } = await publishedView();
  const svg = signboardSvg((props as { record: OutfallRecord }).record, { publicBaseUrl, demo: meta.demo });
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
