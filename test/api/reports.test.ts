import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openContact } from '../../api/reports/contact.ts';
import { fingerprint } from '../../api/reports/idempotency.ts';
import { reportFormSchema } from '../../api/reports/schemas.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import {
  count,
  filesUnder,
  form,
  gif,
  jpeg,
  makeTestApp,
  outfallRecord,
  png,
  postReport,
  publishOutfalls,
  TEST_CONTACT_KEY,
  type TestApp,
  validFields,
  webp,
} from './helpers.ts';

let t: TestApp;
afterEach(() => t?.cleanup());

interface ErrorBody {
  error: { code: string; message: string; field: string | null; issues?: { code: string; field: string }[] };
}

async function expectError(res: Response, status: number, code: string, field?: string | null) {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  if (field !== undefined) expect(body.error.field).toBe(field);
  expect(body.error.message).toMatch(/\p{Script=Han}/u);
  return body;
}

describe('POST /api/reports: a valid report', () => {
  it('answers 201 with tracking number, query code, county and bureau, and stores one report', async () => {
    t = makeTestApp();
    const res = await postReport(
      t,
      form(validFields({ locationSource: 'gps' }), [{ bytes: await jpeg() }, { bytes: await png(), name: 'b.png', type: 'image/png' }]),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      trackingNumber: 'JL2026-000001',
      county: { adcode: '220102', name: '南关区', cityName: '长春市', bureau: '长春市生态环境局南关区分局' },
      status: 'received',
      receivedAt: '2026-05-01T02:00:00.000Z',
    });
    expect(body.queryCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const row = t.db.$client.prepare('SELECT * FROM reports').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      tracking_number: 'JL2026-000001',
      status: 'received',
      county_adcode: '220102',
      routing_rule: 'point_in_polygon',
      routed_county_adcode: '220102',
      point_county_adcode: '220102',
      near_border: '[]',
      location_source: 'gps',
      // No delivery contact is configured in this app: the county's staff inbox is the delivery.
      delivery_state: 'inbox_only',
    });
    expect(row.query_code_hash).not.toContain(body.queryCode as string);
    expect(count(t, 'report_photos')).toBe(2);
    expect(count(t, 'report_events')).toBe(1);
    expect(count(t, 'report_contacts')).toBe(0);
    expect(filesUnder(t.uploadDir).filter((f) => f.endsWith('.jpg'))).toHaveLength(2);
    expect(filesUnder(join(t.uploadDir, 'tmp'))).toEqual([]);
  });

  it('numbers reports per year in China time, gapless', async () => {
    t = makeTestApp();
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) numbers.push(((await (await postReport(t, form(validFields()))).json()) as { trackingNumber: string }).trackingNumber);
    // 2026-12-31T16:30Z is already 2027-01-01 00:30 in Beijing.
    t.advance(Date.parse('2026-12-31T16:30:00Z') - t.now().getTime());
    numbers.push(((await (await postReport(t, form(validFields()))).json()) as { trackingNumber: string }).trackingNumber);
    expect(numbers).toEqual(['JL2026-000001', 'JL2026-000002', 'JL2026-000003', 'JL2027-000001']);
  });

  it('accepts JPEG, PNG and WebP judged by their bytes, whatever name and type the part claims', async () => {
    t = makeTestApp();
    const photos = [
      { bytes: await jpeg(), name: 'x.png', type: 'image/png' },
      { bytes: await png(), name: 'y.gif', type: 'application/octet-stream' },
      { bytes: await webp(), name: 'z', type: 'text/plain' },
    ];
    const res = await postReport(t, form(validFields(), photos));
    expect(res.status).toBe(201);
    for (const f of filesUnder(t.uploadDir)) {
      const meta = await sharp(join(t.uploadDir, f)).metadata();
      expect(meta.format).toBe('jpeg');
    }
  });

  it('ignores the empty part an untouched file input sends', async () => {
    t = makeTestApp();
    // As a browser sends it: a part with filename="" and no bytes.
    const boundary = '----browser';
    const parts = Object.entries(validFields()).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${boundary}--\r\n`,
    );
    expect((await postReport(t, parts.join(''), { 'Content-Type': `multipart/form-data; boundary=${boundary}` })).status).toBe(201);
    // And as undici sends it (no filename at all: parsed as an empty text value).
    const f = form(validFields());
    f.append('photos', new File([], '', { type: 'application/octet-stream' }));
    expect((await postReport(t, f)).status).toBe(201);
    expect(count(t, 'report_photos')).toBe(0);
  });
});

describe('POST /api/reports: photos are re-encoded', () => {
  it('drops EXIF (GPS, device), applies the orientation and bounds the long edge to 2048 px', async () => {
    t = makeTestApp();
    const original = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#4a6b8a' } })
      .jpeg()
      .withExif({
        IFD0: { ImageDescription: 'CANARY-EXIF-DESCRIPTION', Make: 'CanaryPhone', Model: 'CP-1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '125/1 21/1 0/1' },
      })
      .toBuffer();
    const rotated = await sharp(original).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const inMeta = await sharp(rotated).metadata();
    // The test photo really carries what must go: EXIF with a GPS IFD pointer (tag 0x8825) and an orientation.
    expect(inMeta.exif).toBeDefined();
    expect(inMeta.orientation).toBe(6);
    expect(original.includes('CANARY-EXIF-DESCRIPTION')).toBe(true);
    const gpsTag = (b: Buffer) => b.includes(Buffer.from([0x88, 0x25])) || b.includes(Buffer.from([0x25, 0x88]));
    expect(gpsTag((await sharp(original).metadata()).exif!)).toBe(true);

    const res = await postReport(t, form(validFields(), [{ bytes: original }, { bytes: rotated }]));
    expect(res.status).toBe(201);
    const rows = t.db.$client.prepare('SELECT sha256, width, height, bytes FROM report_photos ORDER BY position').all() as {
      sha256: string;
      width: number;
      height: number;
      bytes: number;
    }[];
    expect(rows.map((r) => [r.width, r.height])).toEqual([
      [2048, 1365],
      [1365, 2048],
    ]);
    for (const r of rows) {
      const path = join(t.uploadDir, r.sha256.slice(0, 2), `${r.sha256}.jpg`);
      const stored = readFileSync(path);
      expect(createHash('sha256').update(stored).digest('hex')).toBe(r.sha256);
      expect(stored.length).toBe(r.bytes);
      const meta = await sharp(stored).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(stored.includes('CANARY')).toBe(false);
    }
  });
});

describe('POST /api/reports: every refusal names its field with a stable code and a Chinese message', () => {
  const long = '很'.repeat(2001);
  const cases: { name: string; fields: Record<string, string | string[] | undefined>; status: number; code: string; field: string }[] = [
    { name: 'missing lat', fields: { lat: undefined }, status: 400, code: 'required', field: 'lat' },
    { name: 'lat above 90', fields: { lat: '91' }, status: 400, code: 'invalid_lat', field: 'lat' },
    { name: 'lat NaN', fields: { lat: 'NaN' }, status: 400, code: 'invalid_lat', field: 'lat' },
    { name: 'lat Infinity', fields: { lat: 'Infinity' }, status: 400, code: 'invalid_lat', field: 'lat' },
    { name: 'lat in exponent form', fields: { lat: '4.3e1' }, status: 400, code: 'invalid_lat', field: 'lat' },
    { name: 'lat empty', fields: { lat: '' }, status: 400, code: 'invalid_lat', field: 'lat' },
    { name: 'lng text', fields: { lng: 'east' }, status: 400, code: 'invalid_lng', field: 'lng' },
    { name: 'lng below -180', fields: { lng: '-180.5' }, status: 400, code: 'invalid_lng', field: 'lng' },
    { name: 'lat sent twice', fields: { lat: ['43.85', '43.86'] }, status: 400, code: 'duplicate_field', field: 'lat' },
    { name: 'missing category', fields: { category: undefined }, status: 400, code: 'required', field: 'category' },
    { name: 'unknown category', fields: { category: 'noise' }, status: 400, code: 'invalid_category', field: 'category' },
    { name: 'missing description', fields: { description: undefined }, status: 400, code: 'required', field: 'description' },
    { name: 'blank description', fields: { description: '   ' }, status: 400, code: 'required', field: 'description' },
    { name: 'short description', fields: { description: '有污水' }, status: 400, code: 'description_too_short', field: 'description' },
    { name: 'long description', fields: { description: long }, status: 400, code: 'description_too_long', field: 'description' },
    { name: 'control character', fields: { description: '河边有污水\u0007排放' }, status: 400, code: 'control_characters', field: 'description' },
    { name: 'bidi override', fields: { description: '河边有污水\u202E排放' }, status: 400, code: 'control_characters', field: 'description' },
    { name: 'malformed outfall code', fields: { outfallCode: 'ab/../c' }, status: 400, code: 'invalid_outfall_code', field: 'outfallCode' },
    { name: 'unknown outfall', fields: { outfallCode: 'NO-SUCH-0001' }, status: 400, code: 'unknown_outfall', field: 'outfallCode' },
    { name: 'bad phone', fields: { contactPhone: '12345' }, status: 400, code: 'invalid_phone', field: 'contactPhone' },
    { name: 'long contact name', fields: { contactName: '名'.repeat(41) }, status: 400, code: 'contact_name_too_long', field: 'contactName' },
    { name: 'bad location source', fields: { locationSource: 'satellite' }, status: 400, code: 'invalid_location_source', field: 'locationSource' },
    { name: 'photos as text', fields: { photos: 'not-a-file' }, status: 400, code: 'invalid_photo', field: 'photos' },
    { name: 'outside Jilin (沈阳)', fields: { lat: '41.80', lng: '123.43' }, status: 422, code: 'outside_province', field: 'location' },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      t = makeTestApp();
      const res = await postReport(t, form(validFields(c.fields)));
      await expectError(res, c.status, c.code, c.field);
      expect(count(t, 'reports')).toBe(0);
      expect(count(t, 'idempotency_keys')).toBe(0);
    });
  }

  it('lists every bad field under issues, in form order', async () => {
    t = makeTestApp();
    const body = await expectError(await postReport(t, form(validFields({ lat: 'x', category: 'y', contactPhone: '1' }))), 400, 'invalid_lat', 'lat');
    expect(body.error.issues?.map((i) => [i.field, i.code])).toEqual([
      ['lat', 'invalid_lat'],
      ['category', 'invalid_category'],
      ['contactPhone', 'invalid_phone'],
    ]);
  });

  it('the outside-province message names the national 12369 channel', async () => {
    t = makeTestApp();
    const body = await expectError(await postReport(t, form(validFields({ lat: '45.75', lng: '126.63' }))), 422, 'outside_province');
    expect(body.error.message).toContain('12369');
  });

  it('more than 6 photos → 400 too_many_photos', async () => {
    t = makeTestApp();
    const photo = await jpeg(16, 16);
    await expectError(
      await postReport(
        t,
        form(
          validFields(),
          Array.from({ length: 7 }, () => ({ bytes: photo })),
        ),
      ),
      400,
      'too_many_photos',
      'photos',
    );
  });

  it('missing or malformed Idempotency-Key → 400, before the body is read', async () => {
    t = makeTestApp();
    await expectError(await postReport(t, form(validFields()), {}, null), 400, 'idempotency_key_missing', 'Idempotency-Key');
    await expectError(await postReport(t, form(validFields()), {}, 'not-a-uuid'), 400, 'idempotency_key_invalid', 'Idempotency-Key');
  });

  it('a body that is not multipart → 415; a broken multipart body → 400', async () => {
    t = makeTestApp();
    await expectError(await postReport(t, JSON.stringify({ lat: 1 }), { 'Content-Type': 'application/json' }), 415, 'not_multipart');
    await expectError(await postReport(t, '--nope\r\ngarbage', { 'Content-Type': 'multipart/form-data; boundary=xyz' }), 400, 'malformed_body');
    expect(count(t, 'reports')).toBe(0);
  });
});

describe('POST /api/reports: photos judged by their bytes', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    // 12000 × 12000 = 144 MP of one colour: ~0.4 MB of PNG that would decode to ~430 MB.
    bomb = await sharp({ create: { width: 12000, height: 12000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
  });

  const disguised: { name: string; bytes: () => Promise<Buffer> | Buffer; code: string; status: number }[] = [
    {
      name: 'HTML named .jpg',
      bytes: () => Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      status: 415,
      code: 'photo_type',
    },
    {
      name: 'SVG named .jpg',
      bytes: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
      status: 415,
      code: 'photo_type',
    },
    { name: 'a real GIF', bytes: gif, status: 415, code: 'photo_type' },
    {
      name: 'a JPEG header followed by HTML',
      bytes: () =>
        Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
          Buffer.from('<html><body>hi</body></html>'.repeat(20)),
        ]),
      status: 415,
      code: 'photo_unreadable',
    },
    { name: 'a truncated JPEG', bytes: async () => (await jpeg(256, 256)).subarray(0, 600), status: 415, code: 'photo_unreadable' },
  ];

  for (const d of disguised) {
    it(`${d.name} → ${d.status} ${d.code}`, async () => {
      t = makeTestApp();
      const res = await postReport(t, form(validFields(), [{ bytes: await jpeg() }, { bytes: await d.bytes(), name: 'evidence.jpg', type: 'image/jpeg' }]));
      const body = await expectError(res, d.status, d.code, 'photos');
      expect(body.error.message).toContain('第 2 张');
      expect(count(t, 'reports')).toBe(0);
      expect(filesUnder(t.uploadDir)).toEqual([]);
    });
  }

  it('a pixel bomb (12000 × 12000 PNG) → 413 before it is decoded', async () => {
    t = makeTestApp();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectError(await postReport(t, form(validFields(), [{ bytes: bomb, name: 'bomb.png', type: 'image/png' }])), 413, 'photo_too_many_pixels', 'photos');
    expect(filesUnder(t.uploadDir)).toEqual([]);
  });

  it('a file over REPORT_PHOTO_MAX_BYTES → 413 photo_too_large', async () => {
    t = makeTestApp({ REPORT_PHOTO_MAX_BYTES: String(64 * 1024) });
    const big = await jpeg(400, 400);
    expect(big.length).toBeGreaterThan(64 * 1024);
    await expectError(await postReport(t, form(validFields(), [{ bytes: big }])), 413, 'photo_too_large', 'photos');
  });

  it('a body over REPORT_BODY_MAX_BYTES → 413, with or without Content-Length', async () => {
    t = makeTestApp({ REPORT_BODY_MAX_BYTES: String(64 * 1024) });
    const big = await jpeg(400, 400);
    const f = form(validFields(), [{ bytes: big }]);
    // With a declared length (undici computes it for FormData): refused from the header alone.
    const declared = new Request('http://x/api/reports', { method: 'POST', body: f });
    const bytes = new Uint8Array(await declared.arrayBuffer());
    const headers = { 'Content-Type': declared.headers.get('content-type')!, 'Idempotency-Key': randomUUID() };
    await expectError(
      await t.app.request('/api/reports', { method: 'POST', body: bytes, headers: { ...headers, 'Content-Length': String(bytes.length) } }),
      413,
      'body_too_large',
    );
    // Chunked, no length: refused once the limit is passed while streaming.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(sent, sent + 8192));
        sent += 8192;
      },
    });
    const res = await t.app.request(new Request('http://x/api/reports', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit));
    await expectError(res, 413, 'body_too_large');
    expect(sent).toBeLessThan(bytes.length);
    expect(count(t, 'reports')).toBe(0);
  });
});

describe('Idempotency-Key: exactly once', () => {
  it('a retry with the same key and content returns the stored response and creates nothing', async () => {
    t = makeTestApp();
    const key = randomUUID();
    const photos = [{ bytes: await jpeg() }];
    const first = await postReport(t, form(validFields({ contactPhone: '13800001111' }), photos), {}, key);
    const firstBody = await first.json();
    t.advance(60_000);
    const again = await postReport(t, form(validFields({ contactPhone: '13800001111' }), photos), {}, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect([count(t, 'reports'), count(t, 'report_photos'), count(t, 'report_events'), count(t, 'report_contacts')]).toEqual([1, 1, 1, 1]);
  });

  it('the same key with different content → 422 and nothing created', async () => {
    t = makeTestApp();
    const key = randomUUID();
    expect((await postReport(t, form(validFields()), {}, key)).status).toBe(201);
    await expectError(
      await postReport(t, form(validFields({ description: '另一件事：河面漂着油污。' })), {}, key),
      422,
      'idempotency_key_reused',
      'Idempotency-Key',
    );
    await expectError(await postReport(t, form(validFields(), [{ bytes: await jpeg() }]), {}, key), 422, 'idempotency_key_reused');
    expect(count(t, 'reports')).toBe(1);
  });

  it('a retry while the first is still processing → 409 with Retry-After, nothing created', async () => {
    t = makeTestApp();
    const key = randomUUID();
    const fields = validFields();
    // The first request has claimed the key and is decoding photos (the claim row is what it leaves).
    const parsed = reportFormSchema.parse({ ...fields, photos: undefined });
    t.db.$client
      .prepare("INSERT INTO idempotency_keys (key, fingerprint, state, created_at) VALUES (?, ?, 'processing', ?)")
      .run(key, fingerprint(parsed, []), t.now().toISOString());
    const res = await postReport(t, form(fields), {}, key);
    await expectError(res, 409, 'request_in_progress', 'Idempotency-Key');
    expect(res.headers.get('Retry-After')).toBe('2');
    expect(count(t, 'reports')).toBe(0);
    // A claim left by a process that died is taken over once stale.
    t.advance(6 * 60_000);
    expect((await postReport(t, form(fields), {}, key)).status).toBe(201);
  });

  it('concurrent identical requests create one report', async () => {
    t = makeTestApp();
    const key = randomUUID();
    const photos = [{ bytes: await jpeg(1200, 900) }, { bytes: await jpeg(1200, 900) }];
    const responses = await Promise.all(Array.from({ length: 5 }, () => postReport(t, form(validFields(), photos), {}, key)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const bodies = await Promise.all(responses.filter((r) => r.status === 201).map((r) => r.json()));
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(count(t, 'reports')).toBe(1);
    expect(count(t, 'report_photos')).toBe(2);
  });

  it('the stored response is sealed: the database never shows a query code', async () => {
    t = makeTestApp();
    const body = (await (await postReport(t, form(validFields()))).json()) as { queryCode: string };
    const dump =
      JSON.stringify(t.db.$client.prepare('SELECT * FROM idempotency_keys').all()) + JSON.stringify(t.db.$client.prepare('SELECT * FROM reports').all());
    expect(dump).not.toContain(body.queryCode);
  });
});

describe('201 only after commit; a failure leaves no row and no file', () => {
  const failingTables = ['report_photos', 'report_contacts', 'report_events', 'idempotency_keys'];
  for (const table of failingTables) {
    it(`a write to ${table} failing inside the transaction (after the photo files were written) leaves nothing`, async () => {
      t = makeTestApp();
      const op = table === 'idempotency_keys' ? 'UPDATE' : 'INSERT';
      t.db.$client.exec(
        `CREATE TRIGGER fail_${table} BEFORE ${op} ON ${table} ${op === 'UPDATE' ? "WHEN NEW.state = 'done'" : ''} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      );
      const key = randomUUID();
      const fields = validFields({ contactName: '王测试', contactPhone: '13912345678' });
      const photos = [{ bytes: await jpeg(800, 600) }, { bytes: await png(300, 200), type: 'image/png' }];
      const res = await postReport(t, form(fields, photos), {}, key);
      await expectError(res, 500, 'internal');
      for (const tb of ['reports', 'report_photos', 'report_contacts', 'report_events', 'idempotency_keys', 'report_sequences'])
        expect(count(t, tb), tb).toBe(0);
      expect(filesUnder(t.uploadDir)).toEqual([]);
      // The claim was released: once the fault is gone the same key goes through.
      t.db.$client.exec(`DROP TRIGGER fail_${table}`);
      const retry = await postReport(t, form(fields, photos), {}, key);
      expect(retry.status).toBe(201);
      expect(((await retry.json()) as { trackingNumber: string }).trackingNumber).toBe('JL2026-000001');
      expect(filesUnder(t.uploadDir).filter((f) => f.endsWith('.jpg'))).toHaveLength(2);
    });
  }

  it('a failure writing a photo file leaves no row and no file', async () => {
    t = makeTestApp();
    // tmp/ replaced by a plain file: every photo write fails.
    rmSync(join(t.uploadDir, 'tmp'), { recursive: true, force: true });
    writeFileSync(join(t.uploadDir, 'tmp'), 'not a folder');
    const res = await postReport(t, form(validFields(), [{ bytes: await jpeg() }, { bytes: await jpeg() }]));
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(count(t, 'reports')).toBe(0);
    expect(count(t, 'idempotency_keys')).toBe(0);
    expect(filesUnder(t.uploadDir)).toEqual(['tmp']);
  });

  it('a database locked by another writer past the busy timeout → 503 busy with Retry-After, nothing partial', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-busy-'));
    const path = join(dir, 'portal.db');
    t = makeTestApp({}, { db: buildDb(path, { busyTimeoutMs: 100 }), dir });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const key = randomUUID();
    const res = await postReport(t, form(validFields(), [{ bytes: await jpeg() }]), {}, key);
    await expectError(res, 503, 'busy');
    expect(res.headers.get('Retry-After')).toBe('2');
    other.exec('ROLLBACK');
    other.close();
    expect(count(t, 'reports')).toBe(0);
    expect(filesUnder(t.uploadDir)).toEqual([]);
    expect((await postReport(t, form(validFields(), [{ bytes: await jpeg() }]), {}, key)).status).toBe(201);
  });

  it('a failed report does not delete a photo file that a committed report shares', async () => {
    t = makeTestApp();
    const photo = await jpeg(300, 300);
    expect((await postReport(t, form(validFields(), [{ bytes: photo }]))).status).toBe(201);
    const before = filesUnder(t.uploadDir);
    t.db.$client.exec("CREATE TRIGGER fail BEFORE INSERT ON report_events BEGIN SELECT RAISE(ABORT, 'injected'); END");
    expect((await postReport(t, form(validFields(), [{ bytes: photo }]))).status).toBe(500);
    expect(filesUnder(t.uploadDir)).toEqual(before);
  });

  it('start-up recovery removes orphan files and temp files and releases dead claims', async () => {
    t = makeTestApp();
    expect((await postReport(t, form(validFields(), [{ bytes: await jpeg() }]))).status).toBe(201);
    const kept = filesUnder(t.uploadDir);
    const orphan = join(t.uploadDir, 'ab', `${'ab'.padEnd(64, '0')}.jpg`);
    rmSync(join(t.uploadDir, 'ab'), { recursive: true, force: true });
    writeFileSync(join(t.uploadDir, 'tmp', 'half-written.jpg'), 'x');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(t.uploadDir, 'ab'), { recursive: true });
    writeFileSync(orphan, 'x');
    t.db.$client.prepare("INSERT INTO idempotency_keys (key, fingerprint, state, created_at) VALUES ('dead', 'f', 'processing', '2026-05-01T01:00:00Z')").run();
    const restarted = makeTestApp({}, { db: t.db, dir: t.dir });
    expect(filesUnder(restarted.uploadDir)).toEqual(kept);
    expect(count(restarted, 'idempotency_keys')).toBe(1);
    expect(restarted.logs.some((l) => l.includes('storage.recovered'))).toBe(true);
  });
});

