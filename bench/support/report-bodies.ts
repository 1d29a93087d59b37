/**
 * Report submissions as bytes, for the load benchmarks: noise photos that do not compress away (as
 * phone photos of water and grass do not), a `POST /api/reports` multipart body built once per
 * request from shared photo parts, and a keep-alive HTTP client that sends it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Agent, request } from 'node:http';
import sharp from 'sharp';

/**
 * A JPEG of random noise. At 2048 × 1536 (the size the report form downscales to) quality 94 gives ~3.0 MB.
 *
 * @example const photo = await noiseJpeg(2048, 1536, 94); photo.length // ≈ 3.0e6
 */
export async function noiseJpeg(width: number, height: number, quality: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

/** A multipart body as chunks (the photo parts are shared between requests, not copied). */
export interface MultipartBody {
  contentType: string;
  chunks: Buffer[];
  length: number;
}

const BOUNDARY = '----jilin-outfalls-bench-7d1f3a';

/** One text field, as it appears in the body. */
const field = (name: string, value: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8');

/**
 * The photo parts of a body, made once and shared by every request that sends the same photos.
 *
 * @example const parts = photoParts([jpegA, jpegB]); reportBody(0, parts)
 */
export function photoParts(photos: readonly Buffer[]): Buffer[] {
  return photos.flatMap((p, n) => [
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="photo-${n + 1}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    p,
    Buffer.from('\r\n'),
  ]);
}

/**
 * A valid `POST /api/reports` body for report number `i`: a point in 长春 (a little different per
 * report, so no two are identical), a category, a description, a contact phone, and the photos.
 */
export function reportBody(i: number, photos: Buffer[]): MultipartBody {
  const chunks = [
    field('lat', (43.85 + (i % 100) * 0.0001).toFixed(5)),
    field('lng', '125.35'),
    field('category', 'illegal_discharge'),
    field('description', `基准测试第 ${i} 份举报：河边排口排放黑色污水，气味刺鼻。`),
    field('contactPhone', '13800000000'),
    ...photos,
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ];
  return { contentType: `multipart/form-data; boundary=${BOUNDARY}`, chunks, length: chunks.reduce((n, c) => n + c.length, 0) };
}

export interface Sent {
  /** HTTP status, or 0 when no response came (the error is in `error`). */
  status: number;
  body: string;
  error?: string;
}

/**
 * Sends `body` to `${url}/api/reports` with a new Idempotency-Key through `agent` (keep-alive).
 * Never rejects: a transport error is `{ status: 0, error }`.
 */
export function postReport(url: string, body: MultipartBody, agent: Agent): Promise<Sent> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/reports`,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': body.contentType, 'Content-Length': body.length, 'Idempotency-Key': randomUUID() },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', (err) => resolve({ status: 0, body: '', error: err.message }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, body: '', error: (err as NodeJS.ErrnoException).code ?? err.message }));
    for (const chunk of body.chunks.slice(0, -1)) req.write(chunk);
    req.end(body.chunks.at(-1));
  });
}
