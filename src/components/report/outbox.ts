/**
 * The device-side store of the report form: the draft, the outbox of submissions waiting for a
 * network, and receipts (tracking number + query code) of reports that reached the server.
 *
 * The same module runs in two places: bundled into the /report/ island, and — type-stripped by
 * src/pages/sw.js.ts — as the service worker that sends the outbox on a Background Sync event
 * after the citizen has left the page. So it must stay self-contained: no runtime imports, only
 * erasable TypeScript, and nothing that needs `window` or `document`.
 *
 * Exactly-once: an outbox item carries the Idempotency-Key made before its first try and its
 * payload is never changed afterwards, so every retry (page, service worker, next page load) sends
 * the same key with the same content and the server answers with the same report. Sends run under
 * a Web Lock so the page and the service worker never send the same item at the same moment.
 */

export const OUTBOX_DB = 'jl-outfalls-report';
const DB_VERSION = 1;
/** Background Sync tag; the service worker sends the outbox when it fires. */
export const SYNC_TAG = 'report-outbox';
/** BroadcastChannel on which any context announces that the outbox changed. */
export const OUTBOX_CHANNEL = 'report-outbox';
const LOCK_NAME = 'report-outbox-send';
/** A weak network may need minutes for a few photos; past this the try counts as a network failure. */
const SEND_TIMEOUT_MS = 180_000;

/** A photo as the form keeps it: already downscaled and re-encoded in the browser. */
export interface StoredPhoto {
  /** Stable id within the draft, for keys and remove buttons. */
  id: string;
  blob: Blob;
  name: string;
  width: number;
  height: number;
  /** GPS position found in the original file's EXIF, if any. */
  gps?: { lat: number; lng: number };
}

/** The public part of the 201 answer of POST /api/reports. */
export interface Receipt {
  trackingNumber: string;
  queryCode: string;
  county: { adcode: string; name: string; bureau?: string };
  status: string;
  receivedAt: string;
}

/** A receipt kept on the device so the citizen can look the report up without noting the code. */
export interface StoredReceipt extends Receipt {
  /** The Idempotency-Key the report was sent with. */
  key: string;
  /** The citizen has seen the number on screen (false when the service worker sent it). */
  seen: boolean;
}

/** The JSON error body of the API. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field: string | null;
  issues?: { code: string; field: string; message: string }[];
}

/** A submission waiting to be sent, or one the server refused (kept so the citizen can fix it). */
export interface OutboxItem {
  /** Idempotency-Key (UUID), made before the first try. */
  key: string;
  /** Absolute URL of POST /api/reports. */
  endpoint: string;
  createdAt: string;
  /** Form fields exactly as they are sent. */
  fields: Record<string, string>;
  photos: StoredPhoto[];
  state: 'queued' | 'rejected';
  attempts: number;
  lastAttemptAt?: string;
  /** The server's answer when it refused the report (state `rejected`). */
  error?: ApiErrorBody;
  httpStatus?: number;
}

/** The form as the citizen left it. */
export interface Draft {
  savedAt: string;
  fields: Record<string, string>;
  photos: StoredPhoto[];
}

export type SendOutcome =
  | { kind: 'sent'; receipt: Receipt }
  /** `throttled`: 429, the server's rate limit; Retry-After says how long to wait. */
  | { kind: 'retry'; reason: 'network' | 'server' | 'throttled'; retryAfterS?: number }
  | { kind: 'rejected'; status: number; error: ApiErrorBody };

export interface FlushResult {
  sent: StoredReceipt[];
  rejected: OutboxItem[];
  /** Items still queued after this run. */
  pending: number;
}

function promisify<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

let dbPromise: Promise<IDBDatabase> | undefined;

/** Opens (and on first use creates) the device store. */
export function openStore(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(OUTBOX_DB, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('drafts')) db.createObjectStore('drafts');
      if (!db.objectStoreNames.contains('receipts')) db.createObjectStore('receipts', { keyPath: 'trackingNumber' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema must not be blocked by this one.
      db.onversionchange = () => {
        db.close();
        dbPromise = undefined;
      };
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB open blocked'));
  }).catch((err: unknown) => {
    dbPromise = undefined;
    throw err;
  });
  return dbPromise;
}

type StoreName = 'outbox' | 'drafts' | 'receipts';

async function read<T>(store: StoreName, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openStore();
  const tx = db.transaction(store, 'readonly');
  return (await promisify(op(tx.objectStore(store)))) as T;
}

async function write(stores: StoreName[], op: (tx: IDBTransaction) => void): Promise<void> {
  const db = await openStore();
  const tx = db.transaction(stores, 'readwrite');
  op(tx);
  await done(tx);
}

// ── Draft ──

export function loadDraft(): Promise<Draft | undefined> {
  return read<Draft | undefined>('drafts', (s) => s.get('current'));
}

