import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { baseConfig, IDS, mapStyle, TYPE_COLORS, tiandituTiles } from '../../../src/components/map/style.ts';
import { LEVEL1_KEYS } from '../../../src/records/classification.ts';

const attribution = { bundled: '边界数据', tianditu: '天地图' };
const TOKEN = '0123456789abcdef0123456789abcdef';

describe('base map choice', () => {
  it.each([
    [{}, 'bundled'],
    [{ MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Example' }, 'xyz'],
    [{ TIANDITU_TOKEN: TOKEN, MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' }, 'tianditu'],
  ])('%j → %s', (config, kind) => {
    expect(baseConfig(config, attribution).kind).toBe(kind);
  });

  it('builds Tianditu web-mercator WMTS URLs for t0–t7 with the token', () => {
    const vec = tiandituTiles('vec', TOKEN);
    expect(vec).toHaveLength(8);
    expect(vec[0]).toBe(
      `https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${TOKEN}`,
    );
    expect(tiandituTiles('cva', TOKEN)[7]).toMatch(/^https:\/\/t7\.tianditu\.gov\.cn\/cva_w\/wmts\?.*LAYER=cva&.*TILEMATRIXSET=w&/);
  });
});

describe('style', () => {
  const glyphs = 'https://example.org/map/glyphs/{fontstack}/{range}.pbf';
  it.each(['bundled', 'tianditu', 'xyz'] as const)('is a valid maplibre style with the %s base', (kind) => {
    const base =
      kind === 'bundled'
        ? baseConfig({}, attribution)
        : kind === 'tianditu'
          ? baseConfig({ TIANDITU_TOKEN: TOKEN }, attribution)
          : baseConfig({ MAP_TILE_URL: 'https://t.example.org/{z}/{x}/{y}.png' }, attribution);
    const style = mapStyle({ base, glyphs, typeKeys: [...LEVEL1_KEYS] });
    expect(validateStyleMin(style)).toEqual([]);
    const ids = style.layers.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining([IDS.clusters, IDS.clusterCount, IDS.points, IDS.selected, 'province-line', 'county-border']));
    expect(ids.includes('county-label')).toBe(kind === 'bundled');
    expect(ids.some((id) => id.startsWith('tianditu'))).toBe(kind === 'tianditu');
    expect(style.sources[IDS.outfalls]).toMatchObject({ type: 'geojson', cluster: true });
  });

  it('uses only font stacks that have self-hosted glyphs', () => {
    const style = mapStyle({ base: baseConfig({}, attribution), glyphs, typeKeys: [...LEVEL1_KEYS] });
    const fonts = new Set(style.layers.flatMap((l) => ((l.layout as Record<string, unknown> | undefined)?.['text-font'] as string[] | undefined) ?? []));
    expect([...fonts].sort()).toEqual(['NotoSans-Bold', 'NotoSans-Regular']);
  });

  it('colours each level-1 type distinctly', () => {
    expect(Object.keys(TYPE_COLORS).sort()).toEqual([...LEVEL1_KEYS].sort());
    expect(new Set(Object.values(TYPE_COLORS)).size).toBe(4);
  });
});
