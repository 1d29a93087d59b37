import { request } from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiChild,
  claimState,
  killAllChildren,
  makeReportInput,
  makeTempDir,
  multipartBytes,
  postReport,
  postUntilAnswered,
  type ReportCreatedBody,
  type ReportInput,
  readStorage,
  removeDir,
  startApiChild,
  storageProblems,
  until,
} from './helpers.ts';

/**
 * Lost responses: the report reaches the server and is stored, but the answer never reaches the
 * phone. The client retries with the same Idempotency-Key and must get the same report back, never
 * a second one.
 */

/**
 * A TCP proxy that forwards each request to the server and cuts the connection as soon as the first
 * byte of the server's answer arrives, so the client never sees it (the 201 is only sent after the
 * commit, so the report exists by then).
 */
function startDroppingProxy(target: URL): Promise<{ url: string; dropped: () => number; server: Server }> {
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.once('data', () => {
      dropped++;
      client.destroy();
      upstream.destroy();
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, dropped: () => dropped, server });
    }),
  );
}

let dir: string;
let api: ApiChild;
let dbPath: string;
let uploadDir: string;
let proxy: Awaited<ReturnType<typeof startDroppingProxy>>;

beforeAll(async () => {
  dir = makeTempDir();
  dbPath = join(dir, 'portal.db');
  uploadDir = join(dir, 'uploads');
  api = await startApiChild(dbPath, uploadDir);
  proxy = await startDroppingProxy(new URL(api.url));
});
afterAll(async () => {
  await new Promise((r) => proxy?.server.close(r));
  await killAllChildren();
  removeDir(dir);
});

function reportsFor(key: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db.prepare("SELECT count(*) AS n FROM idempotency_keys k JOIN reports r ON r.id = k.report_id WHERE k.key = ? AND k.state = 'done'").get(key) as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
}

describe('lost responses', () => {
  it('a response dropped by the network: the retry with the same key gets the same report, and only one exists', async () => {
    const input = await makeReportInput(2);
    const before = readStorage(dbPath, uploadDir).reports.length;
    await expect(postReport(proxy.url, input)).rejects.toThrow();
    expect(proxy.dropped()).toBe(1);

    const retry = await postUntilAnswered(api.url, input);
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get('idempotent-replayed')).toBe('true');
    const body = retry.body as ReportCreatedBody;
    // The report was stored by the first try: the retry returns it and creates nothing.
    expect(reportsFor(input.key)).toBe(1);
    const state = readStorage(dbPath, uploadDir);
    expect(state.reports.length).toBe(before + 1);
    expect(state.reports.at(-1)!.trackingNumber).toBe(body.trackingNumber);
    // And every further retry (a queue that retries more than once) answers the same.
    const again = await postUntilAnswered(api.url, input);
    expect(again.body).toEqual(body);
    expect(storageProblems(readStorage(dbPath, uploadDir), uploadDir)).toEqual([]);
  });

  it('a client that gives up while the server is still working: the retries get 409 until the first finishes, then the same 201', async () => {
    // Big photos keep the first request busy long enough to be caught mid-way.
    const input = await makeReportInput(3, [2400, 1800]);
    const { body, contentType } = await multipartBytes(input);
    const req = request(`${api.url}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'Content-Length': body.length, 'Idempotency-Key': input.key },
    });
    req.on('error', () => {});
    req.end(body);
    // Wait until the server has claimed the key (the body is read and processing has begun), then hang up.
    await until(() => claimState(dbPath, input.key) === 'processing', 15_000, 'the claim');
    req.destroy();

    const retry = await postUntilAnswered(api.url, input, 100);
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.statuses.slice(0, -1).every((s) => s === 409)).toBe(true);
    expect(reportsFor(input.key)).toBe(1);
    expect(storageProblems(readStorage(dbPath, uploadDir), uploadDir)).toEqual([]);
  });

  it('two identical requests in flight at once: one report; the second gets 409 with Retry-After, a later retry the 201 body', async () => {
    // Whether the second arrives while the first is still processing depends on timing; a few
    // rounds with big photos make it practically certain, and every round must hold the invariant.
    let saw409 = false;
    for (let round = 0; round < 4 && !saw409; round++) {
      const input: ReportInput = await makeReportInput(3, [2400, 1800]);
      const firstTry = postReport(api.url, input);
      await until(() => claimState(dbPath, input.key) === 'processing', 15_000, 'the first claim');
      const second = await postReport(api.url, input);
      const secondBody = await second.json();
      const first = await firstTry;
      const firstBody = (await first.json()) as ReportCreatedBody;
      expect(first.status).toBe(201);
      if (second.status === 409) {
        saw409 = true;
        expect(secondBody).toMatchObject({ error: { code: 'request_in_progress', field: 'Idempotency-Key' } });
        expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
        const later = await postUntilAnswered(api.url, input);
        expect(later.res.status).toBe(201);
        expect(later.body).toEqual(firstBody);
      } else {
        // It came after the first had committed: then it is the replay.
        expect(second.status).toBe(201);
        expect(secondBody).toEqual(firstBody);
      }
      expect(reportsFor(input.key)).toBe(1);
    }
    expect(saw409).toBe(true);
    expect(storageProblems(readStorage(dbPath, uploadDir), uploadDir)).toEqual([]);
  }, 60_000);
});
