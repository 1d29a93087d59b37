import { describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../src/records/demo/generate.ts';
import { byName } from '../../src/site/format.ts';
import { mapDataFile } from '../../src/site/map-data.ts';
import { buildPublishedView, groupBy, type PublishedDataset } from '../../src/site/published.ts';

const BASE = 'https://hbpwk.example.gov.cn';
const DATASET: PublishedDataset = { asOf: '2025-06-30', importedAt: '2025-07-01T08:00:00.000Z', source: 'demo:view:300', demo: true };
const generated = generateDemoRecords({ seed: 'published-view', count: 300 });
// The content collections do not promise code order (an incremental build keeps old entries first).
const shuffled = [...generated].reverse().sort((a, b) => (a.name.length % 3) - (b.name.length % 3));
const codeOrder = [...generated].map((r) => r.code).sort();

describe('buildPublishedView', () => {
  const view = buildPublishedView(shuffled, DATASET, BASE);

  it('orders the records by code, whatever order they come in', () => {
    expect(view.records.map((r) => r.code)).toEqual(codeOrder);
  });

  it('indexes every record under its county, in code order', () => {
    expect([...view.byCounty.values()].flat()).toHaveLength(generated.length);
    for (const [adcode, list] of view.byCounty) {
      expect(list.every((r) => r.countyAdcode === adcode)).toBe(true);
      expect(list.map((r) => r.code)).toEqual(codeOrder.filter((c) => list.some((r) => r.code === c)));
    }
  });

  it('gives the area pages their lists by name, by county and by city', () => {
    expect(view.byName.records.map((r) => r.code)).toEqual([...generated].sort(byName).map((r) => r.code));
    for (const [key, index] of [
      ['countyAdcode', view.byName.byCounty],
      ['cityAdcode', view.byName.byCity],
    ] as const) {
      expect([...index.values()].flat()).toHaveLength(generated.length);
      for (const [adcode, list] of index) {
        expect(list.every((r) => r[key] === adcode)).toBe(true);
        expect([...list].sort(byName)).toEqual(list);
      }
    }
  });

  it('states the dataset for the downloads, and today with no source before any import', () => {
    expect(view.meta).toEqual(DATASET);
    expect(view.dataset).toEqual(DATASET);
    expect(view.publicBaseUrl).toBe(BASE);
    const empty = buildPublishedView([], undefined, BASE, '2026-01-02T03:04:05.000Z');
    expect(empty.dataset).toBeUndefined();
    expect(empty.meta).toEqual({ asOf: '2026-01-02', importedAt: '2026-01-02T03:04:05.000Z', source: '', demo: false });
    expect(empty.records).toEqual([]);
    expect(empty.byCounty.size).toBe(0);
  });

  it('encodes the map data once, the same file as from the records in any order', () => {
    const first = view.mapData();
    expect(view.mapData()).toBe(first);
    expect(first).toEqual(mapDataFile(generated));
  });
});

describe('groupBy', () => {
  it('keeps first-seen order of keys and the list order within a group', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]!);
    expect([...groups]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });
});
