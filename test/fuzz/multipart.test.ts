import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, jpeg, png, validFields, webp } from '../api/helpers.ts';
import { type FuzzServer, type Prng, pool, prng, type RawResponse, rawRequest, startFuzzServer, storageProblems } from './support.ts';

/**
 * Multipart fuzzing of POST /api/reports through the real server (startApiServer, a real socket,
 * a temporary database and UPLOAD_DIR inside the project). A few thousand bodies are made from valid
 * reports by seeded mutations — bit flips, truncation, cut/duplicated ranges, missing or duplicated
 * boundaries, wrong or missing Content-Type and boundary, huge header lines, odd encodings, repeated
 * parts, field and file names with path characters, chunked framing — and sent with a concurrency
 * limit and a per-request timeout over raw TCP.
 *
 * Every request must be answered, within the timeout, with a 4xx (or 201 for the rare body still
 * valid, counted); afterwards UPLOAD_DIR/tmp is empty, every stored file belongs to a report and is
 * named by its content hash, no server error was logged, and the server still serves and accepts.
 */

const SEED = 0xf022;
const CASES = 2400;
const CONCURRENCY = 8;
const TIMEOUT_MS = 10_000;
const BODY_LIMIT = 256 * 1024;

interface Base {
  name: string;
  body: Buffer;
  boundary: string;
}

interface Mutant {
  label: string;
  body: Buffer;
  contentType: string | null;
  chunked: boolean;
  key: string | null;
  extraHeaders: string[];
}

async function encode(name: string, f: FormData): Promise<Base> {
  const req = new Request('http://x/', { method: 'POST', body: f });
  const boundary = /boundary=(.+)$/.exec(req.headers.get('content-type')!)![1]!;
  return { name, body: Buffer.from(await req.arrayBuffer()), boundary };
}

/** Parts of a multipart body: [preamble, part…] split at the boundary lines. */
function parts(b: Base): Buffer[] {
  const sep = Buffer.from(`--${b.boundary}`);
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const i = b.body.indexOf(sep, at + 1);
    if (i < 0) break;
    out.push(b.body.subarray(at, i));
    at = i;
  }
  out.push(b.body.subarray(at));
  return out;
}

const part = (boundary: string, headers: string, value: Buffer | string) =>
  Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\r\n')]);
/** Inserts extra parts before the closing boundary. */
const withParts = (b: Base, ...extra: Buffer[]) => {
  const close = b.body.lastIndexOf(Buffer.from(`--${b.boundary}--`));
  return Buffer.concat([b.body.subarray(0, close), ...extra, b.body.subarray(close)]);
};

type Mutator = (b: Base, r: Prng) => Partial<Mutant> & { label: string };

