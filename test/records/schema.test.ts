import { describe, expect, it } from 'vitest';
import { type OutfallRecord, outfallRecordSchema } from '../../src/records/schema.ts';
import { buildRecord } from '../support/builders.ts';

describe('outfall record schema', () => {
  it('accepts a complete record and keeps every field', () => {
    const r = buildRecord();
    expect(outfallRecordSchema.parse(r)).toEqual(r);
  });

  it('accepts a record with only the required fields', () => {
    const { dischargeMode, dischargeChannel, approval, monitoring, ...rest } = buildRecord();
    void dischargeMode;
    void dischargeChannel;
    void approval;
    void monitoring;
    const minimal = {
      ...rest,
      responsibleEntity: { name: '某村村民委员会' },
      supervisor: { name: '长春市生态环境局南关区分局' },
      remediation: { status: '待整治' as const },
    };
    expect(outfallRecordSchema.safeParse(minimal).success).toBe(true);
  });

  it.each<[string, Partial<OutfallRecord> | Record<string, unknown>, string]>([
    ['lower-case code', { code: 'yth220102cw0001' }, 'code'],
    ['code with a slash (unsafe in a URL)', { code: 'YTH/220102' }, 'code'],
    ['code too short', { code: 'AB1' }, 'code'],
    ['county code outside Jilin', { countyAdcode: '210102' }, 'countyAdcode'],
    ['longitude outside the province box', { lng: 135.2 }, 'lng'],
    ['latitude NaN', { lat: Number.NaN }, 'lat'],
    ['unknown status', { remediation: { status: '已整改' } }, 'remediation.status'],
    ['unknown route', { remediation: { status: '整治中', route: '关闭' } }, 'remediation.route'],
    ['impossible date', { updatedAt: '2023-02-30' }, 'updatedAt'],
    ['credit code of the wrong length', { responsibleEntity: { name: 'x', creditCode: '9122010' } }, 'responsibleEntity.creditCode'],
    ['empty name', { name: '   ' }, 'name'],
    ['unknown level-1 key', { type: { level1Key: 'mining', level1: '矿' } }, 'type.level1Key'],
  ])('rejects %s, naming the field', (_what, patch, path) => {
    const result = outfallRecordSchema.safeParse({ ...buildRecord(), ...patch });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