describe('privacy: contact data never leaves the bureau', () => {
  it('is sealed in its own table and absent from logs, responses and the public lookup', async () => {
    t = makeTestApp();
    const name = '金丝雀测试人';
    const phone = '13987654321';
    const res = await postReport(t, form(validFields({ contactName: name, contactPhone: '139 8765 4321' }), [{ bytes: await jpeg() }]));
    const text = await res.text();
    expect(res.status).toBe(201);
    const { trackingNumber, queryCode } = JSON.parse(text) as { trackingNumber: string; queryCode: string };
    const lookup = await (await t.app.request(`/api/reports/${trackingNumber}?code=${queryCode}`, { headers: { 'X-Forwarded-For': '198.51.100.7' } })).text();
    // Refusals never echo it either.
    const refused = await (await postReport(t, form(validFields({ contactName: name, contactPhone: `${phone}999` })))).text();
    const everything = [text, lookup, refused, ...t.logs].join('\n');
    expect(everything).not.toContain(name);
    expect(everything).not.toContain(phone);
    expect(t.logs.join('\n')).not.toContain(queryCode);
    expect(t.logs.join('\n')).not.toContain('198.51.100.7');
    expect(t.logs.some((l) => l.includes('198.51.100.x'))).toBe(true);

    const row = t.db.$client.prepare('SELECT * FROM report_contacts').get() as { sealed: string };
    expect(JSON.stringify(t.db.$client.prepare('SELECT * FROM reports').all())).not.toContain(phone);
    expect(row.sealed).not.toContain(phone);
    expect(openContact(Buffer.from(TEST_CONTACT_KEY, 'hex'), row.sealed, trackingNumber)).toEqual({ name, phone });
    expect(() => openContact(Buffer.from(TEST_CONTACT_KEY, 'hex'), row.sealed, 'JL2026-999999')).toThrow();
  });
});

