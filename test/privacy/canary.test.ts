import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeliveryContacts } from '../../api/delivery/contacts.ts';
import { createDelivery } from '../../api/delivery/index.ts';
import { createLogger } from '../../api/logger.ts';
import { open311FormSchema } from '../../api/open311/schemas.ts';
import { parseContactKey } from '../../api/reports/contact.ts';
import { fingerprint } from '../../api/reports/idempotency.ts';
import { reportFormSchema } from '../../api/reports/schemas.ts';
import { addStaff } from '../../api/staff/accounts.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';
import { canonicalJson } from '../../src/kernel/util/canonical-json.ts';
import { publishDataset } from '../../src/records/store.ts';
import { type SmtpSink, startSmtpSink, startWebhookReceiver, type WebhookReceiver } from '../api/delivery/sinks.ts';
import { filesUnder, form, noise, outfallRecord } from '../api/helpers.ts';
import { findNeedles, type Needle, needlesOf, type Reporter, randomHan, randomMobile } from './canaries.ts';

/**
 * The privacy canary (issue 6, "Access denied and privacy kept"). Two reports carry a recognisable
 * reporter — one through POST /api/reports (name and phone; all three again in the photo's EXIF
 * and XMP, the e-mail also as its file name), one through Open311 (first/last name, phone,
 * e-mail) — and go through the whole life cycle on the REAL API process (api/node.ts as a
 * child, a real SQLite file, a real UPLOAD_DIR, LOG_LEVEL=debug). The law (Environmental Protection Law art. 57) allows the reporter's
 * identity in exactly two places: the sealed report_contacts row, and the handling county's staff
 * when they ask for it (contact reveal, CSV with includeContact=1), each time audited. So the
 * canaries, in every spelling (test/privacy/canaries.ts), must be absent from: every byte the
 * server printed, every error body, every public and Open311 answer, the staff inbox and report
 * file, the CSV without includeContact, what the bureaus' webhook and mail server received, the
 * uploads folder and the database files.
 *
 * The public static pages are not driven here on purpose: they are built from the published outfall
 * records file (src/records → Astro content loader), never from the reports tables; the only report
 * figures on them are the counts of GET /api/outfalls/<code>/report-stats and /api/stats, which
 * are checked below.
 *
 * Delivery: api/node.ts does not run the delivery worker (api/server.ts does), so this test runs the
 * same worker (createDelivery with the same contacts file and default senders) on the same database
 * file against a local webhook receiver and SMTP server, and its log lines count as server log.
 */

const COUNTY_A = '220102'; // 南关区
const COUNTY_B = '222401'; // 延吉市
const OUTFALL = 'TEST-220102-0001';
const PASSWORD = 'correct horse battery';
const NANGUAN = { lat: '43.85', lng: '125.35' };
const DESCRIPTION = '排口在排放黑色污水，河面有泡沫，气味刺鼻。';

const suffix1 = randomHan(4);
const suffix2 = randomHan(4);
/** Reporter of the native report. */
const R1: Reporter = {
  name: `金丝雀测试人甲${suffix1}`,
  nameSuffix: suffix1,
  phone: randomMobile('139'),
  email: `canary-${randomBytes(6).toString('hex')}@example.org`,
};
/** Reporter of the Open311 report: last_name 金丝雀, first_name 测试人乙…, stored as 金丝雀测试人乙…. */
const R2: Reporter = {
  name: `金丝雀测试人乙${suffix2}`,
  nameSuffix: suffix2,
  phone: randomMobile('158'),
  email: `canary-${randomBytes(6).toString('hex')}@example.org`,
};
const NEEDLES: Needle[] = [...needlesOf('reporter 1', R1), ...needlesOf('reporter 2', R2)];

const CONTACT_KEY = randomBytes(32).toString('hex');
const HOOK_SECRET = randomBytes(24).toString('hex');

let dir: string;
let dbPath: string;
let uploadDir: string;
let contactsFile: string;
let server: { url: string; proc: ChildProcess; stdout: Buffer[]; stderr: Buffer[]; exited: Promise<void> };
let hookA: WebhookReceiver;
let hookB: WebhookReceiver;
let smtp: SmtpSink;
/** Log lines of the delivery worker this test runs on the server's database. */
const workerLog: string[] = [];
/** The photo as uploaded (carries the canaries in EXIF/XMP). */
let photo: Buffer;

/** Asserts that `text` (a response body, a log, a file) contains no canary in any spelling. */
function expectClean(where: string, text: string | Buffer) {
  expect(findNeedles(NEEDLES, text), `canary found in ${where}`).toEqual([]);
}

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

interface CallOptions {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  cookie?: string;
}

