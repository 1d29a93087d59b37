import type { County } from '../geo/admin.ts';
import { t } from '../i18n/index.ts';

/** A county as reports and their answers name it: the unit and the bureau that handles its reports. */
export interface CountyRef {
  adcode: string;
  name: string;
  cityName: string;
  /** The county-level ecology and environment bureau, e.g. 长春市南关区生态环境分局. */
  bureau: string;
}

/**
 * The reference to a county that API answers, deliveries and pages share.
 *
 * @example countyRef(countyByAdcode('220102')!).bureau // '长春市南关区生态环境分局'
 */
export function countyRef(county: County): CountyRef {
  return {
    adcode: county.adcode,
    name: county.name,
    cityName: county.cityName,
    bureau: t('report.bureauName', { city: county.cityName, county: county.name }),
  };
}
