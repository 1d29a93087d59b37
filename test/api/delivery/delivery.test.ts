import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sender, webhookSender } from '../../../api/delivery/senders.ts';
import { createDeliveryWorker, type DeliveryWorker, retryDelayMs } from '../../../api/delivery/worker.ts';
import { type Config, loadConfig } from '../../../src/kernel/config.ts';
import { deliveryAttempts, deliveryOutbox, reportEvents, reports } from '../../../src/kernel/db/schema.ts';
import { form, makeTestApp, outfallRecord, postReport, publishOutfalls, type TestApp, validFields } from '../helpers.ts';
import { type SmtpSink, startSmtpSink, startWebhookReceiver, type WebhookReceiver } from './sinks.ts';

/**
 * Delivery end to end: reports created through the real API, the real outbox, the real worker and
 * senders, a real SMTP server and a real HTTP receiver on 127.0.0.1. The clock is moved by hand.
 */

const CONTACT_NAME = '欧阳娜娜';
const CONTACT_PHONE = '13912345678';
const DESCRIPTION = '独特描述：紫红色泡沫水从暗管流出甲乙丙';
const BASE_URL = 'https://hbpwk.example.gov.cn';

interface Rig {
  t: TestApp;
  config: Config;
  smtp: SmtpSink;
  hookA: WebhookReceiver;
  hookB: WebhookReceiver;
  secretA: string;
  secretB: string;
  worker: DeliveryWorker;
}

let rig: Rig | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await rig?.worker.stop();
  await rig?.smtp.close();
  await rig?.hookA.close();
  await rig?.hookB.close();
  rig?.t.cleanup();
  rig = undefined;
  for (const c of cleanups.splice(0)) await c();
});

async function setup(env: Record<string, string> = {}, scriptA: (number | 'hang')[] = []): Promise<Rig> {
  const smtp = await startSmtpSink();
  const secretA = randomBytes(24).toString('hex');
  const secretB = randomBytes(24).toString('hex');
  const hookA = await startWebhookReceiver(secretA, scriptA);
  const hookB = await startWebhookReceiver(secretB);
  const dir = mkdtempSync(join(tmpdir(), 'delivery-test-'));
  const file = join(dir, 'contacts.json');
  writeFileSync(
    file,
    JSON.stringify({
      // 南关区: e-mail and webhook; 朝阳区: webhook only; every other county: inbox only.
      '220102': { email: 'nanguan@example.gov.cn', webhook: { url: hookA.url, secret: secretA } },
      '220104': { webhook: { url: hookB.url, secret: secretB } },
    }),
  );
  const fullEnv = {
    DELIVERY_CONTACTS_FILE: file,
    SMTP_URL: smtp.url,
    DELIVERY_FROM: '入河排污口举报平台 <noreply@hbpwk.example.gov.cn>',
    PUBLIC_BASE_URL: BASE_URL,
    DELIVERY_RETRY_BASE_S: '60',
    DELIVERY_TIMEOUT_S: '5',
    ...env,
  };
  // random = 1: the jitter picks the top of its range, so "advance by the full delay" is exact.
  const t = makeTestApp(fullEnv, { dir, delivery: { worker: { random: () => 1 } } });
  const config = loadConfig({ ...fullEnv, UPLOAD_DIR: t.uploadDir });
  // The app's own delivery: the worker sends with the contacts the app queued for.
  const worker = t.delivery.worker;
  rig = { t, config, smtp, hookA, hookB, secretA, secretB, worker };
  return rig;
}

async function createReport(t: TestApp, extra: Record<string, string> = {}) {
  const res = await postReport(t, form(validFields({ contactName: CONTACT_NAME, contactPhone: CONTACT_PHONE, description: DESCRIPTION, ...extra })));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { trackingNumber: string; queryCode: string };
  const row = t.db.select().from(reports).where(eq(reports.trackingNumber, body.trackingNumber)).get()!;
  return { ...body, id: row.id };
}

const outbox = (t: TestApp, reportId: number) =>
  t.db.select().from(deliveryOutbox).where(eq(deliveryOutbox.reportId, reportId)).orderBy(deliveryOutbox.id).all();
