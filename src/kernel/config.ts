import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './geo/paths.ts';

/**
 * The portal's configuration, read once from environment variables and validated here. Every
 * variable is documented in README.md ("Configuration"). A bad value stops the process with a
 * message naming the variable.
 */
const projectPath = (p: string) => (isAbsolute(p) ? p : join(PROJECT_ROOT, p));

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

export const configSchema = z
  .object({
    /** TCP port of the server (site and API in one process). */
    PORT: port.default(4321),
    /** Interface to listen on; `0.0.0.0` to accept connections from other machines. */
    HOST: z.string().min(1).default('localhost'),
    /** SQLite database file: records store and reports. */
    DATABASE_PATH: z.string().min(1).default('var/portal.db').transform(projectPath),
    /** The built site (`astro build` output with client/ and server/); the server serves it. */
    SITE_DIR: z.string().min(1).default('dist').transform(projectPath),
    /** Folder for report photos; never inside public/ or dist/. */
    UPLOAD_DIR: z.string().min(1).default('var/uploads').transform(projectPath),
    /** Absolute public URL of the portal, encoded in signboard QR codes (no trailing slash). */
    PUBLIC_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .default('http://localhost:4321')
      .transform((u) => u.replace(/\/+$/, '')),
    /** Optional XYZ raster tile URL template for the map base (`{z}/{x}/{y}`). */
    MAP_TILE_URL: optionalUrl,
    /** Attribution shown for MAP_TILE_URL tiles. */
    MAP_TILE_ATTRIBUTION: z.string().optional(),
    /** Optional Tianditu (天地图) token; when set, Tianditu vector + labels are the map base. */
    TIANDITU_TOKEN: z
      .string()
      .regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex key from 天地图')
      .optional(),
    /**
     * Size of the demonstration dataset that `npm run data:prepare` publishes while no real file has
     * been imported (default 2,500; up to 100,000 for benchmarks). Ignored once real data is imported.
     */
    DEMO_COUNT: z.coerce.number().int().min(1).max(100_000).optional(),
    /**
     * Whole-request limit in seconds: an upload still running after it is cut off. A 1.5 MB report
     * (three photos downscaled by the form) needs 150 s at 10 KB/s, so the default leaves room for
     * a weak rural connection.
     */
    REQUEST_TIMEOUT_S: z.coerce.number().int().min(5).max(3600).default(300),
    /** Seconds a client may take to send the request headers. */
    HEADERS_TIMEOUT_S: z.coerce.number().int().min(1).max(300).default(30),
    /** Seconds a connection may stay silent (a stalled upload, an idle keep-alive) before it is closed. */
    IDLE_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(30),
    /** Log verbosity. */
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /**
     * Key that encrypts reporters' contact data (AES-256-GCM): 64 hex digits or base64 of 32 bytes.
     * When unset the server creates one in CONTACT_KEY_FILE on first start; losing it makes stored
     * contacts unreadable, so back it up separately from the database.
     */
    CONTACT_KEY: z
      .string()
      .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 64 hex digits or base64 of 32 bytes')
      .optional(),
    /** Where the generated contact key is kept when CONTACT_KEY is unset (created with mode 0600). */
    CONTACT_KEY_FILE: z.string().min(1).default('var/contact.key').transform(projectPath),
    /** Largest accepted `POST /api/reports` body in bytes, checked before the body is parsed. */
    REPORT_BODY_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(50 * 1024 * 1024),
    /** Largest accepted single report photo in bytes. */
    REPORT_PHOTO_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(8 * 1024 * 1024),
    /** Largest accepted photo in decoded pixels (width × height), against decompression bombs. */
    REPORT_PHOTO_MAX_PIXELS: z.coerce.number().int().min(1_000_000).default(50_000_000),
    /**
     * Citizen submissions (reports, keyless Open311 posts) one device may make per
     * REPORT_RATE_WINDOW_S seconds; a client without a device token counts as one device per address.
     */
    REPORT_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    REPORT_RATE_WINDOW_S: z.coerce.number().int().min(1).default(600),
    /**
     * Citizen submissions from one client address per REPORT_RATE_WINDOW_S seconds, all devices
     * together: the ceiling for a network (a carrier NAT, an office) and for a client that collects
     * device tokens. Also bounds the device tokens issued to one address per window.
     */
    REPORT_ADDRESS_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
    /** Report status lookups one client may make per LOOKUP_RATE_WINDOW_S seconds. */
    LOOKUP_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
    LOOKUP_RATE_WINDOW_S: z.coerce.number().int().min(1).default(60),
    /**
     * Behind a reverse proxy: take the client address (for rate limits) from the last
     * X-Forwarded-For hop, which the proxy appends. Leave false when clients connect directly.
     */
    TRUST_PROXY: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    // ── Staff (api/staff) ──
    /** Days a county bureau has to accept or reject a received report (from receipt or the last transfer in). */
    ACCEPT_DEADLINE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    /** Days a county bureau has to conclude a report (from receipt or the last transfer in). */
    CONCLUDE_DEADLINE_DAYS: z.coerce.number().int().min(1).max(3650).default(60),
    /** A staff session ends after this many minutes without a request. */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** A staff session ends this many hours after login, whatever the activity. */
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(12),
    /** Failed logins in a row after which an account is locked, for 1 minute doubling per further failure (at most 1 hour). */
    STAFF_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    /** Failed staff logins one client address may make per STAFF_LOGIN_CLIENT_WINDOW_S seconds (any accounts). */
    STAFF_LOGIN_CLIENT_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
    STAFF_LOGIN_CLIENT_WINDOW_S: z.coerce.number().int().min(1).default(900),
    /**
     * log2 of scrypt's cost N for staff passwords (default 17: N = 131072, r = 8, p = 1, 128 MiB per
     * hash). Stored hashes made with other parameters are re-hashed at the next login. Lower values
     * only for tests: they weaken every password hashed with them.
     */
    STAFF_PASSWORD_SCRYPT_LOG2N: z.coerce.number().int().min(10).max(20).default(17),
    // ── Delivery to county bureaus (api/delivery) ──
    /**
     * JSON file of the county bureaus' delivery contacts, `{ "<adcode>": { "email": "…",
     * "webhook": { "url": "https://…", "secret": "…" } } }` (api/delivery/contacts.ts). Unset, or a
     * county not in it: the staff inbox is the only delivery. Checked at start-up.
     */
    DELIVERY_CONTACTS_FILE: z.string().min(1).transform(projectPath).optional(),
    /** SMTP server for e-mail delivery, `smtp://user:pass@host:587` (STARTTLS) or `smtps://…:465`. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** Sender of delivery e-mails, e.g. `举报平台 <noreply@hbj.jl.gov.cn>`; default noreply@ the PUBLIC_BASE_URL host. */
    DELIVERY_FROM: z.string().min(3).optional(),
    /** Attempts per delivery before it is marked failed (the inbox still has the report). */
    DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** First retry delay in seconds; it doubles per attempt (with jitter), capped at 6 hours. */
    DELIVERY_RETRY_BASE_S: z.coerce.number().int().min(1).default(60),
    /** How often the delivery worker looks for due deliveries, in seconds. */
    DELIVERY_INTERVAL_S: z.coerce.number().int().min(1).default(15),
    /** Timeout of one webhook request or SMTP session, in seconds. */
    DELIVERY_TIMEOUT_S: z.coerce.number().int().min(1).max(300).default(20),
  })
  .refine((c) => c.HEADERS_TIMEOUT_S <= c.REQUEST_TIMEOUT_S, {
    path: ['HEADERS_TIMEOUT_S'],
    message: 'must not exceed REQUEST_TIMEOUT_S (the headers are part of the request)',
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses `env` (default `process.env`), treating empty strings as unset.
 *
 * @example loadConfig({ PORT: '8080' }).PORT // 8080
 * @throws ConfigError naming every bad variable
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