describe('GET /api/reports/:trackingNumber', () => {
  async function created(tt: TestApp) {
    return (await (await postReport(tt, form(validFields({ contactPhone: '13800002222' })))).json()) as { trackingNumber: string; queryCode: string };
  }
  const get = (tt: TestApp, path: string, client = '198.51.100.7') => tt.app.request(path, { headers: { 'X-Forwarded-For': client } });

  it('shows status and the public timeline (status changes and public replies), not internal notes', async () => {
    t = makeTestApp();
    const { trackingNumber, queryCode } = await created(t);
    const id = (t.db.$client.prepare('SELECT id FROM reports').get() as { id: number }).id;
    const ev = t.db.$client.prepare('INSERT INTO report_events (report_id, type, actor, public, status, note, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    ev.run(id, 'status_changed', 'staff:1', 1, 'accepted', null, null, '2026-05-02T01:00:00.000Z');
    ev.run(id, 'internal_note', 'staff:1', 0, null, 'INTERNAL-NOTE-CANARY', null, '2026-05-02T02:00:00.000Z');
    ev.run(id, 'transferred', 'staff:1', 1, null, null, JSON.stringify({ from: '220102', to: '220104' }), '2026-05-02T03:00:00.000Z');
    ev.run(id, 'public_reply', 'staff:2', 1, 'concluded', '经现场核查，已责令停止排放。', JSON.stringify({ county: '220104' }), '2026-05-03T01:00:00.000Z');
    t.db.$client.prepare("UPDATE reports SET status = 'concluded', county_adcode = '220104', updated_at = '2026-05-03T01:00:00.000Z'").run();

    const res = await get(t, `/api/reports/${trackingNumber.toLowerCase()}?code=${queryCode.toLowerCase().replace(/(....)/, '$1-')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as { timeline: { type: string; label: string; reply?: string }[] } & Record<string, unknown>;
    expect(body).toMatchObject({
      trackingNumber,
      status: 'concluded',
      statusLabel: '已办结',
      category: { key: 'illegal_discharge', name: '偷排/超标排放' },
      county: { adcode: '220104', name: '朝阳区' },
    });
    expect(body.timeline.map((e) => e.type)).toEqual(['received', 'status_changed', 'transferred', 'public_reply']);
    expect(body.timeline.map((e) => e.label)).toEqual([
      '举报已提交，转交长春市生态环境局南关区分局办理',
      '状态变为：已受理',
      '转交长春市生态环境局朝阳区分局办理',
      '长春市生态环境局朝阳区分局答复',
    ]);
    expect(body.timeline[3]!.reply).toBe('经现场核查，已责令停止排放。');
    const text = JSON.stringify(body);
    for (const secret of ['INTERNAL-NOTE-CANARY', '13800002222', 'description', 'lat', 'lng', '排黑色污水']) expect(text).not.toContain(secret);
  });

  it('a wrong code, an unknown number and a malformed number answer exactly alike', async () => {
    t = makeTestApp();
    const { trackingNumber, queryCode } = await created(t);
    const wrong = queryCode === 'ABCDEFGH' ? 'HGFEDCBA' : 'ABCDEFGH';
    const answers = await Promise.all(
      [`/api/reports/${trackingNumber}?code=${wrong}`, `/api/reports/JL2026-000999?code=${queryCode}`, `/api/reports/nonsense?code=${queryCode}`].map(
        async (p) => {
          const r = await get(t, p);
          return { status: r.status, body: await r.text() };
        },
      ),
    );
    expect(answers[0]!.status).toBe(404);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('a missing or malformed code → 400 invalid_code', async () => {
    t = makeTestApp();
    await expectError(await get(t, '/api/reports/JL2026-000001'), 400, 'invalid_code', 'code');
    await expectError(await get(t, '/api/reports/JL2026-000001?code=!!'), 400, 'invalid_code', 'code');
  });
});

describe('rate limits per client', () => {
  it('POST: over REPORT_RATE_LIMIT in the window → 429 with Retry-After; other clients and the next window pass', async () => {
    t = makeTestApp({ REPORT_RATE_LIMIT: '2', REPORT_RATE_WINDOW_S: '600' });
    const from = (ip: string) => postReport(t, form(validFields()), { 'X-Forwarded-For': `10.9.9.9, ${ip}` });
    expect((await from('203.0.113.1')).status).toBe(201);
    expect((await from('203.0.113.1')).status).toBe(201);
    const limited = await from('203.0.113.1');
    await expectError(limited, 429, 'rate_limited');
    expect(limited.headers.get('Retry-After')).toBe('600');
    expect((await from('203.0.113.2')).status).toBe(201);
    t.advance(600_000);
    expect((await from('203.0.113.1')).status).toBe(201);
    expect(count(t, 'reports')).toBe(4);
  });

  it('lookups: over LOOKUP_RATE_LIMIT → 429 even with the right code', async () => {
    t = makeTestApp({ LOOKUP_RATE_LIMIT: '3', LOOKUP_RATE_WINDOW_S: '60' });
    const { trackingNumber, queryCode } = (await (await postReport(t, form(validFields()))).json()) as { trackingNumber: string; queryCode: string };
    const look = () => t.app.request(`/api/reports/${trackingNumber}?code=${queryCode}`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    for (let i = 0; i < 3; i++) expect((await look()).status).toBe(200);
    const res = await look();
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});

describe('reports naming an outfall', () => {
  it("route to the outfall's county and record a disagreement with the point", async () => {
    t = makeTestApp();
    publishOutfalls(t, [outfallRecord({ code: 'TEST-220104-0001', countyAdcode: '220104', countyName: '朝阳区', lng: 125.29, lat: 43.83 })]);
    const res = await postReport(t, form(validFields({ outfallCode: ' test-220104-0001 ' })));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { county: { name: string } }).county.name).toBe('朝阳区');
    expect(t.db.$client.prepare('SELECT outfall_code, county_adcode, routing_rule, point_county_adcode, outfall_county_mismatch FROM reports').get()).toEqual({
      outfall_code: 'TEST-220104-0001',
      county_adcode: '220104',
      routing_rule: 'outfall_county',
      point_county_adcode: '220102',
      outfall_county_mismatch: 1,
    });
  });
});

describe('other endpoints', () => {
  it('GET /api/report-categories lists the categories as data', async () => {
    t = makeTestApp();
    const body = (await (await t.app.request('/api/report-categories')).json()) as { key: string; name: string }[];
    expect(body.map((c) => c.name)).toEqual([
      '偷排/超标排放',
      '借道排污或暗管',
      '旱天雨洪排口出水',
      '水体颜色气味异常',
      '标识牌缺失或损坏',
      '已取缔排污口仍在排放',
      '其他',
    ]);
    expect(new Set(body.map((c) => c.key)).size).toBe(7);
  });

  it('GET /api/counties lists the 60 county-level units with their bureaus', async () => {
    t = makeTestApp();
    const body = (await (await t.app.request('/api/counties')).json()) as { adcode: string; bureau: string }[];
    expect(body).toHaveLength(60);
    expect(body.find((c) => c.adcode === '220184')?.bureau).toBe('长春市生态环境局公主岭市分局');
    expect(body.find((c) => c.adcode === '222401')?.bureau).toBe('延边朝鲜族自治州生态环境局延吉市分局');
  });

  it('GET /api/openapi.json describes the endpoints from the zod schemas', async () => {
    t = makeTestApp();
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required: string[]; properties: Record<string, unknown> } }> } }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    // Every route the app registers is described (the document covers the whole API).
    const registered = t.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/open311/')))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
    // Path parameters compare by position: Open311's `:file` route is described as `{id}.json`.
    const shape = (route: string) => route.replace(/\{[^}]+\}(\.json)?/g, '{}');
    const described = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => shape(`${m} ${path}`))));
    expect(registered.filter((r) => !described.has(shape(r)))).toEqual([]);
    const schema = doc.paths['/api/reports']!.post!.requestBody!.content['multipart/form-data']!.schema;
    expect(schema.required).toEqual(['lat', 'lng', 'category', 'description']);
    expect(Object.keys(schema.properties)).toEqual(Object.keys(reportFormSchema.shape));
  });

  it('unknown API paths answer a JSON 404, also when mounted the way the portal mounts the app', async () => {
    t = makeTestApp();
    await expectError(await t.app.request('/api/nope'), 404, 'api_not_found');
    const portal = new Hono();
    portal.route('/', t.app);
    portal.all('*', (c) => c.text('site', 200));
    await expectError(await portal.request('/api/nope'), 404, 'api_not_found');
    await expectError(await portal.request('/api/reports', { method: 'POST' }), 400, 'idempotency_key_missing');
    expect(await (await portal.request('/outfalls/')).text()).toBe('site');
  });
});