const deliveryState = (t: TestApp, reportId: number) => t.db.select({ s: reports.deliveryState }).from(reports).where(eq(reports.id, reportId)).get()!.s;
const attempts = (t: TestApp, outboxId: number) =>
  t.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxId, outboxId)).orderBy(deliveryAttempts.id).all();

/** Everything a receiver got, raw and decoded, as one string to search. */
async function everythingDelivered(r: Rig): Promise<string> {
  const parts: string[] = [];
  for (const m of r.smtp.messages) {
    parts.push(m.raw.toString('utf8'));
    const parsed = await simpleParser(m.raw);
    parts.push(parsed.subject ?? '', parsed.text ?? '', JSON.stringify([...parsed.headers]));
  }
  for (const h of [...r.hookA.received, ...r.hookB.received]) parts.push(h.body, JSON.stringify(h.headers));
  return parts.join('\n');
}

describe('enqueueDelivery inside the report transaction', () => {
  it('writes one outbox row per configured contact of the county and leaves the report pending', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    const rows = outbox(r.t, rep.id);
    expect(rows.map((x) => ({ channel: x.channel, target: x.target, county: x.countyAdcode, reason: x.reason, state: x.state }))).toEqual([
      { channel: 'email', target: 'nanguan@example.gov.cn', county: '220102', reason: 'new', state: 'pending' },
      { channel: 'webhook', target: r.hookA.url, county: '220102', reason: 'new', state: 'pending' },
    ]);
    expect(deliveryState(r.t, rep.id)).toBe('pending');
  });

  it('marks the report inbox_only and queues nothing for a county without contacts', async () => {
    const r = await setup();
    // 宽城区 (220103) is not in the contacts file.
    const rep = await createReport(r.t, { lat: '43.95', lng: '125.32' });
    expect(r.t.db.select({ c: reports.countyAdcode }).from(reports).where(eq(reports.id, rep.id)).get()!.c).toBe('220103');
    expect(outbox(r.t, rep.id)).toEqual([]);
    expect(deliveryState(r.t, rep.id)).toBe('inbox_only');
    expect(await r.worker.runOnce()).toEqual({ attempted: 0, sent: 0, retrying: 0, failed: 0 });
  });

  it('queues nothing when the report transaction rolls back', async () => {
    const r = await setup();
    const before = r.t.db.select().from(deliveryOutbox).all().length;
    const res = await postReport(r.t, form(validFields({ description: 'x' })));
    expect(res.status).toBe(400);
    expect(r.t.db.select().from(deliveryOutbox).all().length).toBe(before);
  });
});

