import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiChild,
  killAllChildren,
  type LogLine,
  makeReportInput,
  makeTempDir,
  multipartBytes,
  postUntilAnswered,
  readStorage,
  removeDir,
  sleep,
  startApiChild,
  storageProblems,
} from './helpers.ts';

/**
 * A phone that loses its connection in the middle of an upload: the server must give up on that
 * request, store nothing (no row, no file, nothing in tmp/) and leave the Idempotency-Key free, so
 * that the client's retry with the same key creates the report.
 */

let dir: string;
let api: ApiChild;
let dbPath: string;
let uploadDir: string;

beforeAll(async () => {
  dir = makeTempDir();
  dbPath = join(dir, 'portal.db');
  uploadDir = join(dir, 'uploads');
  api = await startApiChild(dbPath, uploadDir);
});
afterAll(async () => {
  await killAllChildren();
  removeDir(dir);
});

const isPost = (l: LogLine) => l.event === 'request' && l.method === 'POST' && l.path === '/api/reports';

const CASES = [
  { name: 'with Content-Length', chunked: false },
  { name: 'chunked (no Content-Length)', chunked: true },
] as const;

describe('a client that disconnects in the middle of an upload', () => {
  it.each(CASES)('$name: no row, no file, and the same key works afterwards', async ({ chunked }) => {
    const input = await makeReportInput(3, [1600, 1200]);
    const { body, contentType } = await multipartBytes(input);
    const before = readStorage(dbPath, uploadDir);
    const from = api.logs.length;

    const url = new URL(api.url);
    const socket = createConnection({ host: url.hostname, port: Number(url.port) });
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    const head = [
      'POST /api/reports HTTP/1.1',
      `Host: ${url.host}`,
      `Content-Type: ${contentType}`,
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`,
      `Idempotency-Key: ${input.key}`,
      '',
      '',
    ].join('\r\n');
    const half = body.subarray(0, Math.floor(body.length / 2));
    socket.write(head);
    // Send the first half in pieces, as a slow network does, then vanish.
    for (let at = 0; at < half.length; at += 64 * 1024) {
      const piece = half.subarray(at, at + 64 * 1024);
      socket.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
      await sleep(10);
    }
    await sleep(100);
    socket.destroy();

    // The server has noticed once it logged the request (whatever status it chose for it).
    const seen = await api.waitForLog(isPost, { from, timeoutMs: 15_000 });
    // A hang-up is the client's doing: a 4xx in the access log, no error logged as a server fault.
    expect(seen).toMatchObject({ status: 400, errorCode: 'malformed_body' });
    expect(api.logs.slice(from).filter((l) => l.level === 'error')).toEqual([]);
    const after = readStorage(dbPath, uploadDir);
    expect(after.reports).toEqual(before.reports);
    expect(after.photoFiles).toEqual(before.photoFiles);
    expect(after.tmpFiles).toEqual([]);
    expect(after.keys.find((k) => k.key === input.key)).toBeUndefined();

    // The retry with the same key is a normal first try.
    const retry = await postUntilAnswered(api.url, input);
    expect(retry.res.status).toBe(201);
    expect(retry.statuses).toEqual([201]);
    expect(retry.res.headers.get('idempotent-replayed')).toBeNull();
    expect(storageProblems(readStorage(dbPath, uploadDir), uploadDir)).toEqual([]);
  });
});
