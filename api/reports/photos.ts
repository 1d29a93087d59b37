import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import type { Db } from '../../src/kernel/db/client.ts';
import { fsyncDir, writeFileDurably } from '../durable-files.ts';
import { ApiError } from '../errors.ts';

/**
 * Report photos: judged by their bytes, decoded under a pixel limit, auto-rotated, bounded to a
 * long edge of 2048 px and re-encoded as JPEG — which drops EXIF (including GPS), XMP, IPTC and
 * maker notes because sharp writes no metadata unless asked to. Stored outside any public folder
 * as UPLOAD_DIR/<aa>/<sha256>.jpg, named by the hash of the stored bytes.
 */

/** Formats accepted, by the type their bytes declare (never the file name or Content-Type). */
export const ACCEPTED_PHOTO_MIME = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Longest edge of a stored photo in pixels. */
export const PHOTO_MAX_EDGE = 2048;
/** JPEG quality of stored photos: evidence must stay legible; phone photos at 82 are ~0.5–1.5 MB. */
export const PHOTO_JPEG_QUALITY = 82;

export interface PhotoLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface IncomingPhoto {
  /** 1-based position, for messages ("第 2 张照片…"). */
  n: number;
  bytes: Buffer;
  /** SHA-256 of the uploaded bytes (part of the idempotency fingerprint). */
  uploadSha256: string;
}

