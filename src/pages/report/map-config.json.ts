import { getCollection } from 'astro:content';
import type { APIRoute } from 'astro';
import { baseLayerFile } from '../../components/map/base-data.ts';
import { baseConfig } from '../../components/map/style.ts';
import type { MapConfig } from '../../components/report/map-picker.ts';
import { loadConfig } from '../../kernel/config.ts';
import { t } from '../../kernel/i18n/index.ts';
import { mapDataFile } from '../../site/map-data.ts';

/**
 * `/report/map-config.json`: the files and base configuration the report form's picker map and
 * outfall list use, decided at build time like the home map's (the same content-hashed files).
 * /report/ is rendered on demand (it carries a fresh one-time token), so it reads this file from
 * the built site instead of the records (src/components/report/page-data.ts).
 */
export const prerender = true;

export const GET: APIRoute = async () => {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const records = (await getCollection('outfalls')).map((e) => e.data);
  const config: MapConfig = {
    base: baseConfig(loadConfig(), { bundled: t('map.attribution.bundled'), tianditu: t('map.attribution.tianditu') }),
    baseLayerUrl: `${base}${baseLayerFile().path}`,
    outfallsUrl: `${base}${mapDataFile(records).path}`,
    glyphs: `${base}/map/glyphs/{fontstack}/{range}.pbf`,
  };
  return new Response(JSON.stringify(config), { headers: { 'Content-Type': 'application/json' } });
};
