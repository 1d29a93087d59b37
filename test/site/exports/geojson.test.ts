import { describe, expect, it } from 'vitest';
import { dictionaryFields } from '../../../src/site/exports/dictionary.ts';
import { flattenRecord, toGeoJson } from '../../../src/site/exports/geojson.ts';
import { BASE, META, records } from './fixtures.ts';

describe('toGeoJson (RFC 7946)', () => {
  const gj = JSON.parse(JSON.stringify(toGeoJson(records, META, BASE))) as {
    type: string;
    crs?: unknown;
    metadata: { demo: boolean; recordCount: number; asOf: string };
    features: { type: string; id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
  };

  it('is a FeatureCollection of WGS84 points, longitude first, without the removed crs member', () => {
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.crs).toBeUndefined();
    expect(gj.features).toHaveLength(records.length);
    gj.features.forEach((f, i) => {
      const r = records[i]!;
      expect(f.type).toBe('Feature');
      expect(f.id).toBe(r.code);
      expect(f.geometry.type).toBe('Point');
      expect(f.geometry.coordinates).toEqual([r.lng, r.lat]);
      const [lng, lat] = f.geometry.coordinates as [number, number];
      expect(lng).toBeGreaterThanOrEqual(-180);
      expect(lng).toBeLessThanOrEqual(180);
      expect(lat).toBeGreaterThanOrEqual(-90);
      expect(lat).toBeLessThanOrEqual(90);
      expect(f.properties).not.toHaveProperty('lng');
      expect(Object.values(f.properties).every((v) => ['string', 'number', 'boolean'].includes(typeof v))).toBe(true);
    });
  });

  it('carries the metadata header as a foreign member', () => {
    expect(gj.metadata).toMatchObject({ demo: true, recordCount: records.length, asOf: '2025-06-30' });
  });

  it('flattens records to dotted paths that are the data dictionary’s fields', () => {
    const paths = new Set(dictionaryFields().map((f) => f.path));
    const flat = flattenRecord(records[0]!);
    expect(flat['receivingWater.name']).toBe(records[0]!.receivingWater.name);
    for (const key of Object.keys(flat)) expect(paths.has(key), key).toBe(true);
  });
});
