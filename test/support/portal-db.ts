import { inject } from 'vitest';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';

/**
 * Reads from the test portal's database (test-portal.ts) for the site and browser tests: opens it
 * read-only, runs `read`, and closes it again, also when `read` throws.
 *
 * @example const records = readPortalDb(publishedRecords);
 */
export function readPortalDb<T>(read: (db: Db) => T): T {
  const db = buildDb(inject('portal').dbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.$client.close();
  }
}
