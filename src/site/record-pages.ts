import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { loadConfig } from '../kernel/config.ts';
import { buildDb, type Db } from '../kernel/db/client.ts';
import { countyByAdcode } from '../kernel/geo/admin.ts';
import { currentDataset } from '../kernel/published/read.ts';
import type { OutfallRecord } from '../records/schema.ts';
import { countyZipOfBoards, signboardSvg } from './signboard.ts';

/**
 * The per-record outputs of the site generated outside Astro's prerender loop: one signboard SVG per
 * published record and one signboard ZIP per county. Records are streamed from the records store
 * county by county (never all in memory); each board is rendered once and its bytes go both to its
 * file and to the county's ZIP (Astro rendered every board twice, once per route). Measured in
 * bench/site-build.ts.
 */

/** Every published record, county by county and by code within a county, read one row at a time. */
export function* streamRecordsByCounty(db: Db): Generator<OutfallRecord> {
  const rows = db.$client.prepare('SELECT record FROM outfalls ORDER BY county_adcode, code').raw().iterate() as IterableIterator<[string]>;
  for (const [json] of rows) yield JSON.parse(json) as OutfallRecord;
}

/** What generateRecordOutputs wrote. */
export interface RecordOutputs {
  signboards: number;
  counties: number;
}

/**
 * Writes the signboards (`signboards/<code>.svg`) and county ZIPs (`signboards/county/<adcode>.zip`)
 * into `clientDir` (the built site) from the records store at `databasePath`.
 */
export function generateRecordOutputs(clientDir: string, options: { databasePath: string; publicBaseUrl: string; now?: Date }): RecordOutputs {
  const db = buildDb(options.databasePath, { readonly: true });
  const out: RecordOutputs = { signboards: 0, counties: 0 };
  try {
    const dataset = currentDataset(db);
    const demo = dataset?.demo === true;
    const asOf = dataset?.asOf ?? (options.now ?? new Date()).toISOString().slice(0, 10);
    const boardOptions = { publicBaseUrl: options.publicBaseUrl, demo };
    mkdirSync(join(clientDir, 'signboards', 'county'), { recursive: true });
    const encoder = new TextEncoder();
    let county: string | undefined;
    let countyName = '';
    let boards: { code: string; svg: Uint8Array }[] = [];
    const flushCounty = () => {
      if (county === undefined) return;
      writeFileSync(join(clientDir, 'signboards', 'county', `${county}.zip`), countyZipOfBoards(boards, { ...boardOptions, asOf, countyName }));
      out.counties++;
      boards = [];
    };
    for (const r of streamRecordsByCounty(db)) {
      if (r.countyAdcode !== county) {
        flushCounty();
        county = r.countyAdcode;
        countyName = countyByAdcode(county)?.name ?? r.countyName;
      }
      const svg = encoder.encode(signboardSvg(r, boardOptions));
      writeFileSync(join(clientDir, 'signboards', `${r.code}.svg`), svg);
      boards.push({ code: r.code, svg });
      out.signboards++;
    }
    flushCounty();
  } finally {
    db.$client.close();
  }
  return out;
}

/** Astro integration: writes the per-record outputs after Astro's own pages (before precompression). */
export function recordPages(): AstroIntegration {
  return {
    name: 'record-pages',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const t0 = performance.now();
        const { DATABASE_PATH, PUBLIC_BASE_URL } = loadConfig();
        const s = generateRecordOutputs(fileURLToPath(dir), { databasePath: DATABASE_PATH, publicBaseUrl: PUBLIC_BASE_URL });
        logger.info(`${s.signboards} signboards, ${s.counties} county ZIPs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      },
    },
  };
}
