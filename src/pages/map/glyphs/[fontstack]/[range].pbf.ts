import type { APIRoute, GetStaticPaths } from 'astro';
import { GLYPH_FONTS, GLYPH_RANGES, type GlyphFontstack, glyphRange } from '../../../../components/map/glyphs.ts';

/** `/map/glyphs/<fontstack>/0-255.pbf`: the map's self-hosted SDF glyphs (see components/map/glyphs.ts). */
export const getStaticPaths = (() =>
  Object.keys(GLYPH_FONTS).flatMap((fontstack) => GLYPH_RANGES.map((range) => ({ params: { fontstack, range } })))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const data = await glyphRange(params.fontstack as GlyphFontstack, params.range as (typeof GLYPH_RANGES)[number]);
  return new Response(new Uint8Array(data), { headers: { 'Content-Type': 'application/x-protobuf' } });
};
