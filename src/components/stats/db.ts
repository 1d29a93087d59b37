import { existsSync } from 'node:fs';
import { loadConfig } from '../../kernel/config.ts';
import { buildDb, type Db } from '../../kernel/db/client.ts';
import { createStatsService, type StatsService } from '../../kernel/report/stats/service.ts';

/**
 * The database as the statistics pages read it: one read-only connection per process, opened on
 * first use. The on-demand /stats/ pages run inside the portal process (api/server.ts hands them
 * to Astro), next to the API's writer connection; WAL lets this reader work alongside it.
 */
let db: Db | undefined;
function readDb(): Db {
  if (!db) {
    const { DATABASE_PATH } = loadConfig();
    if (!existsSync(DATABASE_PATH)) throw new Error(`Database ${DATABASE_PATH} does not exist: run \`npm run data:prepare\` first.`);
    db = buildDb(DATABASE_PATH, { readonly: true });
  }
  return db;
}

let service: StatsService | undefined;
/**
 * The statistics service over the portal's database (figures cached for 30 s, like the API's).
 *
 * @example statsService().province().province.received
 */
export function statsService(): StatsService {
  service ??= createStatsService({ db: readDb(), config: loadConfig() });
  return service;
}
