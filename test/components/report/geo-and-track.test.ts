import { describe, expect, it } from 'vitest';
import { inJilinBox, nearestOutfalls, type OutfallRow } from '../../../src/components/report/geo.ts';
import { trackingLink } from '../../../src/components/report/ReceiptPanel.tsx';
import { normaliseQueryCode, normaliseTrackingNumber, readParams } from '../../../src/components/report/track.ts';
import { loadCountyFeatures } from '../../../src/kernel/geo/admin.ts';

describe('geo', () => {
  // Distances themselves: test/kernel/geo/distance.test.ts.
  it('lists the nearest outfalls first, at most `limit`, within the radius', () => {
    const rows: OutfallRow[] = [
      ['FAR', '远处排口', 44.5, 126.0, 0],
      ['B', '二号排口', 43.852, 125.35, 0],
      ['A', '一号排口', 43.8505, 125.35, 1],
      ['C', '三号排口', 43.86, 125.35, 2],
    ];
    const near = nearestOutfalls(rows, 43.85, 125.35, 2, 5000);
    expect(near.map((o) => o.code)).toEqual(['A', 'B']);
    expect(near[0]!.distanceM).toBeCloseTo(55.6, 0);
    expect(nearestOutfalls(rows, 43.85, 125.35, 5, 5000).map((o) => o.code)).toEqual(['A', 'B', 'C']);
  });

  it('puts every vertex of every county inside the rough Jilin box', () => {
    for (const f of loadCountyFeatures()) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const ring of polys.flat()) for (const [lng, lat] of ring) expect(inJilinBox(lat!, lng!), `${f.properties.name} ${lng},${lat}`).toBe(true);
    }
    expect(inJilinBox(39.9, 116.4)).toBe(false);
    expect(inJilinBox(125.35, 43.85)).toBe(false);
  });
});

describe('tracking page input', () => {
  it.each([
    ['JL2026-000123', 'JL2026-000123'],
    [' jl2026-000123 ', 'JL2026-000123'],
    ['JL2026000123', 'JL2026-000123'],
    ['ＪＬ２０２６－０００１２３', 'JL2026-000123'],
    ['JL26-000123', undefined],
    ['2026-000123', undefined],
  ])('tracking number %j → %j', (input, expected) => {
    expect(normaliseTrackingNumber(input)).toBe(expected);
  });

  it.each([
    ['K7M2XQ9P', 'K7M2XQ9P'],
    ['k7m2 xq9p', 'K7M2XQ9P'],
    ['K7M2-XQ9P', 'K7M2XQ9P'],
    ['K7M2XQ9', undefined],
    ['K7M2XQ9P1', undefined],
  ])('query code %j → %j', (input, expected) => {
    expect(normaliseQueryCode(input)).toBe(expected);
  });

  it('links with the code in the fragment and reads it back (and the older query form)', () => {
    const link = trackingLink('', { trackingNumber: 'JL2026-000123', queryCode: 'K7M2XQ9P' });
    expect(link).toBe('/track/#n=JL2026-000123&c=K7M2XQ9P');
    expect(readParams(new URL(link, 'https://x.example'))).toEqual({ n: 'JL2026-000123', c: 'K7M2XQ9P' });
    expect(readParams(new URL('https://x.example/track/?n=JL2026-000123&code=K7M2XQ9P'))).toEqual({ n: 'JL2026-000123', c: 'K7M2XQ9P' });
    expect(readParams(new URL('https://x.example/track/'))).toBeUndefined();
  });
});
