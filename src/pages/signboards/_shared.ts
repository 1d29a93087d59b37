import { getCollection, getEntry } from 'astro:content';
import { loadConfig } from '../../kernel/config.ts';
import type { OutfallRecord } from '../../records/schema.ts';

/**
 * What the signboard pages and files share: the records by county, the dataset's demo flag and date,
 * and the absolute base URL the QR codes encode (PUBLIC_BASE_URL at build time: a signboard bolted to
 * a riverbank outlives any dev server, so it must carry the public address).
 */
export interface SignboardContext {
  publicBaseUrl: string;
  demo: boolean;
  asOf: string;
  records: OutfallRecord[];
  byCounty: Map<string, OutfallRecord[]>;
}

let cached: Promise<SignboardContext> | undefined;

export function signboardContext(): Promise<SignboardContext> {
  cached ??= (async () => {
    const records = (await getCollection('outfalls')).map((e) => e.data as OutfallRecord).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const dataset = await getEntry('dataset', 'current');
    const byCounty = new Map<string, OutfallRecord[]>();
    for (const r of records) {
      const list = byCounty.get(r.countyAdcode) ?? [];
      list.push(r);
      byCounty.set(r.countyAdcode, list);
    }
    return {
      publicBaseUrl: loadConfig().PUBLIC_BASE_URL,
      demo: dataset?.data.demo === true,
      asOf: (dataset?.data.asOf as string | undefined) ?? new Date().toISOString().slice(0, 10),
      records,
      byCounty,
    };
  })();
  return cached;
}
