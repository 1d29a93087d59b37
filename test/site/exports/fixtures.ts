import { parse } from 'csv-parse/sync';
import { generateDemoRecords } from '../../../src/records/demo/generate.ts';
import type { ExportMeta } from '../../../src/site/exports/metadata.ts';

/** What the export tests share: an absolute base URL, a dataset's metadata and 40 generated records. */
export const BASE = 'https://hbpwk.example.gov.cn';
export const META: ExportMeta = { asOf: '2025-06-30', importedAt: '2025-07-01T08:00:00.000Z', source: 'demo:exports:40', demo: true };
export const records = generateDemoRecords({ seed: 'exports-test', count: 40 });

/** Parses CSV with a real RFC 4180 parser (the one the importer uses), BOM removed. */
export const parseCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true }) as string[][];
