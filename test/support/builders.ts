import type { OutfallRecord } from '../../src/records/schema.ts';

/** A complete, valid record: builders keep tests short and every field covered. */
export function buildRecord(over: Partial<OutfallRecord> = {}): OutfallRecord {
  return {
    code: 'YTH220102CW0001',
    name: '伊通河南关区长春市第一污水处理厂排污口',
    type: { level1Key: 'municipal', level1: '城镇污水处理厂排污口', level2: '城镇污水处理厂排污口' },
    cityAdcode: '220100',
    cityName: '长春市',
    countyAdcode: '220102',
    countyName: '南关区',
    lng: 125.3245,
    lat: 43.8868,
    receivingWater: { name: '伊通河', functionZone: '伊通河长春市景观娱乐用水区', qualityTarget: 'Ⅳ类' },
    dischargeMode: '连续',
    dischargeChannel: '管道',
    responsibleEntity: { name: '长春市排水有限公司', creditCode: '91220101MA14XXXX0A' },
    supervisor: { name: '长春市生态环境局南关区分局', phone: '0431-88888888' },
    approval: { number: '长环审〔2023〕12号', date: '2023-05-06' },
    remediation: { route: '规范整治', status: '已完成', deadline: '2024-12-31' },
    retained: true,
    signboard: true,
    monitoring: { date: '2025-09-01', result: '达标' },
    updatedAt: '2025-10-01',
    ...over,
  };
}
