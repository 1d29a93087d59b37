import { open } from 'node:fs/promises';

/**
 * Writes that survive a power cut: the file's data is fsynced before the caller goes on, and a
 * folder is fsynced after a file in it is created or renamed, so the new name is on disk too.
 * Used by the photo store and the backup.
 */

/**
 * Creates `path` (it must not exist: flag `wx`) readable by owner and group only, writes `data`
 * and fsyncs the file.
 *
 * @example await writeFileDurably(join(tmpDir, `${randomUUID()}.jpg`), photo.data);
 */
export async function writeFileDurably(path: string, data: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx', 0o640);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Fsyncs a folder, so the names created or renamed in it are durable.
 *
 * @example await rename(tmp, path); await fsyncDir(dirname(path));
 */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
