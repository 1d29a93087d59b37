import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { createApp } from '../../api/app.ts';
import { loadDeliveryContacts } from '../../api/delivery/contacts.ts';
import { createDelivery, type Delivery, type DeliveryDeps } from '../../api/delivery/index.ts';
import { createLogger } from '../../api/logger.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { publishDataset } from '../../src/records/store.ts';

/**
 * Builders for the API tests: a real app over a real in-memory database (real migrations) and a
 * temporary UPLOAD_DIR, real images made with sharp, and multipart bodies as a browser sends them.
 */

export const TEST_CONTACT_KEY = randomBytes(32).toString('hex');

/** A point well inside 南关区 (长春), more than 500 m from any other county. */
export const NANGUAN = { lat: '43.85', lng: '125.35' } as const;

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: ReturnType<typeof buildDb>;
  /** The app's delivery (its worker is not started; tests call `delivery.worker.runOnce()`). */
  delivery: Delivery;
  uploadDir: string;
  dir: string;
  /** Every log line the app wrote. */
  logs: string[];
  /** Moves the app's clock. */
  advance(ms: number): void;
  now(): Date;
  cleanup(): void;
}

export interface TestAppOptions {
  recover?: boolean;
  db?: ReturnType<typeof buildDb>;
  dir?: string;
  /** Overrides for the app's delivery; contacts default to `loadDeliveryContacts(config)`. */
  delivery?: Partial<Pick<DeliveryDeps, 'contacts' | 'senders' | 'worker'>>;
}

export function makeTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): TestApp {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'api-test-'));
  const uploadDir = join(dir, 'uploads');
  const db = options.db ?? buildDb(':memory:');
  const config = loadConfig({
    UPLOAD_DIR: uploadDir,
    CONTACT_KEY: TEST_CONTACT_KEY,
    TRUST_PROXY: 'true',
    REPORT_RATE_LIMIT: '1000',
    REPORT_ADDRESS_RATE_LIMIT: '1000',
    LOOKUP_RATE_LIMIT: '1000',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  let t = Date.parse('2026-05-01T02:00:00.000Z');
  const clock = () => new Date(t);
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line), clock });
  const delivery = createDelivery({ db, config, clock, logger, ...options.delivery, contacts: options.delivery?.contacts ?? loadDeliveryContacts(config) });
  const app = createApp({ db, config, logger, clock, recover: options.recover, delivery });
  return {
    app,
    db,
    delivery,
    uploadDir,
    dir,
    logs,
    advance: (ms) => {
      t += ms;
    },
    now: clock,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type Fields = Record<string, string | string[] | undefined>;

/** The fields of a valid report in 南关区. */
export function validFields(extra: Fields = {}): Fields {
  return { ...NANGUAN, category: 'illegal_discharge', description: '河边排口在排黑色污水，气味刺鼻。', ...extra };
}

export interface PhotoPart {
  bytes: Buffer;
  name?: string;
  type?: string;
}

export function form(fields: Fields, photos: PhotoPart[] = []): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  }
  for (const p of photos) f.append('photos', new File([new Uint8Array(p.bytes)], p.name ?? 'photo.jpg', { type: p.type ?? 'image/jpeg' }));
  return f;
}

export function postReport(t: TestApp, body: FormData | BodyInit, headers: Record<string, string> = {}, key: string | null = randomUUID()) {
  return t.app.request('/api/reports', {
    method: 'POST',
    body,
    headers: { ...(key === null ? {} : { 'Idempotency-Key': key }), 'X-Forwarded-For': '198.51.100.7', ...headers },
  });
}

/** Random pixels: they do not compress, so file sizes are realistic. */
export function noise(width: number, height: number): Sharp {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
}

export const jpeg = (w = 64, h = 48) => noise(w, h).jpeg({ quality: 90 }).toBuffer();
export const png = (w = 64, h = 48) => noise(w, h).png().toBuffer();
export const webp = (w = 64, h = 48) => noise(w, h).webp().toBuffer();
export const gif = (w = 64, h = 48) => noise(w, h).gif().toBuffer();

/** Files (not folders) under `dir`, relative paths. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, join(rel, n));
      else out.push(join(rel, n));
    }
  };
  walk(dir, '');
  return out.sort();
}

export function count(t: TestApp, table: string): number {
  return (t.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** A published outfall record (minimal valid fields) for reports that name an outfall. */
export function outfallRecord(overrides: Partial<OutfallRecord>): OutfallRecord {
  return {
    code: 'TEST-220102-0001',
    name: '伊通河南关区测试排污口',
    type: { level1Key: 'other', level1: '其他排口' },
    cityAdcode: '220100',
    cityName: '长春市',
    countyAdcode: '220102',
    countyName: '南关区',
    lng: 125.37,
    lat: 43.86,
    receivingWater: { name: '伊通河' },
    responsibleEntity: { name: '南关区人民政府' },
    supervisor: { name: '长春市生态环境局南关区分局' },
    remediation: { status: '待整治' },
    retained: false,
    signboard: true,
    updatedAt: '2026-01-01',
    ...overrides,
  } as OutfallRecord;
}

export function publishOutfalls(t: TestApp, records: OutfallRecord[]) {
  publishDataset(t.db, records, { source: 'test', sourceSha256: 'test', demo: true });
}
