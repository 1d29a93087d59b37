import { describe, expect, it } from 'vitest';
import { toChangesCsv } from '../../../src/site/exports/changes.ts';
import { CSV_DEMO_TITLE } from '../../../src/site/exports/csv.ts';
import { changedFieldsLabel } from '../../../src/site/exports/labels.ts';
import { parseCsv } from './fixtures.ts';

describe('change log CSV', () => {
  it('lists each change with its fields in Chinese, BOM and demo title included', () => {
    const csv = toChangesCsv(
      [
        {
          datasetId: 2,
          code: 'A0001',
          change: 'changed',
          fields: ['cityAdcode', 'cityName', 'remediation'],
          name: '甲',
          importedAt: '2025-07-01T00:00:00Z',
          source: 'x.xlsx',
        },
        { datasetId: 2, code: 'A0002', change: 'removed', fields: null, name: '乙,丙', importedAt: '2025-07-01T00:00:00Z', source: 'x.xlsx' },
      ],
      { demo: true },
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([CSV_DEMO_TITLE]);
    expect(rows[2]).toEqual(['2', '2025-07-01T00:00:00Z', '变更', 'A0001', '甲', '所在市州、整治']);
    expect(rows[3]).toEqual(['2', '2025-07-01T00:00:00Z', '删除', 'A0002', '乙,丙', '']);
    expect(changedFieldsLabel(['lng', 'lat'])).toBe('经度、纬度');
  });
});