export interface ProcessedPhoto {
  data: Buffer;
  sha256: string;
  width: number;
  height: number;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Cheap checks of one uploaded file before any decoding: its size, the type its magic bytes declare,
 * and the pixel count its header declares (so a pixel bomb is refused before it is decompressed).
 */
export async function inspectPhoto(file: File, n: number, limits: PhotoLimits): Promise<IncomingPhoto> {
  const field = 'photos';
  if (file.size > limits.maxBytes) {
    throw new ApiError('photo_too_large', { field, params: { n, maxMb: Math.round((limits.maxBytes / 1048576) * 10) / 10 } });
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !(ACCEPTED_PHOTO_MIME as readonly string[]).includes(type.mime)) {
    throw new ApiError('photo_type', { field, params: { n } });
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ApiError('photo_unreadable', { field, params: { n }, cause: err });
  }
  if (!meta.width || !meta.height) throw new ApiError('photo_unreadable', { field, params: { n } });
  if (meta.width * meta.height > limits.maxPixels) {
    throw new ApiError('photo_too_many_pixels', { field, params: { n, maxMp: Math.round(limits.maxPixels / 1e6) } });
  }
  return { n, bytes, uploadSha256: sha256(bytes) };
}

/**
 * Decodes, auto-orients, downsizes and re-encodes one photo. `limitInputPixels` stays on as the
 * second line of defence: a header may lie about the size that decoding then produces.
 *
 * @example const p = await processPhoto(incoming, { maxBytes: 8e6, maxPixels: 50e6 }); p.sha256
 */
export async function processPhoto(photo: IncomingPhoto, limits: PhotoLimits): Promise<ProcessedPhoto> {
  try {
    const { data, info } = await sharp(photo.bytes, { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 })
      .rotate()
      .resize({ width: PHOTO_MAX_EDGE, height: PHOTO_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: PHOTO_JPEG_QUALITY, progressive: true })
      .toBuffer({ resolveWithObject: true });
    return { data, sha256: sha256(data), width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw new ApiError('photo_too_many_pixels', { field: 'photos', params: { n: photo.n, maxMp: Math.round(limits.maxPixels / 1e6) }, cause: err });
    }
    throw new ApiError('photo_unreadable', { field: 'photos', params: { n: photo.n }, cause: err });
  }
}

/** A photo file this request holds a reference to until it commits or gives up. */
export interface StoredPhoto {
  sha256: string;
  path: string;
}

export interface PhotoStore {
  readonly uploadDir: string;
  /** Absolute path of a stored photo by its hash (issue 5: served to the handling county's staff). */
  pathFor(sha256: string): string;
  /**
   * Writes a photo durably under its content-hash name (temp file, fsync, rename, fsync of the
   * folder) and holds a reference to it. An identical file already there is reused.
   */
  put(photo: ProcessedPhoto): Promise<StoredPhoto>;
  /**
   * Releases the references `put` took. With `committed: false` (the transaction failed) files
   * that no report row and no other in-flight request use are removed.
   */
  release(photos: StoredPhoto[], committed: boolean): void;
  /**
   * Start-up clean-up after a crash: empties tmp/ and removes photo files no report references.
   * Call only while no request is running (before the server listens).
   */
  recover(): { tmpRemoved: number; orphansRemoved: number };
}

const PHOTO_NAME = /^([0-9a-f]{64})\.jpg$/;

/**
 * Where the photo with this hash lives under an upload folder: `<uploadDir>/<aa>/<sha256>.jpg`.
 * The backup copies photos with the same layout.
 *
 * @example photoPath('var/uploads', sha) // 'var/uploads/3f/3f…e1.jpg'
 */
export function photoPath(uploadDir: string, sha256: string): string {
  return join(uploadDir, sha256.slice(0, 2), `${sha256}.jpg`);
}

/**
 * The photo store over UPLOAD_DIR.
 *
 * Files are shared by content: two reports with the same photo point to one file. So a failed
 * request may delete a file only if no committed row references it and no other request in this
 * process is between `put` and `release` for it — counted in `inflight`. The count, the row check
 * and the unlink run synchronously, so no other request can interleave with them.
 */
export function createPhotoStore(db: Db, uploadDir: string): PhotoStore {
  const tmpDir = join(uploadDir, 'tmp');
  const inflight = new Map<string, number>();
  const referenced = db.$client.prepare('SELECT 1 FROM report_photos WHERE sha256 = ? LIMIT 1').pluck();
  const pathFor = (hash: string) => photoPath(uploadDir, hash);

  function release(photos: StoredPhoto[], committed: boolean) {
    for (const p of photos) {
      const left = (inflight.get(p.sha256) ?? 1) - 1;
      if (left > 0) inflight.set(p.sha256, left);
      else inflight.delete(p.sha256);
      if (committed || left > 0 || referenced.get(p.sha256)) continue;
      try {
        unlinkSync(p.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  return {
    uploadDir,
    pathFor,

    async put(photo) {
      const path = pathFor(photo.sha256);
      inflight.set(photo.sha256, (inflight.get(photo.sha256) ?? 0) + 1);
      const stored = { sha256: photo.sha256, path };
      try {
        if (existsSync(path)) return stored;
        await mkdir(tmpDir, { recursive: true });
        await mkdir(join(uploadDir, photo.sha256.slice(0, 2)), { recursive: true });
        const tmp = join(tmpDir, `${randomUUID()}.jpg`);
        try {
          await writeFileDurably(tmp, photo.data);
          await rename(tmp, path);
        } catch (err) {
          await unlink(tmp).catch(() => {});
          throw err;
        }
        await fsyncDir(join(uploadDir, photo.sha256.slice(0, 2)));
        return stored;
      } catch (err) {
        release([stored], false);
        throw err;
      }
    },

    release,

    recover() {
      let tmpRemoved = 0,
        orphansRemoved = 0;
      if (existsSync(tmpDir)) {
        for (const name of readdirSync(tmpDir)) {
          rmSync(join(tmpDir, name), { force: true, recursive: true });
          tmpRemoved++;
        }
      } else {
        mkdirSync(tmpDir, { recursive: true });
      }
      for (const dir of readdirSync(uploadDir, { withFileTypes: true })) {
        if (!dir.isDirectory() || !/^[0-9a-f]{2}$/.test(dir.name)) continue;
        for (const name of readdirSync(join(uploadDir, dir.name))) {
          const m = PHOTO_NAME.exec(name);
          if (!m || referenced.get(m[1]!)) continue;
          rmSync(join(uploadDir, dir.name, name), { force: true });
          orphansRemoved++;
        }
      }
      return { tmpRemoved, orphansRemoved };
    },
  };
}