async function call(method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  let body = o.body;
  if (o.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  if (o.cookie) headers.Cookie = o.cookie;
  // Staff POSTs need the portal's own Origin (CSRF check), as the staff pages send it.
  if (method === 'POST') headers.Origin ??= server.url;
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A request whose answer must be free of canaries; returns it for further checks. */
async function clean(label: string, method: string, path: string, o: CallOptions = {}, status?: number): Promise<Answer> {
  const a = await call(method, path, o);
  if (status !== undefined) expect(a.status, `${label}: ${a.text.slice(0, 300)}`).toBe(status);
  expectClean(`${label} (${method} ${path} → ${a.status})`, a.text);
  expectClean(`${label}: response headers`, JSON.stringify([...a.headers]));
  return a;
}

function openDb() {
  return buildDb(dbPath, { migrate: false });
}

async function startServer() {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const proc = spawn(process.execPath, ['--experimental-strip-types', join(PROJECT_ROOT, 'api', 'node.ts'), dbPath, uploadDir], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'debug',
      CONTACT_KEY,
      DELIVERY_CONTACTS_FILE: contactsFile,
      SMTP_URL: smtp.url,
      STAFF_PASSWORD_SCRYPT_LOG2N: '10',
      REPORT_RATE_LIMIT: '1000',
      REPORT_ADDRESS_RATE_LIMIT: '1000',
      LOOKUP_RATE_LIMIT: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (b: Buffer) => stdout.push(b));
  proc.stderr!.on('data', (b: Buffer) => stderr.push(b));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api/node.ts did not start in 30 s\n${Buffer.concat(stderr).toString()}`)), 30_000);
    proc.once('exit', (code) => reject(new Error(`api/node.ts exited (${code}) before listening\n${Buffer.concat(stderr).toString()}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: unknown; event?: unknown };
        if (typeof parsed.url === 'string' && parsed.event === undefined) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // Not JSON: still part of the log (kept in `stdout`).
      }
    });
  });
  server = { url, proc, stdout, stderr, exited };
}

async function stopServer() {
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
    server.proc.kill('SIGTERM');
    const timer = setTimeout(() => server.proc.kill('SIGKILL'), 5000);
    await server.exited;
    clearTimeout(timer);
  }
}

/** Runs the delivery worker once over what the server queued, as api/server.ts would. */
async function deliver() {
  const config = loadConfig({
    DATABASE_PATH: dbPath,
    UPLOAD_DIR: uploadDir,
    CONTACT_KEY,
    DELIVERY_CONTACTS_FILE: contactsFile,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'debug',
  });
  const db = openDb();
  const { worker } = createDelivery({
    db,
    config,
    contacts: loadDeliveryContacts(config),
    logger: createLogger({ level: 'debug', write: (line) => workerLog.push(line) }),
  });
  try {
    return await worker.runOnce();
  } finally {
    await worker.stop();
    db.$client.close();
  }
}

beforeAll(async () => {
  // Inside the project (git-ignored .tmp*/) so the child resolves node_modules from it.
  dir = mkdtempSync(join(PROJECT_ROOT, '.tmp-privacy-'));
  dbPath = join(dir, 'portal.db');
  uploadDir = join(dir, 'uploads');
  contactsFile = join(dir, 'delivery-contacts.json');

  // Accounts (with api/staff/accounts.ts, as the CLI does) and one published outfall, before the server opens the database.
  const db = buildDb(dbPath);
  publishDataset(db, [outfallRecord({ code: OUTFALL })], { source: 'privacy-test', sourceSha256: 'privacy-test', demo: true });
  const params = { log2N: 10, r: 8, p: 1 };
  await addStaff(db, { login: 'nanguan.staff', password: PASSWORD, role: 'county', countyAdcode: COUNTY_A }, new Date(), params);
  await addStaff(db, { login: 'yanji.staff', password: PASSWORD, role: 'county', countyAdcode: COUNTY_B }, new Date(), params);
  await addStaff(db, { login: 'sheng.staff', password: PASSWORD, role: 'province' }, new Date(), params);
  db.$client.close();

  [hookA, hookB, smtp] = await Promise.all([startWebhookReceiver(HOOK_SECRET), startWebhookReceiver(HOOK_SECRET), startSmtpSink()]);
  writeFileSync(
    contactsFile,
    JSON.stringify({
      [COUNTY_A]: { email: 'hbj-nanguan@example.gov.cn', webhook: { url: hookA.url, secret: HOOK_SECRET } },
      [COUNTY_B]: { webhook: { url: hookB.url, secret: HOOK_SECRET } },
    }),
  );

  // A real photo carrying the canaries where cameras and apps put personal data.
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${R1.name} ${R1.phone} ${R1.email}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;
  photo = await noise(320, 240)
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Artist: R1.email!, Copyright: R1.phone, ImageDescription: R1.name } })
    .withXmp(xmp)
    .toBuffer();
  // The control: the upload really carries them, so a clean uploads folder means they were removed.
  expect(findNeedles(NEEDLES, photo)).toEqual(expect.arrayContaining(['e-mail of reporter 1', `phone of reporter 1 as "${R1.phone}"`, 'name of reporter 1']));

  await startServer();
}, 120_000);

