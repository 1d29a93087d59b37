/**
 * Photos are made small in the browser before they cross a weak network: decoded with the EXIF
 * orientation applied, scaled so the long edge is at most MAX_EDGE, and re-encoded as JPEG. The
 * re-encode also drops EXIF (GPS, device) before upload; the server re-encodes again anyway.
 */

/** Long edge of an uploaded photo; a 12 MP phone photo (4000×3000) becomes 2048×1536. */
export const MAX_EDGE = 2048;
export const JPEG_QUALITY = 0.85;
/** The form takes at most this many photos (the API's limit). */
export const MAX_PHOTOS = 6;

export interface Downscaled {
  blob: Blob;
  width: number;
  height: number;
}

/** Target size keeping the aspect ratio; never upscales. @example fitWithin(4000, 3000, 2048) // [2048, 1536] */
export function fitWithin(width: number, height: number, maxEdge: number = MAX_EDGE): [number, number] {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

async function encodeJpeg(bitmap: ImageBitmap): Promise<Blob> {
  const { width, height } = bitmap;
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (ctx) {
      // JPEG has no alpha: a transparent PNG would turn black without a white ground.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(bitmap, 0, 0);
      return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', JPEG_QUALITY));
}

/**
 * Decodes a photo (EXIF orientation applied), scales it to MAX_EDGE and encodes it as JPEG.
 * Throws when the browser cannot decode the file (e.g. HEIC outside Safari).
 *
 * @example const { blob, width, height } = await downscalePhoto(file); // 2048×1536 from a 12 MP JPEG
 */
export async function downscalePhoto(file: Blob): Promise<Downscaled> {
  const oriented = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const [width, height] = fitWithin(oriented.width, oriented.height);
    // Resizing from the already-oriented bitmap avoids browsers that apply the resize before the
    // rotation; 'high' gives a proper filtered downscale instead of nearest-neighbour sampling.
    const scaled =
      width === oriented.width && height === oriented.height
        ? oriented
        : await createImageBitmap(oriented, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    try {
      return { blob: await encodeJpeg(scaled), width, height };
    } finally {
      if (scaled !== oriented) scaled.close();
    }
  } finally {
    oriented.close();
  }
}

/** The GPS position in a JPEG's EXIF, or undefined. Loads the EXIF reader only when called. */
export async function photoGps(file: Blob): Promise<{ lat: number; lng: number } | undefined> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0xff || head[1] !== 0xd8) return undefined; // not a JPEG
  try {
    const { gps } = await import('exifr/dist/mini.esm.mjs');
    const pos = await gps(file);
    const lat = pos?.latitude;
    const lng = pos?.longitude;
    if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
    // Cameras write 0,0 when they had no fix.
    if (lat === 0 && lng === 0) return undefined;
    return { lat, lng };
  } catch {
    return undefined;
  }
}
