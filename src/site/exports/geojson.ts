import type { OutfallRecord } from '../../records/schema.ts';
import { type ExportMeta, exportMetadata } from './metadata.ts';

/**
 * A record's leaf fields as `dotted.path → value`, except the coordinates (the geometry holds them).
 * GIS programs read flat attribute tables; the paths are the field names of the data dictionary.
 *
 * @example flattenRecord(r)['receivingWater.name'] // '伊通河'
 */
export function flattenRecord(record: OutfallRecord): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (value !== undefined && path !== 'lng' && path !== 'lat') out[path] = value as string | number | boolean;
  };
  walk(record, '');
  return out;
}

/**
 * The GeoJSON download (RFC 7946): a FeatureCollection of Points in WGS84 longitude/latitude, the
 * feature id is the outfall code, properties are the flattened record. The metadata header is an
 * RFC 7946 §6.1 foreign member; there is no `crs` member (RFC 7946 removed it: WGS84 is implied).
 */
export function toGeoJson(records: readonly OutfallRecord[], meta: ExportMeta, publicBaseUrl: string) {
  return {
    type: 'FeatureCollection' as const,
    metadata: exportMetadata(meta, records.length, publicBaseUrl),
    features: records.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      geometry: { type: 'Point' as const, coordinates: [r.lng, r.lat] as [number, number] },
      properties: flattenRecord(r),
    })),
  };
}
