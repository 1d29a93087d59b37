import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PROJECT_ROOT } from '../geo/paths.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface BuildDbOptions {
  /** Apply pending migrations from src/kernel/db/migrations (default true). */
  migrate?: boolean;
  /** Open read-only (the site build): no migrations, no writes. */
  readonly?: boolean;
  /** Milliseconds a writer waits for a lock before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
}

export const MIGRATIONS_FOLDER = join(PROJECT_ROOT, 'src', 'kernel', 'db', 'migrations');

/**
 * Opens the portal's SQLite database with every pragma set in this one place: WAL (readers never
 * block the writer), foreign keys on, a busy timeout, and synchronous=FULL so that a committed
 * report survives power loss before its 201 is sent. Tests pass `:memory:` and get the real
 * migrations.
 *
 * @example const db = buildDb(':memory:'); db.select().from(outfalls).all();
 */
export function buildDb(path: string, options: BuildDbOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('synchronous = FULL');
  const db = drizzle({ client: sqlite, schema }) as Db;
  if (!options.readonly && options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}
