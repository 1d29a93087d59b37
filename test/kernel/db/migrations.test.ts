import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDb, MIGRATIONS_FOLDER } from '../../../src/kernel/db/client.ts';

/**
 * Data migrations, run on a real database file that was migrated only up to the migration before
 * them (a copy of the migrations folder whose journal stops there), then brought up to date.
 */

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A database migrated up to and including the migration tagged `lastTag`. */
function databaseUpTo(lastTag: string) {
  dir = mkdtempSync(join(tmpdir(), 'migrations-test-'));
  const folder = join(dir, 'migrations');
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(end, lastTag).toBeGreaterThanOrEqual(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, end + 1) }));
  const db = buildDb(join(dir, 'portal.db'), { migrate: false });
  migrate(db, { migrationsFolder: folder });
  return db;
}

describe('0003_mark_cancelled_deliveries_cancelled', () => {
  it("moves rows stored as failed + 'cancelled:' to the cancelled state, keeping the reason, and leaves real failures alone", () => {
    const db = databaseUpTo('0002_create_staff_and_delivery');
    // Outbox rows as the code before 0003 wrote them (no report rows: foreign keys off for the set-up).
    db.$client.pragma('foreign_keys = OFF');
    const insert = db.$client.prepare(
      `INSERT INTO delivery_outbox (id, report_id, county_adcode, reason, channel, target, state, attempts, next_attempt_at, last_error, created_at)
       VALUES (?, 1, '220102', 'new', 'webhook', 'https://oa.example.gov.cn/hook', ?, 0, '2026-05-01T02:00:00.000Z', ?, '2026-05-01T02:00:00.000Z')`,
    );
    insert.run(1, 'failed', 'cancelled: report transferred to 220104');
    insert.run(2, 'failed', 'webhook: HTTP 502');
    insert.run(3, 'pending', null);
    insert.run(4, 'sent', null);
    insert.run(5, 'failed', 'smtp: 451 cancelled: try later');
    db.$client.pragma('foreign_keys = ON');

    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    expect(db.$client.prepare('SELECT id, state, last_error FROM delivery_outbox ORDER BY id').all()).toEqual([
      { id: 1, state: 'cancelled', last_error: 'report transferred to 220104' },
      { id: 2, state: 'failed', last_error: 'webhook: HTTP 502' },
      { id: 3, state: 'pending', last_error: null },
      { id: 4, state: 'sent', last_error: null },
      { id: 5, state: 'failed', last_error: 'smtp: 451 cancelled: try later' },
    ]);
    db.$client.close();
  });
});