export function saveDraft(draft: Draft): Promise<void> {
  return write(['drafts'], (tx) => tx.objectStore('drafts').put(draft, 'current'));
}

export function clearDraft(): Promise<void> {
  return write(['drafts'], (tx) => tx.objectStore('drafts').delete('current'));
}

// ── Outbox ──

/** Puts a new submission in the outbox, before its first try, so a crash or a closed tab cannot lose it. */
export function enqueue(item: OutboxItem): Promise<void> {
  return write(['outbox'], (tx) => tx.objectStore('outbox').put(item));
}

export function outboxItems(): Promise<OutboxItem[]> {
  return read<OutboxItem[]>('outbox', (s) => s.getAll());
}

export function removeOutboxItem(key: string): Promise<void> {
  return write(['outbox'], (tx) => tx.objectStore('outbox').delete(key));
}

// ── Receipts ──

export async function receipts(): Promise<StoredReceipt[]> {
  const all = await read<StoredReceipt[]>('receipts', (s) => s.getAll());
  return all.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

export function saveReceipt(receipt: StoredReceipt): Promise<void> {
  return write(['receipts'], (tx) => tx.objectStore('receipts').put(receipt));
}

export function removeReceipt(trackingNumber: string): Promise<void> {
  return write(['receipts'], (tx) => tx.objectStore('receipts').delete(trackingNumber));
}

// ── Sending ──

function retryAfter(res: Response): number | undefined {
  const v = Number(res.headers.get('Retry-After'));
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function isReceipt(v: unknown): v is Receipt {
  const r = v as Receipt | null;
  return !!r && typeof r.trackingNumber === 'string' && typeof r.queryCode === 'string' && typeof r.county?.name === 'string';
}

/**
 * Sends one submission once and classifies the answer. Network failures, timeouts, 408/409/429
 * and 5xx are worth retrying with the same key (429 is told apart: the page says so, with the wait);
 * other 4xx mean the content must change.
 *
 * @example const outcome = await sendItem(item); if (outcome.kind === 'sent') show(outcome.receipt);
 */
export async function sendItem(item: OutboxItem, fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  const body = new FormData();
  for (const [name, value] of Object.entries(item.fields)) body.append(name, value);
  for (const p of item.photos) body.append('photos', p.blob, p.name);
  let res: Response;
  try {
    res = await fetchImpl(item.endpoint, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': item.key, Accept: 'application/json' },
      credentials: 'same-origin',
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(SEND_TIMEOUT_MS) : undefined,
    });
  } catch {
    return { kind: 'retry', reason: 'network' };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) return isReceipt(json) ? { kind: 'sent', receipt: json } : { kind: 'retry', reason: 'server' };
  if (res.status === 429) return { kind: 'retry', reason: 'throttled', retryAfterS: retryAfter(res) };
  if (res.status === 408 || res.status === 409 || res.status >= 500) {
    return { kind: 'retry', reason: 'server', retryAfterS: retryAfter(res) };
  }
  const error = (json as { error?: ApiErrorBody } | undefined)?.error;
  return {
    kind: 'rejected',
    status: res.status,
    error: error && typeof error.message === 'string' ? error : { code: `http_${res.status}`, message: `HTTP ${res.status}`, field: null },
  };
}

/**
 * Asks the server where a report from this point would go (GET /api/locate) BEFORE its photos are
 * uploaded: a point outside Jilin (422) or an unknown outfall (400) comes back as the refusal to
 * show, at once and without megabytes sent for nothing. Anything else (no network, a busy server,
 * a rate limit) answers undefined: the submission goes on and the server decides as always.
 *
 * @example const refusal = await locationRefusal(item.endpoint, item.fields); if (refusal) show(refusal);
 */
export async function locationRefusal(
  reportsEndpoint: string,
  fields: Record<string, string>,
  fetchImpl: typeof fetch = fetch,
): Promise<ApiErrorBody | undefined> {
  const query = new URLSearchParams({ lat: fields.lat ?? '', lng: fields.lng ?? '' });
  if (fields.outfallCode) query.set('outfallCode', fields.outfallCode);
  try {
    const url = new URL(`../locate?${query}`, reportsEndpoint.endsWith('/') ? reportsEndpoint : `${reportsEndpoint}/`);
    const res = await fetchImpl(url.href, {
      headers: { Accept: 'application/json' },
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(10_000) : undefined,
    });
    if (res.status !== 422 && res.status !== 400) return undefined;
    const error = ((await res.json()) as { error?: ApiErrorBody }).error;
    return error && typeof error.message === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request(LOCK_NAME, fn) as Promise<T>) : fn();
}

function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(OUTBOX_CHANNEL);
  ch.postMessage({ type: 'outbox-changed' });
  ch.close();
}

