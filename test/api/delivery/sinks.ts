import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Local receivers for delivery tests: a real SMTP server (smtp-server, by nodemailer's authors)
 * and a real HTTP webhook receiver, both on 127.0.0.1 with a free port. The webhook receiver
 * checks the signature with its own HMAC code (not the sender's), as a bureau's system would.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  /** Answer the next `n` DATA commands with a temporary failure (451). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(user = 'bureau-relay', pass = 'relay-pass-123'): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) cb(null, { user });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const err = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    messages,
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The receiver's own verification of X-Signature over `<timestamp>.<body>`. */
  verified: boolean;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** Statuses to answer with, in order; 200 once they run out. `'hang'` never answers. */
  script: (number | 'hang')[];
  close(): Promise<void>;
}

export function verifySignature(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const ts = headers['x-signature-timestamp'];
  const sig = headers['x-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startWebhookReceiver(secret: string, script: (number | 'hang')[] = []): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const state = { script };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const next = state.script.shift() ?? 200;
      if (next === 'hang') {
        received.push({ headers: req.headers, body, verified: verifySignature(secret, req.headers, body), status: 0 });
        return;
      }
      received.push({ headers: req.headers, body, verified: verifySignature(secret, req.headers, body), status: next });
      res.writeHead(next, { 'Content-Type': 'text/plain' }).end(next < 300 ? 'ok' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/reports`,
    received,
    get script() {
      return state.script;
    },
    set script(s) {
      state.script = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
