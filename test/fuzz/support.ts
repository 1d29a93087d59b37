import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { createLogger } from '../../api/logger.ts';
import { type RunningApi, startApiServer } from '../../api/node.ts';
import { PROJECT_ROOT } from '../../src/kernel/geo/paths.ts';

/**
 * Shared by the fuzz tests that talk to the real API server: a temporary portal folder inside the
 * project, a raw HTTP/1.1 client (so a test can send what no well-behaved client would: broken
 * framing, odd bytes in headers, bodies that never end) and a check of UPLOAD_DIR against the
 * database.
 */

export interface FuzzServer {
  api: RunningApi;
  dir: string;
  uploadDir: string;
  /** Log lines at warn level and above (errors would mean a 500). */
  logs: string[];
  stop(): Promise<void>;
}

/** The real API on a free port over a fresh database in `.tmp-fuzz-*` inside the project. */
export async function startFuzzServer(env: Record<string, string> = {}): Promise<FuzzServer> {
  const dir = mkdtempSync(join(PROJECT_ROOT, '.tmp-fuzz-'));
  const uploadDir = join(dir, 'uploads');
  const logs: string[] = [];
  const api = await startApiServer({
    dbPath: join(dir, 'portal.db'),
    uploadDir,
    env: {
      CONTACT_KEY: randomBytes(32).toString('hex'),
      REPORT_RATE_LIMIT: '1000000',
      REPORT_ADDRESS_RATE_LIMIT: '1000000',
      LOOKUP_RATE_LIMIT: '1000000',
      ...env,
    },
    logger: createLogger({ level: 'warn', write: (line) => logs.push(line) }),
  });
  return {
    api,
    dir,
    uploadDir,
    logs,
    stop: async () => {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  /** HTTP status, or null when the connection ended without one. */
  status: number | null;
  headers: Record<string, string>;
  body: Buffer;
  /** The connection was cut or timed out before a complete answer. */
  error?: string;
  timedOut: boolean;
  /** Request bytes the socket accepted before the answer or the end. */
  sent: number;
  /** Request bytes the socket accepted after the first byte of the answer arrived. */
  sentAfterAnswer: number;
  /** Milliseconds from the first byte of the answer to the end of the connection. */
  msAfterAnswer: number | null;
  ms: number;
}

export interface RawRequest {
  /** Header lines after the request line, without the final blank line (Host and Connection are added). */
  headers: string[];
  /** The body, written as given (Content-Length / chunking is up to the caller), or a producer of chunks. */
  body?: Buffer | (() => Buffer | null);
  timeoutMs: number;
  method?: string;
  path?: string;
  /** Keep calling the body producer after the answer arrived (to see when the server stops reading). */
  keepSending?: boolean;
}

/**
 * Sends one request over a fresh TCP connection (`Connection: close`) and reads the answer until
 * the server closes. A body producer is called until it returns null or the server answers, which
 * is how a test keeps "uploading" to see when the server stops listening.
 */
export function rawRequest(port: number, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve) => {
    const start = performance.now();
    // Half-open when the test keeps sending: the server's FIN alone does not stop us, only a reset does.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: req.keepSending === true });
    const chunks: Buffer[] = [];
    let sent = 0;
    let sentAfterAnswer = 0;
    let answeredAt: number | null = null;
    let done = false;
    let answered = false;
    const finish = (error?: string, timedOut = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      const head = raw.indexOf('\r\n\r\n');
      const headText = raw.subarray(0, head < 0 ? raw.length : head).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(headText);
      const headers: Record<string, string> = {};
      for (const line of headText.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const now = performance.now();
      resolve({
        status: m ? Number(m[1]) : null,
        headers,
        body: head < 0 ? Buffer.alloc(0) : raw.subarray(head + 4),
        error,
        timedOut,
        sent,
        sentAfterAnswer,
        msAfterAnswer: answeredAt === null ? null : now - answeredAt,
        ms: now - start,
      });
    };
    const timer = setTimeout(() => finish('timeout', true), req.timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      if (!answered) answeredAt = performance.now();
      answered = true;
    });
    socket.on('end', () => {
      if (!req.keepSending) finish();
    });
    socket.on('close', () => finish());
    // A reset after the answer arrived is the server refusing the rest of the body: the answer stands.
    socket.on('error', (e) => finish(answered ? undefined : e.message));
    socket.on('connect', () => {
      const head = Buffer.from(
        `${req.method ?? 'POST'} ${req.path ?? '/api/reports'} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${req.headers.map((h) => `${h}\r\n`).join('')}\r\n`,
        'latin1',
      );
      const write = (b: Buffer) => {
        if (done || socket.destroyed) return false;
        sent += b.length;
        if (answered) sentAfterAnswer += b.length;
        return socket.write(b);
      };
      write(head);
      const body = req.body;
      if (Buffer.isBuffer(body)) write(body);
      else if (body) {
        const pump = () => {
          while (!done && (!answered || req.keepSending)) {
            const chunk = body();
            if (chunk === null) return;
            if (!write(chunk)) {
              socket.once('drain', pump);
              return;
            }
          }
        };
        pump();
      }
    });
  });
}

/** Runs `fn` over `items` with at most `limit` at a time, in order of start. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Problems with UPLOAD_DIR against the database: a file in tmp/, a file not named
 * `<aa>/<sha256>.jpg` or whose bytes do not hash to its name, a file no row references, a row
 * whose file is missing. Empty when storage is consistent.
 */
export function storageProblems(server: FuzzServer): string[] {
  const problems: string[] = [];
  const rows = server.api.db.$client.prepare('SELECT DISTINCT sha256 FROM report_photos').pluck().all() as string[];
  const referenced = new Set(rows);
  const files = filesUnder(server.uploadDir);
  for (const f of files) {
    const m = /^([0-9a-f]{2})\/([0-9a-f]{64})\.jpg$/.exec(f);
    if (!m || m[1] !== m[2]!.slice(0, 2)) {
      problems.push(`unexpected file ${f}`);
      continue;
    }
    const sha = createHash('sha256')
      .update(readFileSync(join(server.uploadDir, f)))
      .digest('hex');
    if (sha !== m[2]) problems.push(`${f} does not hash to its name`);
    if (!referenced.has(m[2]!)) problems.push(`${f} is referenced by no report`);
  }
  const present = new Set(files.map((f) => f.slice(3, 67)));
  for (const sha of referenced) if (!present.has(sha)) problems.push(`report photo ${sha} has no file`);
  return problems;
}

/** A seeded PRNG (mulberry32), so mutated bodies are the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    bytes: (n: number) => Buffer.from(Uint8Array.from({ length: n }, () => int(256))),
    /** A UUID built from the PRNG (v4 layout). */
    uuid: () => {
      const h = Array.from({ length: 32 }, () => int(16).toString(16)).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
export type Prng = ReturnType<typeof prng>;
