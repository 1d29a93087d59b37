import type { APIRoute } from 'astro';
import { toChangesCsv } from '../../site/exports/changes.ts';
import { publishedHistory, publishedView } from '../../site/published.ts';

/** /data/changes.csv: every outfall added, changed or removed by each import, newest first. */
export const GET: APIRoute = async () => {
  const { meta } = await publishedView();
  return new Response(toChangesCsv(publishedHistory().changes, { demo: meta.demo }), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
