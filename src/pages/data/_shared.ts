import { getCollection, getEntry } from 'astro:content';
import { loadConfig } from '../../kernel/config.ts';
import type { OutfallRecord } from '../../records/schema.ts';
import type { ExportMeta } from '../../site/exports.ts';

export { type ImportRow, readHistory } from '../../site/history.ts';

/**
 * What the open-data page and its downloads share: the published records (as the site has them,
 * ordered by code), the dataset's metadata and the absolute base URL. Loaded once per build.
 */
export interface OpenDataContext {
  records: OutfallRecord[];
  meta: ExportMeta;
  publicBaseUrl: string;
}

let cached: Promise<OpenDataContext> | undefined;

export function openDataContext(): Promise<OpenDataContext> {
  cached ??= (async () => {
    const records = (await getCollection('outfalls')).map((e) => e.data as OutfallRecord).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const ds = (await getEntry('dataset', 'current'))?.data as Partial<ExportMeta> | undefined;
    const meta: ExportMeta = {
      asOf: ds?.asOf ?? new Date().toISOString().slice(0, 10),
      importedAt: ds?.importedAt ?? new Date().toISOString(),
      source: ds?.source ?? '',
      demo: ds?.demo === true,
    };
    return { records, meta, publicBaseUrl: loadConfig().PUBLIC_BASE_URL };
  })();
  return cached;
}
