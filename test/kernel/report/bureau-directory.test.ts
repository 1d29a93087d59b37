import { describe, expect, it } from 'vitest';
import { allCounties, countyByAdcode } from '../../../src/kernel/geo/admin.ts';
import { allBureaus, BUREAU_DIRECTORY, bureauByAdcode, bureauOf } from '../../../src/kernel/report/bureau-directory.ts';

describe('the bureau directory', () => {
  it('has exactly one entry per county-level unit of Jilin, in GB/T 2260 order', () => {
    const counties = allCounties()
      .map((c) => c.adcode)
      .sort();
    expect(Object.keys(BUREAU_DIRECTORY).sort()).toEqual(counties);
    expect(allBureaus().map((b) => b.adcode)).toEqual(counties);
  });

  it('marks every entry demo until real data replaces it, and no demo number can ring anyone', () => {
    for (const [adcode, entry] of Object.entries(BUREAU_DIRECTORY)) {
      expect(entry.demo, adcode).toBe(true);
      expect(entry.address, adcode).toContain('演示');
      // Area code, then a local part starting with 0: no Chinese local number does.
      expect(entry.phone, adcode).toMatch(/^0\d{2,3}-0\d{5,7}$/);
    }
  });

  it('names the bureau, its tel: link, 12369 and its statistics page', () => {
    const b = bureauOf(countyByAdcode('220102')!);
    expect(b).toMatchObject({ adcode: '220102', name: '南关区', bureau: '长春市生态环境局南关区分局', hotline: '12369', statsPath: '/stats/220102/' });
    expect(b.tel).toBe(`tel:${b.phone.replace('-', '')}`);
    expect(bureauByAdcode('110101')).toBeUndefined();
  });
});
