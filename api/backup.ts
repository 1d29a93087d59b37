import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../src/kernel/config.ts';
import { buildDb } from '../src/kernel/db/client.ts';
import { fsyncDir, writeFileDurably } from './durable-files.ts';
import { photoPath } from './reports/photos.ts';

/**
 * Online backup of the portal's data while the server keeps running: the SQLite database through
 * SQLite's backup API (better-sqlite3 `db.backup()`), then the photo files the copy's report_photos
 * rows reference.
 *
 * Why this is consistent: the database copy is one snapshot (all pages are copied in a single step
 * under one read transaction, which in WAL mode never blocks the server's writers). A photo file is
 * written and fsynced before the transaction that references it commits, and a referenced file is
 * never deleted, so every photo the snapshot references exists when it is copied afterwards. Photos
 * of reports committed after the snapshot are not copied: they belong to a later backup.
 *
 * The contact key (CONTACT_KEY or CONTACT_KEY_FILE, default var/contact.key) is NOT copied: whoever
 * holds both the database and the key can read reporters' contacts, so keep the key separately.
 *
 * Layout of a backup folder: `portal.db` (journal mode DELETE: one self-contained file),
 * `uploads/<aa>/<sha256>.jpg` (as UPLOAD_DIR), `backup.json` (what was copied).
 */

export interface BackupOptions {
  /** The live database (DATABASE_PATH). */
  databasePath: string;
  /** The live photo folder (UPLOAD_DIR). */
  uploadDir: string;
  /** Folder to create; must not exist yet or be empty. */
  dest: string;
  clock?: () => Date;
}

export interface BackupResult {
  dest: string;
  createdAt: string;
  reports: number;
  photos: number;
  databaseBytes: number;
  photoBytes: number;
  /** Photos the database references whose file is missing or does not match its hash. */
  problems: string[];
  ms: number;
}

/** Database file name inside a backup folder. */
export const BACKUP_DATABASE = 'portal.db';
/** Photo folder inside a backup folder. */
export const BACKUP_UPLOADS = 'uploads';

/**
 * Makes a backup folder of the running portal. Everything is written into a sibling
 * `<dest>.partial-*` folder that is renamed to `dest` only when complete, so an interrupted backup
 * never looks like a finished one.
 *
 * @example const r = await backupPortal({ databasePath: 'var/portal.db', uploadDir: 'var/uploads', dest: '/backups/2026-05-01' });
 */
export async function backupPortal(options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const clock = options.clock ?? (() => new Date());
  const dest = resolve(options.dest);
  if (existsSync(dest) && readdirSync(dest).length > 0) throw new Error(`backup: ${dest} exists and is not empty`);
  mkdirSync(dirname(dest), { recursive: true });
  const work = mkdtempSync(`${dest}.partial-`);
  try {
    const source = buildDb(options.databasePath, { readonly: true });
    const copyPath = join(work, BACKUP_DATABASE);
    let shas: string[];
    let reports: number;
    try {
      // Returning a large page count makes the second step copy everything at once: a step that
      // leaves pages for later would restart whenever the server commits in between.
      await source.$client.backup(copyPath, { progress: () => 0x7fffffff });

      // The copy holds sealed contacts and report texts: readable by the owner and group only.
      chmodSync(copyPath, 0o640);
      const copy = new Database(copyPath);
      try {
        copy.pragma('journal_mode = DELETE');
        const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
        if (integrity !== 'ok') throw new Error(`backup: the copy fails the integrity check: ${integrity}`);
        shas = copy.prepare('SELECT DISTINCT sha256 FROM report_photos ORDER BY sha256').pluck().all() as string[];
        reports = copy.prepare('SELECT count(*) FROM reports').pluck().get() as number;
      } finally {
        copy.close();
      }
    } finally {
      source.$client.close();
    }

    const problems: string[] = [];
    let photoBytes = 0;
    const dirs = new Set<string>();
    for (const sha of shas) {
      // The photo store's own naming, so the copy has UPLOAD_DIR's layout.
      const from = photoPath(options.uploadDir, sha);
      const to = join(work, BACKUP_UPLOADS, relative(options.uploadDir, from));
      let data: Buffer;
      try {
        data = await readFile(from);
      } catch (err) {
        problems.push(`${sha}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        continue;
      }
      if (createHash('sha256').update(data).digest('hex') !== sha) {
        problems.push(`${sha}: content does not match its hash`);
        continue;
      }
      await mkdir(dirname(to), { recursive: true });
      dirs.add(dirname(to));
      await writeFileDurably(to, data);
      photoBytes += data.length;
    }
    for (const d of dirs) await fsyncDir(d);
    mkdirSync(join(work, BACKUP_UPLOADS, 'tmp'), { recursive: true });

    const createdAt = clock().toISOString();
    const databaseBytes = statSync(copyPath).size;
    const manifest = {
      createdAt,
      database: BACKUP_DATABASE,
      uploads: BACKUP_UPLOADS,
      reports,
      photos: shas.length - problems.length,
      databaseBytes,
      photoBytes,
      problems,
      contactKey: 'not included: back up CONTACT_KEY_FILE (default var/contact.key) or CONTACT_KEY separately',
    };
    await writeFileDurably(join(work, 'backup.json'), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await fsyncDir(work);

    if (existsSync(dest)) rmdirSync(dest);
    renameSync(work, dest);
    await fsyncDir(dirname(dest));
    return { dest, createdAt, reports, photos: manifest.photos, databaseBytes, photoBytes, problems, ms: Math.round(performance.now() - started) };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

// `npm run db:backup -- <dest>`: backs up DATABASE_PATH and UPLOAD_DIR (from the environment, as
// the server reads them) into the new folder <dest>. Exit 1 if a referenced photo could not be copied.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dest] = process.argv.slice(2);
  if (!dest) {
    console.error('usage: npm run db:backup -- <destination folder>');
    process.exit(2);
  }
  try {
    const config = loadConfig();
    const result = await backupPortal({ databasePath: config.DATABASE_PATH, uploadDir: config.UPLOAD_DIR, dest });
    console.log(JSON.stringify(result));
    console.error(`backup: ${result.reports} reports, ${result.photos} photos in ${result.dest} (${result.ms} ms)`);
    console.error(
      `backup: the contact key is not in the backup; keep ${basename(config.CONTACT_KEY_FILE)} (${config.CONTACT_KEY_FILE}) or CONTACT_KEY safe separately`,
    );
    if (result.problems.length) {
      console.error(`backup: ${result.problems.length} referenced photos could not be copied:\n  ${result.problems.join('\n  ')}`);
      process.exit(1);
    }
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `backup failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