const MUTATORS: Mutator[] = [
  (b, r) => {
    const body = Buffer.from(b.body);
    const n = 1 + r.int(16);
    for (let k = 0; k < n; k++) {
      const at = r.int(body.length);
      body[at] = body[at]! ^ (1 << r.int(8));
    }
    return { label: 'bit flips', body };
  },
  (b, r) => ({ label: 'truncated', body: b.body.subarray(0, r.int(b.body.length)) }),
  (b, r) => {
    const from = r.int(b.body.length);
    return { label: 'range cut out', body: Buffer.concat([b.body.subarray(0, from), b.body.subarray(from + 1 + r.int(200))]) };
  },
  (b, r) => {
    const from = r.int(b.body.length);
    const to = Math.min(b.body.length, from + 1 + r.int(400));
    return { label: 'range duplicated', body: Buffer.concat([b.body.subarray(0, to), b.body.subarray(from, to), b.body.subarray(to)]) };
  },
  (b, r) => {
    const at = r.int(b.body.length);
    return { label: 'random bytes inserted', body: Buffer.concat([b.body.subarray(0, at), r.bytes(1 + r.int(64)), b.body.subarray(at)]) };
  },
  (b) => ({ label: 'closing boundary missing', body: b.body.subarray(0, b.body.lastIndexOf(Buffer.from(`--${b.boundary}--`))) }),
  (b) => ({ label: 'no boundary lines at all', body: Buffer.from(b.body.toString('latin1').split(`--${b.boundary}`).join('--x'), 'latin1') }),
  (b, r) => {
    const ps = parts(b);
    const i = 1 + r.int(Math.max(1, ps.length - 2));
    return { label: 'boundary line duplicated', body: Buffer.concat([...ps.slice(0, i), Buffer.from(`--${b.boundary}\r\n`), ...ps.slice(i)]) };
  },
  (b) => ({ label: 'LF line ends', body: Buffer.from(b.body.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') }),
  (b, r) => {
    const ps = parts(b);
    const i = 1 + r.int(Math.max(1, ps.length - 2));
    return { label: 'a part repeated', body: Buffer.concat([...ps.slice(0, i + 1), ps[i]!, ...ps.slice(i + 1)]) };
  },
  (b, r) => ({
    label: 'thousands of fields',
    body: withParts(b, ...Array.from({ length: 1000 + r.int(2000) }, (_, i) => part(b.boundary, `Content-Disposition: form-data; name="f${i}"`, 'x'))),
  }),
  (b, r) => ({
    label: 'huge part header line',
    body: withParts(
      b,
      part(
        b.boundary,
        `Content-Disposition: form-data; name="photos"; filename="${'a'.repeat(20_000 + r.int(100_000))}.jpg"\r\nContent-Type: image/jpeg`,
        Buffer.from([0xff, 0xd8, 0xff]),
      ),
    ),
  }),
  (b, r) => {
    const names = [
      '../../etc/passwd',
      'photos/../../x',
      '..\\..\\photos',
      'photos\u0000',
      'photos%2F..%2F',
      '/etc/shadow',
      'C:\\Windows\\x',
      '\u202ephotos',
      '照片',
      'photos[]',
      'photos.0',
      '__proto__',
      'constructor',
    ];
    return {
      label: 'field names with path characters',
      body: withParts(
        b,
        part(b.boundary, `Content-Disposition: form-data; name="${r.pick(names)}"`, 'value'),
        part(b.boundary, `Content-Disposition: form-data; name="${r.pick(names)}"; filename="x.jpg"\r\nContent-Type: image/jpeg`, r.bytes(64)),
      ),
    };
  },
  (b, r) => {
    const files = [
      '../../etc/passwd.jpg',
      '..\\..\\..\\evil.jpg',
      'C:\\x.jpg',
      'a\u0000b.jpg',
      '/var/www/x.jpg',
      '....//....//x.jpg',
      '%2e%2e%2fx.jpg',
      'con.jpg',
      '.jpg',
      '',
    ];
    const photo = b.body.indexOf(Buffer.from([0xff, 0xd8, 0xff]));
    const bytes = photo >= 0 ? b.body.subarray(photo, b.body.indexOf(Buffer.from(`\r\n--${b.boundary}`), photo)) : r.bytes(100);
    return {
      label: 'file names with path characters',
      body: withParts(b, part(b.boundary, `Content-Disposition: form-data; name="photos"; filename="${r.pick(files)}"\r\nContent-Type: image/jpeg`, bytes)),
    };
  },
  (b, r) => {
    const variants = [
      `Content-Disposition: form-data; name="photos"; filename*=UTF-8''%E2%80%AE%E7%85%A7.jpg\r\nContent-Type: image/jpeg`,
      `Content-Disposition: form-data; name="description"\r\nContent-Transfer-Encoding: base64`,
      `Content-Disposition: form-data; name="description"\r\nContent-Type: text/plain; charset=utf-7`,
      `Content-Disposition: form-data; name="\xd5\xd5\xc6\xac"`,
      `Content-Disposition: form-data; name=description`,
      `Content-Disposition: attachment; name="description"`,
      `Content-Disposition: form-data`,
      `X-Nothing: 1`,
      `Content-Disposition: form-data; name="lat"\r\nContent-Type: application/octet-stream`,
    ];
    return {
      label: 'odd part headers and encodings',
      body: withParts(b, part(b.boundary, r.pick(variants), r.int(2) ? '+5rKz6L655pyJ5rGh5rC0-' : r.bytes(40))),
    };
  },
  (b, r) => {
    const types = [
      null,
      'text/plain',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=wrong-boundary',
      `multipart/form-data; boundary="${b.boundary}"`,
      `multipart/form-data; boundary=${b.boundary}; charset=x-unknown`,
      `multipart/form-data; boundary=${'b'.repeat(200)}`,
      `multipart/mixed; boundary=${b.boundary}`,
      'application/x-www-form-urlencoded',
      'application/json',
      `MULTIPART/FORM-DATA; BOUNDARY=${b.boundary}`,
      `multipart/form-data; boundary=${b.boundary}\xff\xfe`,
      `multipart/form-data;;;; boundary=${b.boundary}`,
    ];
    return { label: 'wrong Content-Type or boundary', contentType: r.pick(types) };
  },
  () => ({ label: 'chunked framing', chunked: true }),
  (b, r) => ({ label: 'chunked framing of a truncated body', chunked: true, body: b.body.subarray(0, r.int(b.body.length)) }),
  (_, r) => ({
    label: 'Idempotency-Key missing or malformed',
    key: r.pick([null, '', 'not-a-uuid', 'x'.repeat(10_000), '00000000-0000-0000-0000-00000000000g', '\xff\xfe']),
  }),
  (b, r) => ({ label: 'body over the limit', body: Buffer.concat([b.body, r.bytes(BODY_LIMIT)]) }),
  (_, r) => ({ label: 'huge HTTP header line', extraHeaders: [`X-Padding: ${'p'.repeat(20_000 + r.int(50_000))}`] }),
  (_, r) => ({ label: 'odd bytes in HTTP headers', extraHeaders: [r.pick(['X-Odd: \x01\x02', 'X-Odd: caf\xe9', 'Bad Header: 1', 'X-Odd:\x7f', ': no-name'])] }),
  () => ({ label: 'empty body', body: Buffer.alloc(0) }),
];

/** Chunked transfer encoding with random chunk sizes. */
function chunkedBody(body: Buffer, r: Prng): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const n = Math.min(body.length - at, 1 + r.int(4096));
    out.push(Buffer.from(`${n.toString(16)}\r\n`), body.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  out.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(out);
}

function mutants(bases: Base[]): Mutant[] {
  const r = prng(SEED);
  return Array.from({ length: CASES }, () => {
    const base = r.pick(bases);
    const m = r.pick(MUTATORS)(base, r);
    // A mutated body sometimes gets a second mutation on top.
    const second = r.int(4) === 0 && m.body === undefined ? r.pick(MUTATORS.slice(0, 5))(base, r) : undefined;
    return {
      label: second ? `${m.label} + ${second.label}` : m.label,
      body: m.body ?? second?.body ?? base.body,
      contentType: m.contentType !== undefined ? m.contentType : `multipart/form-data; boundary=${base.boundary}`,
      chunked: m.chunked ?? false,
      key: m.key !== undefined ? m.key : r.uuid(),
      extraHeaders: m.extraHeaders ?? [],
    };
  });
}

describe('multipart fuzzing of POST /api/reports (real server)', () => {
  let server: FuzzServer;
  let bases: Base[];

  beforeAll(async () => {
    server = await startFuzzServer({ REPORT_BODY_MAX_BYTES: String(BODY_LIMIT), REPORT_PHOTO_MAX_BYTES: String(128 * 1024) });
    bases = [
      await encode('fields only', form(validFields({ locationSource: 'map' }))),
      await encode('one JPEG', form(validFields(), [{ bytes: await jpeg(24, 24) }])),
      await encode(
        'PNG + WebP + contact',
        form(validFields({ contactName: '张三', contactPhone: '13912345678' }), [
          { bytes: await png(20, 20), name: 'a.png', type: 'image/png' },
          { bytes: await webp(20, 20), name: 'b.webp', type: 'image/webp' },
        ]),
      ),
      await encode('three JPEGs', form(validFields({ category: 'other' }), await Promise.all([16, 17, 18].map(async (w) => ({ bytes: await jpeg(w, w) }))))),
    ];
  });
  afterAll(async () => server?.stop());

  it(`${CASES} mutated bodies: each answered in time with 4xx (or 201), nothing left behind, server healthy`, { timeout: 120_000 }, async () => {
    const cases = mutants(bases);
    const r = prng(SEED + 1);
    const chunkSeeds = cases.map(() => r.int(2 ** 31));
    const start = performance.now();
    const results: RawResponse[] = await pool(cases, CONCURRENCY, (c, i) => {
      const body = c.chunked ? chunkedBody(c.body, prng(chunkSeeds[i]!)) : c.body;
      const headers = [
        ...(c.contentType === null ? [] : [`Content-Type: ${c.contentType}`]),
        ...(c.key === null ? [] : [`Idempotency-Key: ${c.key}`]),
        c.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`,
        ...c.extraHeaders,
      ];
      return rawRequest(server.api.port, { headers, body, timeoutMs: TIMEOUT_MS });
    });
    const elapsed = performance.now() - start;

    const byStatus = new Map<string, number>();
    const byLabel = new Map<string, Map<number | string, number>>();
    const bad: string[] = [];
    results.forEach((res, i) => {
      const k = res.status === null ? `no answer (${res.error})` : String(res.status);
      byStatus.set(k, (byStatus.get(k) ?? 0) + 1);
      const l = byLabel.get(cases[i]!.label) ?? new Map();
      l.set(res.status ?? 'none', (l.get(res.status ?? 'none') ?? 0) + 1);
      byLabel.set(cases[i]!.label, l);
      const ok = res.status === 201 || (res.status !== null && res.status >= 400 && res.status < 500);
      if (!ok || res.timedOut) bad.push(`#${i} ${cases[i]!.label}: ${k}${res.timedOut ? ' (timed out)' : ''} ${res.body.toString('utf8').slice(0, 200)}`);
      // Our own refusals are JSON naming what is wrong (Node's parser answers bare 400/431 for broken HTTP).
      if (res.status !== null && res.status >= 400 && res.headers['content-type']?.startsWith('application/json')) {
        const json = JSON.parse(res.body.toString('utf8')) as { error: { code: string; message: string } };
        if (!json.error?.code || !/\p{Script=Han}/u.test(json.error.message)) bad.push(`#${i} ${cases[i]!.label}: error body without code/message`);
      }
    });
    const created = byStatus.get('201') ?? 0;
    const slowest = Math.max(...results.map((x) => x.ms));
    console.info(
      `multipart fuzz: ${CASES} requests in ${Math.round(elapsed)} ms (concurrency ${CONCURRENCY}), slowest ${Math.round(slowest)} ms; statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; 201 by mutation ${JSON.stringify(Object.fromEntries([...byLabel].map(([l, m]) => [l, m.get(201) ?? 0]).filter(([, n]) => n)))}`,
    );
    expect(bad).toEqual([]);

    // Nothing left behind: no temp file, every stored file a referenced content-hash name.
    expect(storageProblems(server)).toEqual([]);
    const db = server.api.db.$client;
    expect(db.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(created);
    expect(db.prepare("SELECT count(*) FROM idempotency_keys WHERE state = 'processing'").pluck().get()).toBe(0);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(server.logs.filter((l) => /"level":"error"/.test(l))).toEqual([]);

    // Still healthy: it serves and accepts a report.
    const counties = await fetch(`${server.api.url}/api/counties`);
    expect(counties.status).toBe(200);
    const ok = await fetch(`${server.api.url}/api/reports`, {
      method: 'POST',
      body: form(validFields(), [{ bytes: await jpeg(30, 30) }]),
      headers: { 'Idempotency-Key': prng(SEED + 2).uuid() },
    });
    expect(ok.status).toBe(201);
    expect(storageProblems(server)).toEqual([]);
  });
});
