import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fields, gif, jpeg, png, validFields, webp } from '../api/helpers.ts';
import { type FuzzServer, filesUnder, rawRequest, startFuzzServer, storageProblems } from './support.ts';

/**
 * Disguised and hostile uploads through the real server, each refused with the right status before
 * any heavy work; file names never reach the disk; stored photos carry no metadata.
 */

const BODY_LIMIT = 2 * 1024 * 1024;
const PHOTO_LIMIT = 1024 * 1024;

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer({ REPORT_BODY_MAX_BYTES: String(BODY_LIMIT), REPORT_PHOTO_MAX_BYTES: String(PHOTO_LIMIT) });
});
afterAll(async () => server?.stop());

interface ErrorBody {
  error: { code: string; field: string | null; message: string };
}

interface Part {
  bytes: Buffer;
  name?: string;
  type?: string;
}

/** A multipart body written by hand, so file names can hold anything (NUL, backslashes, paths). */
function multipart(fields: Fields, files: Part[]) {
  const boundary = `----fuzz${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const one of v === undefined ? [] : Array.isArray(v) ? v : [v])
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${one}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${f.name ?? 'photo.jpg'}"\r\nContent-Type: ${f.type ?? 'image/jpeg'}\r\n\r\n`,
        'utf8',
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function post(files: Part[], fields: Fields = validFields()) {
  const { body, contentType } = multipart(fields, files);
  const res = await fetch(`${server.api.url}/api/reports`, { method: 'POST', body, headers: { 'Content-Type': contentType, 'Idempotency-Key': randomUUID() } });
  return { status: res.status, json: (await res.json()) as ErrorBody & { trackingNumber?: string } };
}

const reportCount = () => server.api.db.$client.prepare('SELECT count(*) FROM reports').pluck().get() as number;
const storedPhotos = () => server.api.db.$client.prepare('SELECT sha256 FROM report_photos ORDER BY id').pluck().all() as string[];
const storedPath = (sha: string) => join(server.uploadDir, sha.slice(0, 2), `${sha}.jpg`);

/** The most a loopback connection can hold in kernel buffers (receive + send maximum), plus 1 MiB of slack. */
function socketBufferBytes(): number {
  const max = (f: string) => {
    try {
      return Number(readFileSync(f, 'utf8').trim().split(/\s+/).at(-1)) || 0;
    } catch {
      return 0;
    }
  };
  const total = max('/proc/sys/net/ipv4/tcp_rmem') + max('/proc/sys/net/ipv4/tcp_wmem');
  return (total || 64 * 1024 * 1024) + 1024 * 1024;
}

/** A PNG whose header declares `w`×`h` but whose pixel data is garbage: only a header reader can size it. */
function pngHeaderOnly(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from('not deflate data at all')),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG with its frame header (SOF0) patched to declare `w`×`h`. */
async function jpegHeaderClaims(w: number, h: number): Promise<Buffer> {
  const b = Buffer.from(await jpeg(32, 32));
  const sof = b.indexOf(Buffer.from([0xff, 0xc0]));
  b.writeUInt16BE(h, sof + 5);
  b.writeUInt16BE(w, sof + 7);
  return b;
}

describe('disguised uploads are judged by their bytes', () => {
  const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
  const cases: { name: string; part: () => Promise<Part> | Part; status: number; code?: string | string[] }[] = [
    { name: 'HTML named .jpg, sent as image/jpeg', part: () => ({ bytes: html, name: 'evidence.jpg' }), status: 415, code: 'photo_type' },
    {
      name: 'SVG named .jpg',
      part: () => ({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'), name: 'river.jpg' }),
      status: 415,
      code: 'photo_type',
    },
    {
      name: 'SVG with an XML prolog, sent as image/png',
      part: () => ({
        bytes: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        name: 'a.png',
        type: 'image/png',
      }),
      status: 415,
      code: 'photo_type',
    },
    {
      name: 'a JPEG header (FF D8 FF E0 JFIF) followed by HTML',
      part: () => ({
        bytes: Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
          html,
        ]),
      }),
      status: 415,
      code: 'photo_unreadable',
    },
    // Not a PNG to a type sniffer (no IHDR) or not a readable one: 415 either way.
    {
      name: 'a PNG signature followed by HTML',
      part: () => ({ bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), html]), name: 'x.png', type: 'image/png' }),
      status: 415,
      code: ['photo_type', 'photo_unreadable'],
    },
    { name: 'a real GIF named .jpg', part: async () => ({ bytes: await gif(), name: 'a.jpg' }), status: 415, code: 'photo_type' },
    {
      name: 'a PDF named .jpg',
      part: () => ({ bytes: Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), name: 'scan.jpg' }),
      status: 415,
      code: 'photo_type',
    },
    { name: 'an empty file with a name', part: () => ({ bytes: Buffer.alloc(0), name: 'empty.jpg' }), status: 415 },
    // Type by bytes: a real image with a wrong header or name is accepted and stored as a JPEG.
    {
      name: 'a real PNG sent as text/html named page.html',
      part: async () => ({ bytes: await png(40, 30), name: 'page.html', type: 'text/html' }),
      status: 201,
    },
    {
      name: 'a real WebP sent as application/octet-stream without extension',
      part: async () => ({ bytes: await webp(40, 30), name: 'blob', type: 'application/octet-stream' }),
      status: 201,
    },
    {
      name: 'a real JPEG sent as image/svg+xml named x.svg',
      part: async () => ({ bytes: await jpeg(40, 30), name: 'x.svg', type: 'image/svg+xml' }),
      status: 201,
    },
    // A polyglot (a valid JPEG with HTML appended) decodes, so it is accepted; re-encoding drops the tail.
    { name: 'a valid JPEG with HTML appended', part: async () => ({ bytes: Buffer.concat([await jpeg(40, 30), html]) }), status: 201 },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status}${c.code ? ` ${c.code}` : ''}`, async () => {
      const before = { reports: reportCount(), files: filesUnder(server.uploadDir).length };
      const res = await post([await c.part()]);
      expect(res.status).toBe(c.status);
      if (c.status === 201) {
        expect(reportCount()).toBe(before.reports + 1);
        const stored = readFileSync(storedPath(storedPhotos().at(-1)!));
        expect((await sharp(stored).metadata()).format).toBe('jpeg');
        expect(stored.includes('<script')).toBe(false);
        expect(stored.includes('<html')).toBe(false);
      } else {
        expect(res.json.error.field).toBe('photos');
        if (c.code) expect([c.code].flat()).toContain(res.json.error.code);
        expect(reportCount()).toBe(before.reports);
        expect(filesUnder(server.uploadDir)).toHaveLength(before.files);
      }
      expect(storageProblems(server)).toEqual([]);
    });
  }
});

describe('pixel bombs are refused from the header, before decoding', () => {
  it('a 12000 × 12000 single-colour PNG (a few hundred KB that would decode to ~430 MB) → 413', { timeout: 60_000 }, async () => {
    const bomb = await sharp({ create: { width: 12000, height: 12000, channels: 3, background: '#3a5f7d' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(PHOTO_LIMIT);
    const res = await post([{ bytes: bomb, name: 'bomb.png', type: 'image/png' }]);
    expect({ status: res.status, code: res.json.error.code, field: res.json.error.field }).toEqual({
      status: 413,
      code: 'photo_too_many_pixels',
      field: 'photos',
    });
  });

  // Their pixel data is garbage: had the server decoded them, the answer would be 415 photo_unreadable.
  it.each([
    ['a PNG header declaring 12000 × 12000', () => pngHeaderOnly(12000, 12000)],
    ['a PNG header declaring 65535 × 65535', () => pngHeaderOnly(65535, 65535)],
    ['a JPEG frame header declaring 60000 × 60000', () => jpegHeaderClaims(60000, 60000)],
  ])('%s with garbage pixel data → 413, not 415', async (_name, make) => {
    const res = await post([{ bytes: await make(), name: 'x.png', type: 'image/png' }]);
    expect({ status: res.status, code: res.json.error.code }).toEqual({ status: 413, code: 'photo_too_many_pixels' });
  });

  it('a decodable bomb behind a good photo still leaves no file', async () => {
    const files = filesUnder(server.uploadDir).length;
    const res = await post([{ bytes: await jpeg(30, 30) }, { bytes: pngHeaderOnly(20000, 20000), name: 'b.png' }]);
    expect(res.status).toBe(413);
    expect(filesUnder(server.uploadDir)).toHaveLength(files);
  });
});

describe('too many files, too large files and bodies', () => {
  it('7 files → 400 too_many_photos naming photos, before any file is looked at', async () => {
    const tiny = await jpeg(8, 8);
    const seven = await post(Array.from({ length: 7 }, () => ({ bytes: tiny })));
    expect({ status: seven.status, code: seven.json.error.code, field: seven.json.error.field }).toEqual({
      status: 400,
      code: 'too_many_photos',
      field: 'photos',
    });
    // Seven disguised files get the same answer: the count is checked before any file's bytes.
    const html = await post(Array.from({ length: 7 }, () => ({ bytes: Buffer.from('<html>'), name: 'x.jpg' })));
    expect(html.json.error.code).toBe('too_many_photos');
  });

  it('one file over REPORT_PHOTO_MAX_BYTES → 413 photo_too_large', async () => {
    const big = Buffer.concat([await jpeg(8, 8), Buffer.alloc(PHOTO_LIMIT)]);
    const res = await post([{ bytes: big }]);
    expect({ status: res.status, code: res.json.error.code, field: res.json.error.field }).toEqual({ status: 413, code: 'photo_too_large', field: 'photos' });
  });

  it('a declared Content-Length over the limit → 413 at once, without reading the body', async () => {
    const res = await rawRequest(server.api.port, {
      headers: ['Content-Type: multipart/form-data; boundary=x', `Idempotency-Key: ${randomUUID()}`, `Content-Length: ${BODY_LIMIT + 1}`],
      // No body is sent at all: an answer can only come from the headers.
      timeoutMs: 5000,
    });
    expect(res.timedOut).toBe(false);
    expect(res.status, `error: ${res.error}, sent ${res.sent}`).toBe(413);
    expect(JSON.parse(res.body.toString()).error.code).toBe('body_too_large');
  });

  it('a chunked body without Content-Length → 413 once the limit is crossed; the server stops reading soon after', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const preamble = Buffer.from(`--x\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const attempt = () => {
      let first = true;
      return rawRequest(server.api.port, {
        headers: ['Content-Type: multipart/form-data; boundary=x', `Idempotency-Key: ${randomUUID()}`, 'Transfer-Encoding: chunked'],
        // An endless upload that goes on after the answer, to see when the server stops taking it.
        body: () => {
          if (!first) return framed;
          first = false;
          return Buffer.concat([Buffer.from(`${preamble.length.toString(16)}\r\n`), preamble, Buffer.from('\r\n')]);
        },
        keepSending: true,
        timeoutMs: 20_000,
      });
    };
    // A client that is still sending when the server closes can get a TCP reset that discards the
    // 413 already in its receive buffer (the request stream is cancelled by the body limit, which
    // ends the socket; the server lingers where it can, api/middleware/linger.ts). So: five uploads;
    // every one is refused promptly and none hangs, every answer that arrives is the 413, and at
    // least one client reads it.
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await attempt());
    const buffers = socketBufferBytes();
    for (const res of results) {
      expect(res.timedOut).toBe(false);
      // Refused once the limit was crossed: what the client got rid of before the answer is the
      // limit plus what the kernel's socket buffers held; then the connection was cut, not read on.
      expect(res.sent - res.sentAfterAnswer).toBeLessThan(BODY_LIMIT + buffers);
      expect(res.sentAfterAnswer).toBeLessThan(64 * 1024 * 1024 + buffers);
      if (res.status !== null) {
        expect(res.status).toBe(413);
        expect(JSON.parse(res.body.toString()).error.code).toBe('body_too_large');
        expect(res.msAfterAnswer!).toBeLessThan(10_000);
      }
    }
    const answered = results.filter((r) => r.status === 413);
    expect(answered.length).toBeGreaterThan(0);
    const res = answered[0]!;
    console.info(
      `chunked over the limit: ${answered.length}/5 clients read the 413; ${(res.sent / 1048576).toFixed(1)} MiB accepted in all, ${(res.sentAfterAnswer / 1048576).toFixed(1)} MiB after it, connection cut ${Math.round(res.msAfterAnswer!)} ms after it`,
    );
  });
});

