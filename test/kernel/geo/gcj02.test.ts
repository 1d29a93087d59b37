import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../../src/kernel/geo/gcj02.ts';

// Reference pairs from an independent implementation's test suite (hujiulong/gcoord,
// test/unit/crs/WGS84.spec.js and GCJ02.spec.js), at a point in western Jilin.
const PAIRS = [
  { what: 'WGS84 → GCJ-02', fn: wgs84ToGcj02, input: [123, 45], expected: [123.00607541, 45.00197815] },
  { what: 'GCJ-02 → WGS84', fn: gcj02ToWgs84, input: [123, 45], expected: [122.99395597, 44.99804071] },
] as const;

describe('GCJ-02 conversion', () => {
  it.each(PAIRS)('$what matches the reference to 1e-6°', ({ fn, input, expected }) => {
    const [lng, lat] = fn(input[0], input[1]);
    expect(lng).toBeCloseTo(expected[0], 6);
    expect(lat).toBeCloseTo(expected[1], 6);
  });

  it('offsets Jilin by hundreds of metres, as the datum note in PROVENANCE.md says', () => {
    const [lng, lat] = wgs84ToGcj02(125.3245, 43.8868);
    const eastM = (lng - 125.3245) * 111_320 * Math.cos((43.8868 * Math.PI) / 180);
    const northM = (lat - 43.8868) * 111_320;
    expect(eastM).toBeGreaterThan(400);
    expect(eastM).toBeLessThan(650);
    expect(northM).toBeGreaterThan(200);
    expect(northM).toBeLessThan(320);
  });

  it.each([
    [125.3245, 43.8868],
    [129.5, 42.9],
    [122.8, 45.6],
    [126.2, 41.7],
  ])('round-trips (%f, %f) to about a centimetre', (lng, lat) => {
    const [gLng, gLat] = wgs84ToGcj02(lng, lat);
    const [wLng, wLat] = gcj02ToWgs84(gLng, gLat);
    expect(Math.abs(wLng - lng)).toBeLessThan(1e-7);
    expect(Math.abs(wLat - lat)).toBeLessThan(1e-7);
  });

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02(183, 45)).toEqual([183, 45]);
    expect(gcj02ToWgs84(-70, 45)).toEqual([-70, 45]);
  });
});
