import { describe, expect, it } from 'vitest';
import { t as reportT } from '../../../src/components/report/i18n.ts';
import { t as staffT } from '../../../src/components/staff/i18n.ts';
import { fill } from '../../../src/kernel/i18n/fill.ts';
import { t } from '../../../src/kernel/i18n/index.ts';

describe('fill', () => {
  it.each([
    ['共 {n} 件，{county}', { n: 3, county: '南关区' }, '共 3 件，南关区'],
    ['{n}{n}', { n: 0 }, '00'],
    ['{a} and {b}', { a: 'x' }, 'x and {b}'],
    ['no placeholder', { n: 1 }, 'no placeholder'],
    ['{ n } {n-1} {}', { n: 1 }, '{ n } {n-1} {}'],
    ['{toString} {constructor}', {}, '{toString} {constructor}'],
    ['{a}', { a: '{b}', b: 'x' }, '{b}'],
    ['{a}', { a: '$& $1 $$' }, '$& $1 $$'],
  ])('fill(%j, %j) → %j', (template, params, out) => {
    expect(fill(template, params)).toBe(out);
  });

  it('is what every t() uses: the kernel one and the browser ones of the report and staff pages', () => {
    expect(t('reportForm.distance.km', { n: 1.2 })).toBe('1.2 公里');
    expect(reportT('reportForm.distance.km', { n: 1.2 })).toBe('1.2 公里');
    expect(t('staff.ui.inbox.count', { n: 3 })).toBe('共 3 件');
    expect(staffT('staff.ui.inbox.count', { n: 3 })).toBe('共 3 件');
    // Without parameters the template comes back as it is.
    expect(staffT('staff.ui.inbox.count')).toBe('共 {n} 件');
  });
});
