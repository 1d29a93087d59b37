import type { APIRoute } from 'astro';
import { toChangesCsv } from '../../site/exports.ts';
import { openDataContext, readHistory } from './_shared.ts';

/** /data/changes.csv: every outfall added, changed or removed by each import, newest first. */
export const GET: APIRoute = async () => {
  const { meta } = await openDataContext();
  return new Response(toChangesCsv(readHistory().changes, { demo: meta.demo }), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
