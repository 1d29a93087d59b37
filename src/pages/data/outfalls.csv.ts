import type { APIRoute } from 'astro';
import { toCsv } from '../../site/exports/csv.ts';
import { publishedView } from '../../site/published.ts';

/**
 * /data/outfalls.csv: the published records, UTF-8 with BOM, the importer's columns (re-importable
 * with `npm run import`). Demonstration data starts with a 演示数据 title line (see toCsv).
 */
export const GET: APIRoute = async () => {
  const { records, meta } = await publishedView();
  return new Response(toCsv(records, { demo: meta.demo }), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