describe('file names never reach the disk', () => {
  it('path characters, drive letters and NUL in file names: stored names are content hashes only', async () => {
    const names = [
      '../../etc/passwd.jpg',
      '..\\..\\..\\evil-backslash.jpg',
      'C:\\evil-drive.jpg',
      'evil-nul\u0000.jpg',
      '/tmp/evil-absolute.jpg',
      '..%2f..%2fevil-encoded.jpg',
      '....//evil-dots.jpg',
    ];
    const photos = await Promise.all(names.map(async (name, i) => ({ bytes: await jpeg(20 + i, 20), name })));
    const before = new Set(storedPhotos());
    const res = await post(photos.slice(0, 6));
    expect(res.status).toBe(201);
    const res2 = await post(photos.slice(6));
    expect(res2.status).toBe(201);
    const added = storedPhotos().filter((s) => !before.has(s));
    expect(added).toHaveLength(7);
    for (const sha of added) expect(filesUnder(server.uploadDir)).toContain(`${sha.slice(0, 2)}/${sha}.jpg`);
    expect(storageProblems(server)).toEqual([]);
    // Nothing anywhere in the server's folder, and nothing in the database, carries a file name.
    const everything = filesUnder(server.dir);
    expect(everything.filter((f) => /evil|passwd/.test(f))).toEqual([]);
    expect(everything.every((f) => /^(portal\.db(-wal|-shm)?|uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg)$/.test(f))).toBe(true);
    const dump = Buffer.from(server.api.db.$client.serialize());
    for (const n of ['passwd', 'evil']) expect(dump.includes(n)).toBe(false);
  });
});

