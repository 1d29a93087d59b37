import { createHmac, timingSafeEqual } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { DeliveryChannel } from '../../src/kernel/db/schema.ts';
import { type DeliveryMessage, renderEmail } from './message.ts';

/**
 * Interchangeable senders, one per channel (FixMyStreet's send methods): each takes a message and
 * one target and either resolves with a short detail for the attempt log (the SMTP reply, the HTTP
 * status) or throws. The worker decides about retries; senders never touch the database.
 */

/** Where one outbox row goes. */
export interface SendTarget {
  target: string;
  /** The webhook's HMAC key (webhooks only). */
  secret?: string;
}

export interface Sender {
  /** Resolves with a detail line for the attempt log; rejects when the receiver did not take it. */
  send(message: DeliveryMessage, to: SendTarget): Promise<string>;
  close?(): void;
}

export type Senders = Partial<Record<DeliveryChannel, Sender>>;

/** A failed attempt with a detail fit for the attempt log (never report contents). */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
}

// ── E-mail (nodemailer) ──

export interface EmailSenderOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  smtpUrl: string;
  /** From header, e.g. `举报平台 <noreply@hbj.jl.gov.cn>`. */
  from: string;
  /** Connection, greeting and socket-inactivity timeout in ms. */
  timeoutMs: number;
}

/** The domain part of the From address, for Message-IDs. */
function fromDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

/**
 * Sends plain-text e-mail through one SMTP server. The Message-ID is derived from the message id,
 * so a resent copy (at-least-once delivery) carries the same Message-ID and mail clients and
 * archives can fold the two.
 *
 * @example const email = emailSender({ smtpUrl: 'smtp://u:p@mail.example.gov.cn:587', from: 'noreply@example.gov.cn', timeoutMs: 20_000 });
 */
export function emailSender(options: EmailSenderOptions): Sender {
  const url = new URL(options.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const domain = fromDomain(options.from);
  return {
    async send(message, { target }) {
      const { subject, text } = renderEmail(message);
      const info = await transport
        .sendMail({
          from: options.from,
          to: target,
          subject,
          text,
          messageId: `<${message.id}@${domain}>`,
          headers: { 'X-Delivery-Id': message.id, 'Auto-Submitted': 'auto-generated' },
        })
        .catch((err: unknown) => {
          throw new DeliveryFailure(`smtp: ${(err as Error).message}`.slice(0, 300));
        });
      if (info.rejected.length) throw new DeliveryFailure(`smtp: rejected ${info.response}`.slice(0, 300));
      return `smtp: ${info.response}`.slice(0, 300);
    },
    close: () => transport.close(),
  };
}

// ── Webhook (HTTPS POST, HMAC-SHA256 signed) ──

export const SIGNATURE_HEADER = 'X-Signature';
export const TIMESTAMP_HEADER = 'X-Signature-Timestamp';

/**
 * The signature of a webhook body: `sha256=` + hex HMAC-SHA256 over `<timestamp>.<body>` with the
 * shared secret. The timestamp (Unix seconds, also sent in X-Signature-Timestamp) is signed too, so
 * a captured request cannot be replayed later with a fresh timestamp.
 *
 * @example signWebhook('…secret…', 1777600800, '{"id":"JL2026-000001.1",…}') // 'sha256=9f…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature, compare in constant time, and refuse timestamps
 * more than `toleranceS` from its own clock. Exported for receivers written in TypeScript and
 * documented in api/delivery/README.md for the others.
 *
 * @example verifyWebhook(secret, req.headers['x-signature-timestamp'], req.headers['x-signature'], rawBody, Date.now())
 */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowMs: number,
  toleranceS = 300,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  /** Wall clock for the signature timestamp (default Date.now; the receiver compares it with its own). */
  now?: () => number;
  fetch?: typeof fetch;
}

/**
 * POSTs the message as JSON with `Idempotency-Key` and `X-Delivery-Id` (the message id, the same
 * on every retry), `X-Signature-Timestamp` and `X-Signature`. Any 2xx is success; redirects are
 * not followed (the signature was made for this URL); other answers, timeouts and network errors
 * are failures to retry.
 *
 * @example const webhook = webhookSender({ timeoutMs: 20_000 });
 */
export function webhookSender(options: WebhookSenderOptions): Sender {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  return {
    async send(message, { target, secret }) {
      if (!secret) throw new DeliveryFailure('webhook: no secret configured for this URL');
      const body = JSON.stringify(message);
      const timestamp = Math.floor(now() / 1000);
      let res: Response;
      try {
        res = await doFetch(target, {
          method: 'POST',
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(options.timeoutMs),
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'jilin-outfalls-portal-delivery/1',
            'Idempotency-Key': message.id,
            'X-Delivery-Id': message.id,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          },
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        throw new DeliveryFailure(
          `webhook: ${e.name === 'TimeoutError' ? `timeout after ${options.timeoutMs} ms` : (e.cause?.code ?? e.message)}`.slice(0, 300),
        );
      }
      // The body is not needed; release the connection.
      await res.body?.cancel().catch(() => {});
      const line = `webhook: HTTP ${res.status}`;
      if (!res.ok) throw new DeliveryFailure(line);
      return line;
    },
  };
}