describe('the worker delivers through a real SMTP server and a real webhook receiver', () => {
  it('sends the e-mail and the signed webhook, records the attempts and marks the report sent', async () => {
    const r = await setup();
    publishOutfalls(r.t, [outfallRecord({ code: 'TEST-220102-0001', name: '伊通河南关区测试排污口' })]);
    const rep = await createReport(r.t, { outfallCode: 'TEST-220102-0001' });
    expect(await r.worker.runOnce()).toEqual({ attempted: 2, sent: 2, retrying: 0, failed: 0 });

    // E-mail: authenticated, to the bureau, with the facts and the inbox link.
    expect(r.smtp.messages).toHaveLength(1);
    const mail = await simpleParser(r.smtp.messages[0]!.raw);
    expect(r.smtp.messages[0]!.to).toEqual(['nanguan@example.gov.cn']);
    expect(mail.subject).toContain(rep.trackingNumber);
    expect(mail.subject).toContain('偷排/超标排放');
    expect(mail.text).toContain('长春市生态环境局南关区分局');
    expect(mail.text).toContain('伊通河南关区测试排污口');
    expect(mail.text).toContain(`${BASE_URL}/staff/report/?id=${rep.id}`);
    expect(mail.messageId).toBe(`<${rep.trackingNumber}.${outbox(r.t, rep.id)[0]!.id}@hbpwk.example.gov.cn>`);

    // Webhook: signature verified by the receiver's own HMAC, JSON with the same facts.
    expect(r.hookA.received).toHaveLength(1);
    const hook = r.hookA.received[0]!;
    expect(hook.verified).toBe(true);
    const payload = JSON.parse(hook.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      event: 'report.new',
      trackingNumber: rep.trackingNumber,
      category: { key: 'illegal_discharge', name: '偷排/超标排放' },
      county: { adcode: '220102', bureau: '长春市生态环境局南关区分局' },
      place: { outfallCode: 'TEST-220102-0001', outfallName: '伊通河南关区测试排污口' },
      inboxUrl: `${BASE_URL}/staff/report/?id=${rep.id}`,
    });
    expect(hook.headers['idempotency-key']).toBe(payload.id);
    expect(hook.headers['x-delivery-id']).toBe(payload.id);

    const rows = outbox(r.t, rep.id);
    expect(rows.map((x) => [x.state, x.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    for (const row of rows) {
      const a = attempts(r.t, row.id);
      expect(a).toHaveLength(1);
      expect(a[0]!.ok).toBe(true);
      expect(a[0]!.detail).toMatch(row.channel === 'email' ? /^smtp: 250/ : /^webhook: HTTP 200$/);
    }
    expect(deliveryState(r.t, rep.id)).toBe('sent');
    // Sent rows are not sent again.
    expect(await r.worker.runOnce()).toEqual({ attempted: 0, sent: 0, retrying: 0, failed: 0 });
  });

  it('never delivers the reporter contact, the description, the query code or photos', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    await r.worker.runOnce();
    expect(r.smtp.messages).toHaveLength(1);
    expect(r.hookA.received).toHaveLength(1);
    const all = await everythingDelivered(r);
    expect(all).toContain(rep.trackingNumber);
    for (const secret of [CONTACT_NAME, '欧阳', CONTACT_PHONE, '912345678', DESCRIPTION, '紫红色', rep.queryCode]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/Content-Disposition: attachment|image\/jpeg/i);
    // The secret itself is never sent, only the signature made with it.
    expect(all).not.toContain(r.secretA);
  });

  it('retries with exponential backoff: the receiver answers 500 twice, then 200', async () => {
    const r = await setup({}, [500, 500]);
    const rep2 = await createReport(r.t);
    const hookRow = () => outbox(r.t, rep2.id).find((x) => x.channel === 'webhook')!;
    // Only the webhook row matters here: let the e-mail go out first.
    r.t.db.update(deliveryOutbox).set({ nextAttemptAt: '9999-01-01T00:00:00.000Z' }).where(eq(deliveryOutbox.channel, 'email')).run();

    const base = 60_000;
    // 1st attempt: 500, next attempt one base delay later.
    expect((await r.worker.runOnce()).retrying).toBe(1);
    let row = hookRow();
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'webhook: HTTP 500' });
    expect(Date.parse(row.nextAttemptAt) - r.t.now().getTime()).toBe(retryDelayMs(1, base, () => 1));
    expect(deliveryState(r.t, rep2.id)).toBe('pending');

    // Not yet due: nothing is attempted.
    r.t.advance(base - 1000);
    expect((await r.worker.runOnce()).attempted).toBe(0);

    // 2nd attempt: 500 again, the delay doubles.
    r.t.advance(1000);
    expect((await r.worker.runOnce()).retrying).toBe(1);
    row = hookRow();
    expect(row.attempts).toBe(2);
    expect(Date.parse(row.nextAttemptAt) - r.t.now().getTime()).toBe(2 * base);

    // 3rd attempt: 200.
    r.t.advance(2 * base);
    expect((await r.worker.runOnce()).sent).toBe(1);
    row = hookRow();
    expect(row).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(attempts(r.t, row.id).map((a) => a.ok)).toEqual([false, false, true]);
    expect(r.hookA.received.map((h) => h.status)).toEqual([500, 500, 200]);
    // The same message id on every copy: receivers can dedupe.
    expect(new Set(r.hookA.received.map((h) => h.headers['idempotency-key'])).size).toBe(1);
    expect(r.hookA.received.every((h) => h.verified)).toBe(true);
    // The e-mail row is still pending, so the report is too.
    expect(deliveryState(r.t, rep2.id)).toBe('pending');
  });

  it('retries a temporary SMTP failure (451) and then delivers', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    r.smtp.failNext(1);
    const first = await r.worker.runOnce();
    expect(first).toMatchObject({ attempted: 2, sent: 1, retrying: 1 });
    const email = outbox(r.t, rep.id).find((x) => x.channel === 'email')!;
    expect(email.lastError).toMatch(/^smtp: .*451/);
    expect(deliveryState(r.t, rep.id)).toBe('pending');
    r.t.advance(60_000);
    expect((await r.worker.runOnce()).sent).toBe(1);
    expect(r.smtp.messages).toHaveLength(1);
    expect(deliveryState(r.t, rep.id)).toBe('sent');
  });

  it('gives up after DELIVERY_MAX_ATTEMPTS: the row and the report are failed, the report stays in the inbox', async () => {
    const r = await setup({ DELIVERY_MAX_ATTEMPTS: '3' }, [500, 503, 502, 200]);
    const rep = await createReport(r.t);
    for (let i = 0; i < 3; i++) {
      await r.worker.runOnce();
      r.t.advance(6 * 3600_000);
    }
    const hook = outbox(r.t, rep.id).find((x) => x.channel === 'webhook')!;
    expect(hook).toMatchObject({ state: 'failed', attempts: 3, lastError: 'webhook: HTTP 502' });
    expect(attempts(r.t, hook.id)).toHaveLength(3);
    expect(deliveryState(r.t, rep.id)).toBe('failed');
    // Failed rows are left alone.
    expect((await r.worker.runOnce()).attempted).toBe(0);
    expect(r.hookA.received).toHaveLength(3);
    // The public status is untouched by delivery.
    expect(r.t.db.select({ s: reports.status }).from(reports).where(eq(reports.id, rep.id)).get()!.s).toBe('received');
  });

  it('counts a timeout as a failed attempt', async () => {
    const r = await setup({}, ['hang']);
    const rep = await createReport(r.t);
    // A worker with a webhook sender only (as if SMTP had been taken out of the configuration).
    const worker = createDeliveryWorker({
      db: r.t.db,
      config: r.config,
      contacts: r.t.delivery.contacts,
      senders: { webhook: webhookSender({ timeoutMs: 1000 }) },
      clock: r.t.now,
    });
    const summary = await worker.runOnce();
    expect(summary.attempted).toBe(2);
    const hook = outbox(r.t, rep.id).find((x) => x.channel === 'webhook')!;
    expect(hook.lastError).toBe('webhook: timeout after 1000 ms');
    const email = outbox(r.t, rep.id).find((x) => x.channel === 'email')!;
    expect(email.lastError).toBe('no email sender configured');
  });
});

