import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Config, ConfigError } from '../../src/kernel/config.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';

/**
 * The county bureaus' delivery contacts as data: a JSON file named by DELIVERY_CONTACTS_FILE,
 *
 *   { "220102": { "email": "hbj-ng@example.gov.cn",
 *                 "webhook": { "url": "https://oa.example.gov.cn/hooks/reports", "secret": "…32+ chars…" } } }
 *
 * validated here at start-up (a bad file stops the process with a message naming the file, the
 * county and the field). A county that is not in the file, or no file at all, means "the staff
 * inbox is the delivery": nothing is sent and the report's delivery state is `inbox_only`.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A webhook URL: HTTPS, so the report metadata and the signature travel encrypted. Plain HTTP is
 * allowed only to the loopback interface (a local relay, and the tests' receiver).
 */
const webhookUrl = z.url({ protocol: /^https?$/ }).refine((u) => {
  const url = new URL(u);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
}, 'must be https:// (http:// only to 127.0.0.1 or localhost)');

export const countyContactSchema = z
  .strictObject({
    /** One address or several; each gets its own delivery (and its own retries). */
    email: z.union([z.email(), z.array(z.email()).min(1)]).optional(),
    webhook: z
      .strictObject({
        url: webhookUrl,
        /** Shared HMAC-SHA256 key; the receiver verifies `X-Signature` with it. */
        secret: z.string().min(32, 'must be at least 32 characters'),
      })
      .optional(),
  })
  .refine((c) => c.email !== undefined || c.webhook !== undefined, 'needs "email" or "webhook" (leave the county out for inbox-only)');

/** The whole file: GB/T 2260 county code → contact. */
export const deliveryContactsFileSchema = z.record(
  z.string().refine((code) => countyByAdcode(code) !== undefined, 'is not a county-level code of Jilin (GB/T 2260, e.g. 220102)'),
  countyContactSchema,
);

export type CountyContact = z.infer<typeof countyContactSchema>;

/** One place a county's deliveries go: an outbox row is written per target. */
export type DeliveryTarget = { channel: 'email'; target: string } | { channel: 'webhook'; target: string; secret: string };

/** Read-only view of the configured contacts. */
export interface ContactDirectory {
  /** Every delivery target of a county; empty when the inbox is its only delivery. */
  targetsOf(countyAdcode: string): DeliveryTarget[];
  /** The webhook secret configured for this county and URL now (undefined if it was removed since). */
  webhookSecret(countyAdcode: string, url: string): string | undefined;
  /** Whether any county receives e-mail (then SMTP_URL is required). */
  readonly usesEmail: boolean;
  /** Counties with at least one target. */
  readonly counties: string[];
}

/**
 * Builds the directory from already-parsed data (tests build one inline).
 *
 * @example contactDirectory({ '220102': { email: 'a@example.gov.cn' } }).targetsOf('220102') // [{ channel: 'email', target: 'a@example.gov.cn' }]
 */
export function contactDirectory(data: Record<string, CountyContact> = {}): ContactDirectory {
  const parsed = deliveryContactsFileSchema.parse(data);
  const byCounty = new Map<string, DeliveryTarget[]>();
  for (const [adcode, c] of Object.entries(parsed)) {
    const emails = c.email === undefined ? [] : Array.isArray(c.email) ? c.email : [c.email];
    const targets: DeliveryTarget[] = [...new Set(emails.map((e) => e.toLowerCase()))].map((target) => ({ channel: 'email', target }));
    if (c.webhook) targets.push({ channel: 'webhook', target: c.webhook.url, secret: c.webhook.secret });
    byCounty.set(adcode, targets);
  }
  return {
    targetsOf: (adcode) => byCounty.get(adcode) ?? [],
    webhookSecret: (adcode, url) => {
      const t = byCounty.get(adcode)?.find((x) => x.channel === 'webhook' && x.target === url);
      return t?.channel === 'webhook' ? t.secret : undefined;
    },
    usesEmail: [...byCounty.values()].some((ts) => ts.some((t) => t.channel === 'email')),
    counties: [...byCounty.keys()].sort(),
  };
}

/**
 * Reads and validates DELIVERY_CONTACTS_FILE (an empty directory when it is unset). Throws a
 * ConfigError naming the file and every bad entry, or when e-mail contacts exist without SMTP_URL.
 *
 * @example const contacts = loadDeliveryContacts(loadConfig());
 */
export function loadDeliveryContacts(config: Pick<Config, 'DELIVERY_CONTACTS_FILE' | 'SMTP_URL'>): ContactDirectory {
  const file = config.DELIVERY_CONTACTS_FILE;
  if (!file) return contactDirectory({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`DELIVERY_CONTACTS_FILE ${file}: ${(err as Error).message}`);
  }
  const result = deliveryContactsFileSchema.safeParse(raw);
  if (!result.success) {
    // A bad county code is reported by zod as "Invalid key in record" with the reason nested.
    const message = (i: z.core.$ZodIssue) => (i.code === 'invalid_key' ? i.issues.map((x) => x.message).join('; ') : i.message);
    const lines = result.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(file)'}: ${message(i)}`);
    throw new ConfigError(`DELIVERY_CONTACTS_FILE ${file} is not valid:\n${lines.join('\n')}`);
  }
  const directory = contactDirectory(result.data);
  if (directory.usesEmail && !config.SMTP_URL) {
    throw new ConfigError(`DELIVERY_CONTACTS_FILE ${file} lists e-mail contacts but SMTP_URL is not set`);
  }
  return directory;
}
