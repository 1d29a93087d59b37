import type { OutfallRecord } from '../../records/schema.ts';
import { type ExportMeta, exportMetadata } from './metadata.ts';

/**
 * The JSON download: `{ metadata, records }`, records exactly as the schema defines them (the same
 * objects the site is built from), ordered by code.
 */
export function toJsonExport(records: readonly OutfallRecord[], meta: ExportMeta, publicBaseUrl: string) {
  return { metadata: exportMetadata(meta, records.length, publicBaseUrl), records };
}