/**
 * Applies the outcome of one try to the store: a sent item becomes a receipt (its photos and
 * contact leave the device), a refused one stays for the citizen to fix, a failed try is counted.
 * Returns the stored receipt or refused item.
 */
export async function settle(item: OutboxItem, outcome: SendOutcome, seen: boolean): Promise<StoredReceipt | OutboxItem | undefined> {
  const now = new Date().toISOString();
  if (outcome.kind === 'sent') {
    const receipt: StoredReceipt = { ...outcome.receipt, key: item.key, seen };
    await write(['outbox', 'receipts'], (tx) => {
      tx.objectStore('outbox').delete(item.key);
      tx.objectStore('receipts').put(receipt);
    });
    announce();
    return receipt;
  }
  if (outcome.kind === 'rejected') {
    const rejected: OutboxItem = {
      ...item,
      state: 'rejected',
      error: outcome.error,
      httpStatus: outcome.status,
      attempts: item.attempts + 1,
      lastAttemptAt: now,
    };
    await write(['outbox'], (tx) => tx.objectStore('outbox').put(rejected));
    announce();
    return rejected;
  }
  await write(['outbox'], (tx) => tx.objectStore('outbox').put({ ...item, attempts: item.attempts + 1, lastAttemptAt: now }));
  return undefined;
}

/**
 * Sends every queued submission, oldest first, under the outbox lock. Stops at the first network
 * failure (the others would fail the same way). `seen` marks receipts as already shown, which is
 * true when the page itself sends.
 *
 * @example const { pending } = await flushOutbox(); if (pending) registerSync();
 */
export async function flushOutbox(options: { seen?: boolean; fetchImpl?: typeof fetch } = {}): Promise<FlushResult> {
  return withLock(async () => {
    const result: FlushResult = { sent: [], rejected: [], pending: 0 };
    // Read inside the lock: another context may have sent an item while this one waited.
    const queued = (await outboxItems()).filter((i) => i.state === 'queued').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (let i = 0; i < queued.length; i++) {
      const item = queued[i]!;
      const outcome = await sendItem(item, options.fetchImpl);
      const stored = await settle(item, outcome, options.seen ?? false);
      if (outcome.kind === 'sent') result.sent.push(stored as StoredReceipt);
      else if (outcome.kind === 'rejected') result.rejected.push(stored as OutboxItem);
      else {
        result.pending = queued.length - i;
        break;
      }
    }
    return result;
  });
}

/**
 * Sends one outbox item now (the page's own submit), under the outbox lock. When another context
 * sent it meanwhile, answers with that receipt instead of sending again.
 *
 * @example const outcome = await sendQueued(item.key); // { kind: 'sent', receipt } | retry | rejected
 */
export async function sendQueued(key: string, options: { seen?: boolean; fetchImpl?: typeof fetch } = {}): Promise<SendOutcome> {
  return withLock(async () => {
    const item = await read<OutboxItem | undefined>('outbox', (s) => s.get(key));
    if (item?.state !== 'queued') {
      const receipt = (await receipts()).find((r) => r.key === key);
      if (receipt) return { kind: 'sent', receipt } as const;
      if (item?.state === 'rejected' && item.error) return { kind: 'rejected', status: item.httpStatus ?? 400, error: item.error } as const;
      throw new Error(`outbox item ${key} is gone`);
    }
    const outcome = await sendItem(item, options.fetchImpl);
    await settle(item, outcome, options.seen ?? true);
    return outcome;
  });
}

// ── Service worker ──

/** The parts of ServiceWorkerGlobalScope the outbox worker uses (the DOM lib does not declare them). */
interface SyncEvent extends Event {
  tag: string;
  lastChance?: boolean;
  waitUntil(p: Promise<unknown>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate' | 'sync' | 'message', fn: (e: SyncEvent & { data?: unknown }) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

/**
 * Wires the outbox into a service worker: on a Background Sync event for SYNC_TAG it sends the
 * outbox and, while items remain queued, fails the event so the browser tries again later.
 * src/pages/sw.js.ts appends `installOutboxWorker(self)` to this module's stripped source.
 */
export function installOutboxWorker(scope: WorkerScope): void {
  scope.addEventListener('install', (e) => e.waitUntil(scope.skipWaiting()));
  scope.addEventListener('activate', (e) => e.waitUntil(scope.clients.claim()));
  scope.addEventListener('sync', (e) => {
    if (e.tag !== SYNC_TAG) return;
    e.waitUntil(
      flushOutbox({ seen: false }).then((r) => {
        if (r.pending > 0) throw new Error(`${r.pending} report(s) still queued`);
      }),
    );
  });
  scope.addEventListener('message', (e) => {
    if ((e.data as { type?: string } | undefined)?.type === 'flush') e.waitUntil(flushOutbox({ seen: false }));
  });
}
