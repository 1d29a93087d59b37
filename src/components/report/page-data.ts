import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../kernel/config.ts';
import { buildDb, type Db } from '../../kernel/db/client.ts';
import { type PublishedOutfall, publishedOutfall } from '../../kernel/published/read.ts';
import { CITIZEN_ANSWER_LOCAL, type CitizenAnswer } from '../../kernel/report/contract/citizen-pages.ts';
import type { MapConfig } from './map-picker.ts';

/**
 * What the on-demand report pages read on the server (never bundled for the browser): the
 * published outfall a form is about, and the picker map's configuration from the built site. One
 * read-only database connection per process, opened on first use, next to the API's writer (WAL).
 */

let db: Db | undefined;
function readDb(): Db | undefined {
  if (!db) {
    const { DATABASE_PATH } = loadConfig();
    if (!existsSync(DATABASE_PATH)) return undefined;
    db = buildDb(DATABASE_PATH, { readonly: true });
  }
  return db;
}

/**
 * The published outfall of `?outfall=<code>`, or undefined (no such code, or no database).
 *
 * @example outfallForForm(Astro.url.searchParams.get('outfall'))?.name
 */
export function outfallForForm(code: string | null | undefined): PublishedOutfall | undefined {
  const c = code?.trim().toUpperCase();
  if (!c || c.length > 64) return undefined;
  const store = readDb();
  return store ? publishedOutfall(store, c) : undefined;
}

let mapConfig: MapConfig | null | undefined;
/**
 * The picker map's configuration as the build wrote it (`/report/map-config.json`, read once per
 * process), or null where there is no built site (`astro dev`): the form then works without the map.
 */
export function builtMapConfig(): MapConfig | null {
  if (mapConfig === undefined) {
    const file = join(loadConfig().SITE_DIR, 'client', 'report', 'map-config.json');
    mapConfig = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MapConfig) : null;
  }
  return mapConfig;
}

/**
 * The answer the report API handed the page (api/reports/pages.ts → api/server.ts), if any, when
 * it has the expected kind.
 *
 * @example const answer = citizenAnswer(Astro.locals, 'report-receipt');
 */
export function citizenAnswer<P extends CitizenAnswer['page']>(locals: unknown, ...pages: P[]): Extract<CitizenAnswer, { page: P }> | undefined {
  const answer = (locals as Record<string, unknown> | undefined)?.[CITIZEN_ANSWER_LOCAL] as CitizenAnswer | undefined;
  return answer && (pages as string[]).includes(answer.page) ? (answer as Extract<CitizenAnswer, { page: P }>) : undefined;
}
