import { describe, expect, it } from 'vitest';
import { toJsonExport } from '../../../src/site/exports/json.ts';
import { BASE, META, records } from './fixtures.ts';

describe('toJsonExport', () => {
  it('holds the records exactly, with dataset metadata and licence', () => {
    const out = JSON.parse(JSON.stringify(toJsonExport(records, META, BASE)));
    expect(out.records).toEqual(records);
    expect(out.metadata).toMatchObject({ demo: true, recordCount: records.length, asOf: META.asOf, source: META.source, importedAt: META.importedAt });
    expect(out.metadata.licence.text).toBeTruthy();
    expect(out.metadata.schema).toBe(`${BASE}/data/outfall.schema.json`);
  });

  it('says demo: false for real data', () => {
    expect(toJsonExport(records, { ...META, demo: false }, BASE).metadata.demo).toBe(false);
  });
});