describe('transfer', () => {
  it('enqueues for the new county, cancels what was still pending for the old one, and the new bureau is told it was transferred', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    // The staff workflow's transfer, as it calls the outbox: inside its own transaction.
    const now = r.t.now();
    r.t.db.transaction((tx) => {
      tx.update(reports).set({ countyAdcode: '220104', status: 'received', updatedAt: now.toISOString() }).where(eq(reports.id, rep.id)).run();
      tx.insert(reportEvents)
        .values({ reportId: rep.id, type: 'transferred', actor: 'staff:1', public: true, data: { from: '220102', to: '220104' }, at: now.toISOString() })
        .run();
      const result = r.t.delivery.enqueue(tx, { reportId: rep.id, countyAdcode: '220104', reason: 'transferred' }, now);
      expect(result).toMatchObject({ deliveryState: 'pending', cancelled: 2 });
    });
    const rows = outbox(r.t, rep.id);
    expect(rows.map((x) => [x.countyAdcode, x.reason, x.state])).toEqual([
      ['220102', 'new', 'cancelled'],
      ['220102', 'new', 'cancelled'],
      ['220104', 'transferred', 'pending'],
    ]);
    expect(rows[0]!.lastError).toBe('report transferred to 220104');

    expect(await r.worker.runOnce()).toMatchObject({ attempted: 1, sent: 1 });
    expect(r.hookA.received).toHaveLength(0);
    expect(r.smtp.messages).toHaveLength(0);
    expect(r.hookB.received).toHaveLength(1);
    const hook = r.hookB.received[0]!;
    expect(hook.verified).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'report.transferred',
      trackingNumber: rep.trackingNumber,
      county: { adcode: '220104', bureau: '长春市生态环境局朝阳区分局' },
    });
    // Only the current county's rows decide the report's delivery state.
    expect(deliveryState(r.t, rep.id)).toBe('sent');
  });

  it('a transfer while a row is being sent: the attempt is logged, the row stays cancelled', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    r.t.db.update(deliveryOutbox).set({ state: 'sent' }).where(eq(deliveryOutbox.channel, 'email')).run();
    // The webhook is in flight when the transfer commits.
    let release!: () => void;
    const inFlight = new Promise<void>((done) => {
      release = done;
    });
    const slow: Sender = {
      send: async () => {
        await inFlight;
        return 'HTTP 200';
      },
    };
    const worker = createDeliveryWorker({ db: r.t.db, config: r.config, contacts: r.t.delivery.contacts, senders: { webhook: slow }, clock: r.t.now });
    const run = worker.runOnce();
    r.t.db.transaction((tx) => {
      tx.update(reports).set({ countyAdcode: '220103' }).where(eq(reports.id, rep.id)).run();
      expect(r.t.delivery.enqueue(tx, { reportId: rep.id, countyAdcode: '220103', reason: 'transferred' }, r.t.now()).cancelled).toBe(1);
    });
    release();
    expect(await run).toMatchObject({ attempted: 1, sent: 1 });
    const hook = outbox(r.t, rep.id).find((x) => x.channel === 'webhook')!;
    expect(hook).toMatchObject({ state: 'cancelled', lastError: 'report transferred to 220103', sentAt: null });
    expect(attempts(r.t, hook.id)).toMatchObject([{ ok: true, detail: 'HTTP 200' }]);
    // The county the report is in now has no contacts; the cancelled row does not change that.
    expect(deliveryState(r.t, rep.id)).toBe('inbox_only');
  });

  it('a transfer to a county without contacts makes the delivery inbox_only', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    await r.worker.runOnce();
    expect(deliveryState(r.t, rep.id)).toBe('sent');
    r.t.db.transaction((tx) => {
      tx.update(reports).set({ countyAdcode: '220103' }).where(eq(reports.id, rep.id)).run();
      expect(r.t.delivery.enqueue(tx, { reportId: rep.id, countyAdcode: '220103', reason: 'transferred' }, r.t.now())).toMatchObject({
        deliveryState: 'inbox_only',
        outboxIds: [],
        cancelled: 0,
      });
    });
    expect(deliveryState(r.t, rep.id)).toBe('inbox_only');
  });
});