describe('stored photos carry no EXIF, XMP, GPS, ICC or IPTC', () => {
  const XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/"><dc:creator>CANARY-XMP-CREATOR</dc:creator><exif:GPSLatitude>43,51.0N</exif:GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const EXIF = {
    IFD0: { Make: 'CanaryPhone', Model: 'CANARY-MODEL', ImageDescription: 'CANARY-EXIF-DESCRIPTION', Artist: 'CANARY-ARTIST' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '125/1 21/1 0/1', GPSAltitude: '200/1' },
  };
  const CANARIES = ['CanaryPhone', 'CANARY-MODEL', 'CANARY-EXIF-DESCRIPTION', 'CANARY-ARTIST', 'CANARY-XMP-CREATOR', 'CANARY-IPTC'];

  /** An APP13 "Photoshop 3.0" segment with an IPTC caption (8BIM resource 0x0404), spliced in after SOI. */
  function withIptc(jpegBytes: Buffer): Buffer {
    const caption = Buffer.from('CANARY-IPTC caption');
    const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 0x78, 0x00, caption.length]), caption]);
    const resource = Buffer.concat([
      Buffer.from('8BIM'),
      Buffer.from([0x04, 0x04, 0x00, 0x00]),
      Buffer.from([0, 0, 0, iptc.length]),
      iptc,
      iptc.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0),
    ]);
    const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0'), resource]);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(payload.length + 2);
    return Buffer.concat([jpegBytes.subarray(0, 2), Buffer.from([0xff, 0xed]), len, payload, jpegBytes.subarray(2)]);
  }

  /** The APPn markers of a JPEG (0xE0–0xEF) in order: where EXIF (E1), XMP (E1), ICC (E2) and IPTC (ED) live. */
  function appMarkers(b: Buffer): number[] {
    const out: number[] = [];
    for (let i = 2; i + 4 <= b.length && b[i] === 0xff; ) {
      const marker = b[i + 1]!;
      if (marker === 0xda) break; // start of scan: no more metadata segments
      if (marker >= 0xe0 && marker <= 0xef) out.push(marker);
      i += 2 + b.readUInt16BE(i + 2);
    }
    return out;
  }

  it.each(['jpeg', 'png', 'webp'] as const)('a %s with EXIF (GPS, device), XMP, an ICC profile (and IPTC for JPEG) → stored bare', async (format) => {
    const base = sharp({ create: { width: 300, height: 200, channels: 3, background: '#4a6b8a' } })
      .withExif(EXIF)
      .withXmp(XMP)
      .withIccProfile('p3');
    let bytes: Buffer = format === 'jpeg' ? await base.jpeg().toBuffer() : format === 'png' ? await base.png().toBuffer() : await base.webp().toBuffer();
    if (format === 'jpeg') bytes = withIptc(bytes);
    // The upload really carries all of it.
    const inMeta = await sharp(bytes).metadata();
    expect(inMeta.exif).toBeDefined();
    expect(inMeta.xmp).toBeDefined();
    expect(inMeta.icc).toBeDefined();
    if (format === 'jpeg') {
      expect(inMeta.iptc).toBeDefined();
      // The segment reader sees what it must not find later: APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC).
      expect(appMarkers(bytes)).toEqual(expect.arrayContaining([0xe1, 0xe2, 0xed]));
    }
    expect(inMeta.xmp!.toString()).toContain('CANARY-XMP-CREATOR');
    expect(inMeta.exif!.includes('CanaryPhone')).toBe(true);

    const before = new Set(storedPhotos());
    const res = await post([{ bytes, name: `meta.${format}`, type: `image/${format}` }]);
    expect(res.status).toBe(201);
    const [sha] = storedPhotos().filter((s) => !before.has(s));
    const stored = readFileSync(storedPath(sha!));

    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc, orientation: meta.orientation }).toEqual({
      exif: undefined,
      xmp: undefined,
      iptc: undefined,
      icc: undefined,
      orientation: undefined,
    });
    // Raw bytes: no APP1 (Exif/XMP), APP2 (ICC) or APP13 (IPTC) segment; only the JFIF header at most.
    expect(appMarkers(stored).filter((m) => m !== 0xe0)).toEqual([]);
    for (const needle of ['Exif\0', 'http://ns.adobe.com/xap', 'http://ns.adobe.com/', 'ICC_PROFILE', 'Photoshop 3.0', '8BIM', ...CANARIES]) {
      expect(stored.includes(needle), needle).toBe(false);
    }
  });
});