afterAll(async () => {
  await stopServer();
  await Promise.all([hookA?.close(), hookB?.close(), smtp?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** The two reports once submitted. */
const submitted: { id: number; trackingNumber: string; queryCode: string; key?: string }[] = [];
const session: Record<'A' | 'B' | 'province', string> = { A: '', B: '', province: '' };

const nativeFields = (extra: Record<string, string | string[] | undefined> = {}) => ({
  ...NANGUAN,
  category: 'illegal_discharge',
  description: DESCRIPTION,
  outfallCode: OUTFALL,
  contactName: R1.name,
  // Typed with dashes and +86, as people do: the platform keeps the 11 digits.
  contactPhone: `+86 ${R1.phone.slice(0, 3)}-${R1.phone.slice(3, 7)}-${R1.phone.slice(7)}`,
  locationSource: 'gps',
  ...extra,
});
const nativeForm = (extra: Record<string, string | string[] | undefined> = {}) => form(nativeFields(extra), [{ bytes: photo, name: `${R1.email}.jpg` }]);

const open311Fields = (extra: Record<string, string> = {}) => ({
  service_code: 'illegal_discharge',
  lat: '43.86',
  long: '125.34',
  description: DESCRIPTION,
  first_name: `测试人乙${suffix2}`,
  last_name: '金丝雀',
  phone: `${R2.phone.slice(0, 3)} ${R2.phone.slice(3, 7)} ${R2.phone.slice(7)}`,
  email: R2.email!,
  ...extra,
});

function reportId(trackingNumber: string): number {
  const db = openDb();
  try {
    return (db.$client.prepare('SELECT id FROM reports WHERE tracking_number = ?').get(trackingNumber) as { id: number }).id;
  } finally {
    db.$client.close();
  }
}

/** A well-formed query code that is not `code` (same alphabet and length, first character changed). */
const wrongCode = (code: string) => `${code[0] === '2' ? '3' : '2'}${code.slice(1)}`;

async function login(name: string): Promise<string> {
  const a = await clean(`login ${name}`, 'POST', '/api/staff/login', { json: { login: name, password: PASSWORD } }, 200);
  const cookie = a.headers.getSetCookie().find((c) => /^(__Host-)?staff=/.test(c));
  expect(cookie).toBeTruthy();
  return cookie!.split(';')[0]!;
}

describe('canary detector', () => {
  it.each([
    ['raw in a log line', `{"event":"x","name":"${R1.name}"}`, 'name of reporter 1'],
    [
      'JSON-escaped',
      JSON.stringify({ n: R1.name }).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
      'name of reporter 1, JSON \\u-escaped',
    ],
    ['percent-encoded in a URL', `/x?n=${encodeURIComponent(R1.name)}`, 'name of reporter 1, percent-encoded'],
    ['only the random part of the name', `姓名：某某${suffix1}`, 'name suffix of reporter 1'],
    [
      'phone grouped with dashes',
      `${R1.phone.slice(0, 3)}-${R1.phone.slice(3, 7)}-${R1.phone.slice(7)}`,
      `phone of reporter 1 as "${R1.phone.slice(0, 3)}-${R1.phone.slice(3, 7)}-${R1.phone.slice(7)}"`,
    ],
    ['phone with +86', `tel:+86${R2.phone}`, `phone of reporter 2 as "${R2.phone}"`],
    ['e-mail, form-encoded', `email=${encodeURIComponent(R2.email!)}`, 'e-mail of reporter 2, percent-encoded'],
  ])('finds the canary %s', (_how, text, label) => {
    expect(findNeedles(NEEDLES, text)).toContain(label);
  });

  it('does not flag ordinary answers', () => {
    expect(findNeedles(NEEDLES, `{"trackingNumber":"JL2026-000001","name":"金丝雀","phone":"${R1.phone.slice(0, 7)}"}`)).toEqual([]);
  });
});

describe('privacy canary through the real API process', () => {
  it('submits through the native API and Open311; the answers carry no contact', async () => {
    const key = randomUUID();
    const created = await clean('native 201', 'POST', '/api/reports', { body: nativeForm(), headers: { 'Idempotency-Key': key } }, 201);
    const body = JSON.parse(created.text) as { trackingNumber: string; queryCode: string };
    submitted.push({ ...body, id: reportId(body.trackingNumber), key });
    // The retry of a client that lost the answer gets the stored answer (sealed in the database).
    const replay = await clean('native replay', 'POST', '/api/reports', { body: nativeForm(), headers: { 'Idempotency-Key': key } }, 201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const o311 = await clean('Open311 POST', 'POST', '/open311/v2/requests.json', { body: new URLSearchParams(open311Fields()) }, 200);
    const [first] = JSON.parse(o311.text) as { service_request_id: string; query_code: string }[];
    submitted.push({ trackingNumber: first!.service_request_id, queryCode: first!.query_code, id: reportId(first!.service_request_id) });

    // Each county bureau is told of the new reports (webhook and e-mail) — without the reporter.
    const run = await deliver();
    expect(run.sent).toBe(4);
  });

  it('refuses bad input without echoing it (error bodies)', async () => {
    const native = (extra: Record<string, string | string[] | undefined>, headers: Record<string, string> = { 'Idempotency-Key': randomUUID() }) => ({
      body: form(nativeFields(extra)),
      headers,
    });
    const cases: { label: string; method: string; path: string; o: CallOptions; status: number; code?: string }[] = [
      {
        label: 'phone holding the name',
        method: 'POST',
        path: '/api/reports',
        o: native({ contactPhone: `${R1.name}${R1.phone}` }),
        status: 400,
        code: 'invalid_phone',
      },
      { label: 'phone holding the e-mail', method: 'POST', path: '/api/reports', o: native({ contactPhone: R1.email }), status: 400, code: 'invalid_phone' },
      {
        label: 'phone too long',
        method: 'POST',
        path: '/api/reports',
        o: native({ contactPhone: `${R1.phone}${R1.phone}` }),
        status: 400,
        code: 'invalid_phone',
      },
      {
        label: 'name too long',
        method: 'POST',
        path: '/api/reports',
        o: native({ contactName: `${R1.name}${R1.email}${R1.phone}${R1.name}` }),
        status: 400,
        code: 'contact_name_too_long',
      },
      {
        label: 'name with a line break',
        method: 'POST',
        path: '/api/reports',
        o: native({ contactName: `${R1.name}\n${R1.phone}` }),
        status: 400,
        code: 'control_characters',
      },
      {
        label: 'phone given twice',
        method: 'POST',
        path: '/api/reports',
        o: native({ contactPhone: [R1.phone, `${R1.phone.slice(0, 3)} ${R1.phone.slice(3)}`] }),
        status: 400,
        code: 'duplicate_field',
      },
      {
        label: 'category holding the canaries',
        method: 'POST',
        path: '/api/reports',
        o: native({ category: `${R1.name}:${R1.phone}:${R1.email}` }),
        status: 400,
        code: 'invalid_category',
      },
      {
        label: 'outfall code holding the phone',
        method: 'POST',
        path: '/api/reports',
        o: native({ outfallCode: `X${R1.phone}` }),
        status: 400,
        code: 'unknown_outfall',
      },
      {
        label: 'point outside Jilin (refused after validation)',
        method: 'POST',
        path: '/api/reports',
        o: native({ lat: '39.9', lng: '116.4', outfallCode: undefined }),
        status: 422,
        code: 'outside_province',
      },
      { label: 'no Idempotency-Key', method: 'POST', path: '/api/reports', o: native({}, {}), status: 400, code: 'idempotency_key_missing' },
      {
        label: 'Idempotency-Key holding the e-mail',
        method: 'POST',
        path: '/api/reports',
        o: native({}, { 'Idempotency-Key': R1.email! }),
        status: 400,
        code: 'idempotency_key_invalid',
      },
      {
        label: 'not multipart',
        method: 'POST',
        path: '/api/reports',
        o: { body: `contactName=${R1.name}&contactPhone=${R1.phone}`, headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': randomUUID() } },
        status: 415,
        code: 'not_multipart',
      },
      // A query code is never contact data, but a confused citizen may type anything into the box.
      {
        label: 'lookup with the phone as query code',
        method: 'GET',
        path: `/api/reports/${submitted[0]!.trackingNumber}?code=${R1.phone}`,
        o: {},
        status: 400,
        code: 'invalid_code',
      },
      {
        label: 'lookup with the e-mail as query code',
        method: 'GET',
        path: `/api/reports/${submitted[0]!.trackingNumber}?code=${encodeURIComponent(R1.email!)}`,
        o: {},
        status: 400,
        code: 'invalid_code',
      },
      {
        label: 'lookup with the name as query code',
        method: 'GET',
        path: `/api/reports/${submitted[0]!.trackingNumber}?code=${encodeURIComponent(R1.name)}`,
        o: {},
        status: 400,
        code: 'invalid_code',
      },
      {
        label: 'lookup with a wrong query code',
        method: 'GET',
        path: `/api/reports/${submitted[0]!.trackingNumber}?code=${wrongCode(submitted[0]!.queryCode)}`,
        o: {},
        status: 404,
        code: 'not_found',
      },
      {
        label: 'lookup of an unknown number',
        method: 'GET',
        path: `/api/reports/JL2020-000001?code=${submitted[0]!.queryCode}`,
        o: {},
        status: 404,
        code: 'not_found',
      },
      {
        label: 'Open311 POST with a bad service_code',
        method: 'POST',
        path: '/open311/v2/requests.json',
        o: { body: new URLSearchParams(open311Fields({ service_code: `${R2.email}` })) },
        status: 400,
        code: 'invalid_category',
      },
      {
        label: 'Open311 POST with the name as phone',
        method: 'POST',
        path: '/open311/v2/requests.json',
        o: { body: new URLSearchParams(open311Fields({ phone: R2.name })) },
        status: 400,
        code: 'invalid_phone',
      },
      {
        label: 'Open311 POST with a media_url',
        method: 'POST',
        path: '/open311/v2/requests.json',
        o: { body: new URLSearchParams(open311Fields({ media_url: `https://example.org/${R2.email}.jpg` })) },
        status: 400,
        code: 'media_url_unsupported',
      },
      { label: 'Open311 POST of JSON', method: 'POST', path: '/open311/v2/requests.json', o: { json: open311Fields() }, status: 400 },
      {
        label: 'Open311 GET by the e-mail',
        method: 'GET',
        path: `/open311/v2/requests.json?service_request_id=${encodeURIComponent(R2.email!)}`,
        o: {},
        status: 400,
        code: 'invalid_parameter',
      },
      {
        label: 'Open311 GET by the name as service_code',
        method: 'GET',
        path: `/open311/v2/requests.json?service_code=${encodeURIComponent(R2.name)}`,
        o: {},
        status: 400,
        code: 'invalid_parameter',
      },
      {
        label: 'staff login with the e-mail',
        method: 'POST',
        path: '/api/staff/login',
        o: { json: { login: R1.email, password: R1.phone } },
        status: 401,
        code: 'login_failed',
      },
      {
        label: 'staff login with the name',
        method: 'POST',
        path: '/api/staff/login',
        o: { json: { login: R1.name, password: `${R1.name}${R1.phone}` } },
        status: 401,
        code: 'login_failed',
      },
      {
        label: 'staff login, cross-site',
        method: 'POST',
        path: '/api/staff/login',
        o: { json: { login: R1.email, password: R1.phone }, headers: { Origin: 'https://evil.example' } },
        status: 403,
        code: 'csrf_origin_mismatch',
      },
    ];
    for (const c of cases) {
      const a = await clean(c.label, c.method, c.path, c.o, c.status);
      if (c.code) expect(a.text, c.label).toContain(`"${c.code}"`);
    }

    // The same Idempotency-Key with another contact: 422, and the stored report is unchanged.
    const reused = await clean(
      'reused key',
      'POST',
      '/api/reports',
      { body: nativeForm({ contactName: `${R1.name}乙` }), headers: { 'Idempotency-Key': submitted[0]!.key! } },
      422,
    );
    expect(reused.text).toContain('idempotency_key_reused');
  });

  it('staff life cycle: the contact only through the explicit reveal, for the handling county, audited', async () => {
    const [r1, r2] = submitted as [(typeof submitted)[0], (typeof submitted)[0]];
    session.A = await login('nanguan.staff');
    session.B = await login('yanji.staff');
    session.province = await login('sheng.staff');
    const asA = { cookie: session.A };
    const asB = { cookie: session.B };
    const asP = { cookie: session.province };

    await clean('me', 'GET', '/api/staff/me', asA, 200);
    const inboxA = await clean('inbox A', 'GET', '/api/staff/reports', asA, 200);
    expect((JSON.parse(inboxA.text) as { reports: { id: number }[] }).reports.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    for (const filter of ['?status=received', '?category=illegal_discharge', '?nearBorder=1', '?overdue=0'])
      await clean(`inbox A ${filter}`, 'GET', `/api/staff/reports${filter}`, asA, 200);
    for (const r of [r1, r2]) {
      const detail = await clean(`detail ${r.trackingNumber}`, 'GET', `/api/staff/reports/${r.id}`, asA, 200);
      // The file says a contact exists, and nothing more.
      expect(JSON.parse(detail.text).report.hasContact).toBe(true);
    }
    const served = await fetch(`${server.url}/api/staff/reports/${r1.id}/photos/1`, { headers: { Cookie: session.A } });
    expect(served.status).toBe(200);
    expectClean('the photo as staff receive it', Buffer.from(await served.arrayBuffer()));

    // The explicit reveal gives exactly what the reporters entered (phone normalised; Open311's e-mail was never kept).
    const reveal = async (r: typeof r1, who: { cookie: string }) => {
      const a = await call('POST', `/api/staff/reports/${r.id}/contact`, who);
      return { status: a.status, text: a.text, contact: a.status === 200 ? (JSON.parse(a.text) as { contact: unknown }).contact : undefined };
    };
    const revealed = await reveal(r1, asA);
    expect(revealed.contact).toEqual({ name: R1.name, phone: R1.phone });
    // The control: the detector flags the one answer that may carry them.
    expect(findNeedles(NEEDLES, revealed.text)).toEqual(expect.arrayContaining(['name of reporter 1', `phone of reporter 1 as "${R1.phone}"`]));
    expect((await reveal(r2, asA)).contact).toEqual({ name: R2.name, phone: R2.phone });
    // Province staff read every county but never the contact; another county cannot even see the report.
    for (const [who, status] of [
      [asP, 403],
      [asB, 404],
    ] as const) {
      const refused = await reveal(r1, who);
      expect(refused.status).toBe(status);
      expectClean(`refused reveal (${status})`, refused.text);
    }

    const act = (label: string, r: typeof r1, who: { cookie: string }, json: unknown, status = 200) =>
      clean(label, 'POST', `/api/staff/reports/${r.id}/actions`, { ...who, json }, status);
    await act('accept r1', r1, asA, { action: 'accept' });
    await act('reply r1', r1, asA, { action: 'reply', text: '已派人到现场核查，请耐心等待。' });
    await act('note r1', r1, asA, { action: 'note', text: '内部：与环境监察大队联系。' });
    // Bad actions echoing nothing either.
    await act('bad action', r1, asA, { action: R1.name }, 400);
    await act('transfer to a phone number', r1, asA, { action: 'transfer', countyAdcode: R1.phone, reason: '不属本辖区' }, 400);
    await clean('bad inbox filter', 'GET', `/api/staff/reports?county=${R1.phone}`, asA, 400);
    await act('transfer r1 to 延吉市', r1, asA, { action: 'transfer', countyAdcode: COUNTY_B, reason: '排口位于延吉市辖区。' });
    // The report left county A: no file, no contact there any more.
    expect((await reveal(r1, asA)).status).toBe(404);
    await clean('r1 detail after transfer, county A', 'GET', `/api/staff/reports/${r1.id}`, asA, 404);

    await clean('inbox B', 'GET', '/api/staff/reports', asB, 200);
    await clean('detail r1, county B', 'GET', `/api/staff/reports/${r1.id}`, asB, 200);
    expect((await reveal(r1, asB)).contact).toEqual({ name: R1.name, phone: R1.phone });
    await act('accept r1 (B)', r1, asB, { action: 'accept' });
    await act('start r1 (B)', r1, asB, { action: 'start' });
    await act('conclude r1 (B)', r1, asB, { action: 'conclude', reply: '经核查，已责令排污单位停止排放并立案查处。' });

    await act('accept r2', r2, asA, { action: 'accept' });
    await act('conclude r2', r2, asA, { action: 'conclude', reply: '现场未发现异常排放，已加强巡查。' });

    await clean('inbox province', 'GET', '/api/staff/reports', asP, 200);
    await clean('inbox province, county A', 'GET', `/api/staff/reports?county=${COUNTY_A}`, asP, 200);
    for (const r of [r1, r2]) await clean(`detail ${r.trackingNumber}, province`, 'GET', `/api/staff/reports/${r.id}`, asP, 200);

    // Audit: every viewing is an event with who and when (3 successful reveals of r1, 1 of r2).
    const db = openDb();
    try {
      const viewed = db.$client.prepare("SELECT report_id AS r, actor FROM report_events WHERE type = 'contact_viewed' ORDER BY id").all() as {
        r: number;
        actor: string;
      }[];
      const staffId = (login: string) => `staff:${(db.$client.prepare('SELECT id FROM staff_accounts WHERE login = ?').get(login) as { id: number }).id}`;
      expect(viewed).toEqual([
        { r: r1.id, actor: staffId('nanguan.staff') },
        { r: r2.id, actor: staffId('nanguan.staff') },
        { r: r1.id, actor: staffId('yanji.staff') },
      ]);
    } finally {
      db.$client.close();
    }

    // County B's bureau is told of the transfer.
    const run = await deliver();
    expect(run.sent).toBe(1);
  });

  it('CSV export: no contact without includeContact=1; with it exactly the county’s contacts, audited', async () => {
    const [r1, r2] = submitted as [(typeof submitted)[0], (typeof submitted)[0]];
    for (const [who, cookie] of Object.entries(session)) {
      const csv = await clean(`CSV of ${who}`, 'GET', '/api/staff/reports.csv', { cookie }, 200);
      expect(csv.text.split('\n').length).toBeGreaterThan(1);
      await clean(`CSV of ${who}, includeContact=0`, 'GET', '/api/staff/reports.csv?includeContact=0', { cookie }, 200);
    }
    await clean('CSV with contact, province', 'GET', '/api/staff/reports.csv?includeContact=1', { cookie: session.province }, 403);

    const withA = await call('GET', '/api/staff/reports.csv?includeContact=1', { cookie: session.A });
    const withB = await call('GET', '/api/staff/reports.csv?includeContact=1', { cookie: session.B });
    expect([withA.status, withB.status]).toEqual([200, 200]);
    // Each county exports only its own reporter: r2 stayed in A, r1 went to B.
    expect(withA.text).toContain(R2.name);
    expect(withA.text).toContain(R2.phone);
    expect(findNeedles(needlesOf('reporter 1', R1), withA.text)).toEqual([]);
    expect(withB.text).toContain(R1.name);
    expect(withB.text).toContain(R1.phone);
    expect(findNeedles(needlesOf('reporter 2', R2), withB.text)).toEqual([]);
    // Open311's e-mail is never kept, so it cannot be exported either.
    expect(withA.text).not.toContain(R2.email);

    const db = openDb();
    try {
      const exported = db.$client.prepare("SELECT report_id AS r FROM report_events WHERE type = 'export_with_contact' ORDER BY report_id").all() as {
        r: number;
      }[];
      expect(exported.map((e) => e.r).sort()).toEqual([r1.id, r2.id].sort());
    } finally {
      db.$client.close();
    }
  });

  it('public answers: status lookup, statistics, outfall report counts, Open311', async () => {
    for (const r of submitted) {
      const view = await clean(`lookup ${r.trackingNumber}`, 'GET', `/api/reports/${r.trackingNumber}?code=${r.queryCode}`, {}, 200);
      // The public reply made it; the internal note and the transfer reason did not.
      expect(JSON.parse(view.text).status).toBe('concluded');
      await clean(`Open311 request ${r.trackingNumber}`, 'GET', `/open311/v2/requests/${r.trackingNumber}.json`, {}, 200);
    }
    await clean('stats', 'GET', '/api/stats', {}, 200);
    for (const adcode of [COUNTY_A, COUNTY_B]) await clean(`stats ${adcode}`, 'GET', `/api/stats/${adcode}`, {}, 200);
    const counts = await clean('outfall report-stats', 'GET', `/api/outfalls/${OUTFALL}/report-stats`, {}, 200);
    expect(JSON.parse(counts.text)).toMatchObject({ reports: 1 });
    const list = await clean('Open311 requests.json', 'GET', '/open311/v2/requests.json', {}, 200);
    expect((JSON.parse(list.text) as unknown[]).length).toBe(2);
    await clean(
      'Open311 requests.json by id',
      'GET',
      `/open311/v2/requests.json?service_request_id=${submitted.map((r) => r.trackingNumber).join(',')}`,
      {},
      200,
    );
    for (const path of [
      '/open311/v2/discovery.json',
      '/open311/v2/services.json',
      '/open311/v2/services/illegal_discharge.json',
      '/api/counties',
      '/api/report-categories',
      '/api/health',
    ]) {
      await clean(path, 'GET', path, {}, 200);
    }
  });

  it('what the bureaus received (webhooks, e-mail) names no reporter', async () => {
    expect(hookA.received.length).toBe(2);
    expect(hookB.received.length).toBe(1);
    expect(smtp.messages.length).toBe(2);
    for (const [i, h] of [...hookA.received, ...hookB.received].entries()) {
      expect(h.verified).toBe(true);
      expectClean(`webhook ${i}`, h.body);
      expectClean(`webhook ${i} headers`, JSON.stringify(h.headers));
    }
    for (const [i, m] of smtp.messages.entries()) {
      expectClean(`e-mail ${i} (raw)`, m.raw);
      const parsed = await simpleParser(m.raw);
      expectClean(`e-mail ${i} (decoded)`, [parsed.subject ?? '', parsed.text ?? '', parsed.html || '', JSON.stringify([...parsed.headers])].join('\n'));
    }
  });

  it('the server log (stdout and stderr, debug level) never holds them', async () => {
    const log = Buffer.concat([...server.stdout, ...server.stderr]).toString('utf8');
    // Not vacuous: the log has the lines of the requests made above, at debug level.
    expect(log).toContain('"event":"request"');
    expect(log).toContain('staff.contact_viewed');
    expectClean('server stdout', Buffer.concat(server.stdout));
    expectClean('server stderr', Buffer.concat(server.stderr));
    expect(workerLog.length).toBeGreaterThan(0);
    expectClean('delivery worker log', workerLog.join('\n'));
  });

  it('the uploads folder and the database files never hold them in plaintext', async () => {
    const files = filesUnder(uploadDir);
    expect(files.filter((f) => f.endsWith('.jpg'))).toHaveLength(1);
    for (const f of files) expectClean(`uploads/${f}`, readFileSync(join(uploadDir, f)));

    // While the server runs the newest pages are in the WAL; after it stops they are checkpointed
    // into the main file. Both are searched.
    const scanDbFiles = (when: string) => {
      const found: string[] = [];
      for (const name of ['portal.db', 'portal.db-wal', 'portal.db-shm', 'portal.db-journal']) {
        const p = join(dir, name);
        if (!existsSync(p)) continue;
        expectClean(`${name} ${when}`, readFileSync(p));
        found.push(name);
      }
      return found;
    };
    expect(scanDbFiles('while running')).toEqual(expect.arrayContaining(['portal.db', 'portal.db-wal']));
    await stopServer();
    expect(server.proc.exitCode).toBe(0);
    expect(scanDbFiles('after shutdown')).toContain('portal.db');
    // The shutdown lines count as log too.
    expectClean('server output at shutdown', Buffer.concat([...server.stdout, ...server.stderr]));

    // The contact is there, sealed: one row per report, and nothing else holds it.
    const db = openDb();
    try {
      const sealed = db.$client.prepare('SELECT report_id AS r, sealed FROM report_contacts ORDER BY report_id').all() as { r: number; sealed: string }[];
      expect(sealed.map((s) => s.r)).toEqual(submitted.map((r) => r.id).sort((a, b) => a - b));
      for (const s of sealed) expect(s.sealed).toMatch(/^v1\./);
    } finally {
      db.$client.close();
    }
  });

  it('the idempotency fingerprint is no offline oracle for the contact', () => {
    // Whoever holds a copy of the database (a backup) reads the description, point, category and
    // outfall of every report in plaintext. If the stored request fingerprint were a plain hash
    // over those AND the contact, they could confirm a guessed reporter ("is it my neighbour on
    // 139…?") or run through all ~10^10 mobile numbers in minutes — without the contact key. So
    // the fingerprint the code would compute without the key must not be what is stored.
    const [r1, r2] = submitted as [(typeof submitted)[0], (typeof submitted)[0]];
    const { photos: _p1, ...fields1 } = reportFormSchema.parse({ ...nativeFields(), photos: undefined });
    const plain1 = createHash('sha256')
      .update(canonicalJson({ fields: fields1, photos: [createHash('sha256').update(photo).digest('hex')] }))
      .digest('hex');
    const { photos: _p2, ...fields2 } = open311FormSchema.parse(open311Fields()).native;
    const plain2 = createHash('sha256')
      .update(canonicalJson({ fields: fields2, photos: [] }))
      .digest('hex');
    expect(fields1.contactPhone).toBe(R1.phone);
    expect(fields2.contactName).toBe(R2.name);

    const db = openDb();
    try {
      const stored = new Map(
        (
          db.$client.prepare('SELECT report_id AS r, fingerprint FROM idempotency_keys WHERE report_id IS NOT NULL').all() as {
            r: number;
            fingerprint: string;
          }[]
        ).map((k) => [k.r, k.fingerprint]),
      );
      expect(stored.get(r1.id)).toBeTruthy();
      expect(stored.get(r2.id)).toBeTruthy();
      expect(stored.get(r1.id), 'report 1: stored fingerprint is a plain hash over the contact').not.toBe(plain1);
      expect(stored.get(r2.id), 'report 2: stored fingerprint is a plain hash over the contact').not.toBe(plain2);
      // The control: the forms rebuilt here are exactly what the server fingerprinted (with its key),
      // so the two lines above compare like with like.
      const key = parseContactKey(CONTACT_KEY);
      expect(fingerprint({ ...fields1, photos: [] }, [createHash('sha256').update(photo).digest('hex')], key)).toBe(stored.get(r1.id));
      expect(fingerprint({ ...fields2, photos: [] }, [], key)).toBe(stored.get(r2.id));
    } finally {
      db.$client.close();
    }
    for (const name of ['portal.db', 'portal.db-wal']) {
      const p = join(dir, name);
      if (existsSync(p)) expect(readFileSync(p).includes(Buffer.from(plain1)) || readFileSync(p).includes(Buffer.from(plain2)), name).toBe(false);
    }
  });
});