describe('at-least-once: a crash between sending and marking', () => {
  it('sends again after the lease with the same message id, so the receiver can drop the copy', async () => {
    const r = await setup();
    const rep = await createReport(r.t);
    r.t.db.update(deliveryOutbox).set({ state: 'sent' }).where(eq(deliveryOutbox.channel, 'email')).run();
    // Process 1 sends, then "dies" before it can mark the row: its sender never returns.
    const real = webhookSender({ timeoutMs: 5000 });
    const dying: Sender = {
      send: async (m, to) => {
        await real.send(m, to);
        return new Promise<string>(() => {});
      },
    };
    const first = createDeliveryWorker({
      db: r.t.db,
      config: r.config,
      contacts: r.t.delivery.contacts,
      senders: { webhook: dying },
      clock: r.t.now,
      leaseMs: 10 * 60_000,
    });
    void first.runOnce();
    await expect.poll(() => r.hookA.received.length).toBe(1);
    // Process 2 starts; within the lease the row is not taken again…
    expect((await r.worker.runOnce()).attempted).toBe(0);
    // …after it, it is.
    r.t.advance(10 * 60_000);
    expect((await r.worker.runOnce()).sent).toBe(1);
    expect(r.hookA.received).toHaveLength(2);
    expect(r.hookA.received[0]!.headers['idempotency-key']).toBe(r.hookA.received[1]!.headers['idempotency-key']);
    expect(deliveryState(r.t, rep.id)).toBe('sent');
  });
});

describe('backoff', () => {
  it.each([
    [1, 0, 30_000],
    [1, 1, 60_000],
    [2, 1, 120_000],
    [3, 0.5, 180_000],
    [20, 1, 6 * 3600_000],
  ])('attempt %i with jitter %f waits %i ms (base 60 s)', (n, j, ms) => {
    expect(retryDelayMs(n, 60_000, () => j)).toBe(ms);
  });
});
