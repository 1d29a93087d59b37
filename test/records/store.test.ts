import { beforeEach, describe, expect, it } from 'vitest';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';
import { changeLog, currentDataset, publishDataset, publishedRecord, publishedRecords, recordHash } from '../../src/records/store.ts';
import { buildRecord } from '../support/builders.ts';

const meta = { source: 'jilin-2025.csv', sourceSha256: 'a'.repeat(64), demo: false };
const A = buildRecord();
const B = buildRecord({ code: 'YTH220102CY0002', name: '伊通河南关区雨洪排口' });
const C = buildRecord({ code: 'YTH220102CY0003', name: '伊通河南关区雨洪排口三' });

describe('records store', () => {
  let db: Db;
  beforeEach(() => {
    db = buildDb(':memory:');
  });

  it('publishes a dataset and reads it back unchanged', () => {
    const s = publishDataset(db, [A, B], meta);
    expect(s.added.sort()).toEqual([A.code, B.code].sort());
    expect(publishedRecords(db)).toEqual([A, B].sort((x, y) => x.code.localeCompare(y.code)));
    expect(publishedRecord(db, A.code)).toEqual(A);
    expect(currentDataset(db)).toMatchObject({ source: 'jilin-2025.csv', demo: false, recordCount: 2, added: 2, asOf: '2025-10-01' });
  });

  it('writes nothing when the same set is published again', () => {
    publishDataset(db, [A, B], meta);
    const before = db.$client.prepare('SELECT COUNT(*) n FROM datasets').get();
    const s = publishDataset(db, [B, A], meta);
    expect(s).toMatchObject({ datasetId: null, added: [], changed: [], removed: [], unchanged: 2 });
    expect(db.$client.prepare('SELECT COUNT(*) n FROM datasets').get()).toEqual(before);
  });

  it('replaces the set and logs added, changed (with fields) and removed', () => {
    publishDataset(db, [A, B], meta);
    const A2 = { ...A, remediation: { ...A.remediation, status: '已销号' as const }, updatedAt: '2025-11-01' };
    const s = publishDataset(db, [A2, C], { ...meta, source: 'jilin-2025-11.csv' });
    expect(s.added).toEqual([C.code]);
    expect(s.changed).toEqual([{ code: A.code, fields: ['remediation', 'updatedAt'] }]);
    expect(s.removed).toEqual([B.code]);
    expect(publishedRecords(db).map((r) => r.code)).toEqual([A.code, C.code]);
    const log = changeLog(db).filter((e) => e.datasetId === s.datasetId);
    expect(log.map((e) => [e.change, e.code])).toEqual([
      ['added', C.code],
      ['changed', A.code],
      ['removed', B.code],
    ]);
    // A removed outfall is still named in the log.
    expect(log.find((e) => e.change === 'removed')?.name).toBe(B.name);
  });

  it('records a new dataset when only the demo flag changes (the banner must follow the data)', () => {
    publishDataset(db, [A], { ...meta, demo: true });
    const s = publishDataset(db, [A], meta);
    expect(s.datasetId).not.toBeNull();
    expect(currentDataset(db)?.demo).toBe(false);
  });

  it('hashes records independently of key order', () => {
    const reordered = Object.fromEntries(Object.entries(A).reverse()) as typeof A;
    expect(recordHash(reordered)).toBe(recordHash(A));
    expect(recordHash({ ...A, name: `${A.name}一` })).not.toBe(recordHash(A));
  });

  it('rolls back the whole publication when one write fails', () => {
    publishDataset(db, [A], meta);
    const bad = { ...B, countyAdcode: null as unknown as string };
    expect(() => publishDataset(db, [C, bad], meta)).toThrow();
    expect(publishedRecords(db)).toEqual([A]);
    expect(db.$client.prepare('SELECT COUNT(*) n FROM datasets').get()).toEqual({ n: 1 });
  });
});
