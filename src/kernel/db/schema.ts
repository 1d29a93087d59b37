import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RATINGS, REPORT_STATUSES, REVIEW_OUTCOMES, REVIEW_STATUSES, ROUTING_RULES, STAFF_ROLES } from './enums.ts';

// Report statuses, routing rules and staff roles live in ./enums.ts (no imports) so browser code can use them.
export {
  RATINGS,
  type Rating,
  REPORT_STATUSES,
  REVIEW_OUTCOMES,
  REVIEW_STATUSES,
  type ReportStatus,
  type ReviewOutcome,
  type ReviewStatus,
  ROUTING_RULES,
  type RoutingRule,
  STAFF_ROLES,
  type StaffRole,
} from './enums.ts';

/*
 * One SQLite file holds both flows:
 *   records store  — the published outfall records the site is built from (replaced per import);
 *   reports        — citizen reports and their handling (see api/).
 * Table definitions are grouped by flow below; migrations in ./migrations are generated from this
 * file by `npm run db:generate -- --name <what_it_does>`.
 */

/**
 * What the kernel itself relies on in a stored record. The records wing defines the whole record
 * (src/records/schema.ts, validated on import) and reads it back as that type.
 */
export interface StoredRecord {
  code: string;
  name: string;
  countyAdcode: string;
  cityAdcode: string;
  lng: number;
  lat: number;
}

// ─── Records store ──────────────────────────────────────────────────────────────────────────────

/** One row per imported dataset (a file import or the demonstration generator). */
export const datasets = sqliteTable('datasets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** When the import was committed (ISO timestamp). */
  importedAt: text('imported_at').notNull(),
  /** The file name as given (no path), or `demo:<seed>:<count>` for generated data. */
  source: text('source').notNull(),
  /** SHA-256 of the imported file's bytes, or of the generator parameters. */
  sourceSha256: text('source_sha256').notNull(),
  /** Demonstration data: every page built from it carries a banner. */
  demo: integer('demo', { mode: 'boolean' }).notNull(),
  /** The date the dataset speaks for (latest 更新日期 in it). */
  asOf: text('as_of').notNull(),
  recordCount: integer('record_count').notNull(),
  added: integer('added').notNull(),
  changed: integer('changed').notNull(),
  removed: integer('removed').notNull(),
});

/** The currently published outfall records; the full record is JSON, key fields are columns. */
export const outfalls = sqliteTable(
  'outfalls',
  {
    code: text('code').primaryKey(),
    countyAdcode: text('county_adcode').notNull(),
    cityAdcode: text('city_adcode').notNull(),
    lng: real('lng').notNull(),
    lat: real('lat').notNull(),
    /** The validated record (src/records/schema.ts); the kernel reads only `StoredRecord` of it. */
    record: text('record', { mode: 'json' }).$type<StoredRecord>().notNull(),
    /** SHA-256 of the canonical record JSON: an unchanged record keeps its hash across imports. */
    hash: text('hash').notNull(),
    /** The dataset that last added or changed this record. */
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => datasets.id),
  },
  (t) => [index('outfalls_county_idx').on(t.countyAdcode), index('outfalls_city_idx').on(t.cityAdcode)],
);

/** What each import added, changed or removed: the public change log. */
export const outfallChanges = sqliteTable(
  'outfall_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => datasets.id),
    code: text('code').notNull(),
    change: text('change', { enum: ['added', 'changed', 'removed'] }).notNull(),
    /** For `changed`: the top-level record fields that differ. */
    fields: text('fields', { mode: 'json' }).$type<string[]>(),
    /** The outfall's name at the time, so a removed outfall can still be named in the log. */
    name: text('name').notNull(),
  },
  (t) => [index('outfall_changes_dataset_idx').on(t.datasetId), uniqueIndex('outfall_changes_dataset_code_uq').on(t.datasetId, t.code)],
);

export const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// ─── Reports (api/) ─────────────────────────────────────────────────────────────────────────────

/**
 * Delivery to the county bureau, kept apart from the public status (a report can be accepted by
 * staff who read it in the inbox while an e-mail copy is still being retried).
 */
export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'inbox_only'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A county whose boundary was within the near-border distance of the reported point. */
export interface RoutingNeighbour {
  adcode: string;
  name: string;
  distanceM: number;
}

/** A citizen report (举报). Contact data is NOT here: see `reportContacts`. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Human-friendly public number, e.g. `JL2026-000123`. */
    trackingNumber: text('tracking_number').notNull(),
    /** Year and per-year sequence the tracking number was made from. */
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** SHA-256 of the query code; the code itself is shown to the reporter once and never stored. */
    queryCodeHash: text('query_code_hash').notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('received'),
    /** The county-level unit handling the report now (changes on transfer). */
    countyAdcode: text('county_adcode').notNull(),
    /** Category key from src/kernel/report/categories.ts. */
    category: text('category').notNull(),
    description: text('description').notNull(),
    /** WGS84 degrees as reported. */
    lng: real('lng').notNull(),
    lat: real('lat').notNull(),
    /** How the reporter gave the location: gps, map, typed or photo (EXIF), where the client says. */
    locationSource: text('location_source'),
    /** The outfall the report concerns. Not a foreign key: the records store is replaced per import. */
    outfallCode: text('outfall_code'),
    // ── Routing decision, kept so "why did this go to X?" has an answer ──
    /** Rule that chose the county first routed to. */
    routingRule: text('routing_rule', { enum: ROUTING_RULES }).notNull(),
    /** County the routing chose at submission (countyAdcode may later differ after a transfer). */
    routedCountyAdcode: text('routed_county_adcode').notNull(),
    /** County containing the point, or null when the point lies outside Jilin (outfall rule only). */
    pointCountyAdcode: text('point_county_adcode'),
    /** The named outfall's county differs from the point's county. */
    outfallCountyMismatch: integer('outfall_county_mismatch', { mode: 'boolean' }).notNull().default(false),
    /** Neighbouring counties whose boundary is within the near-border distance, nearest first. */
    nearBorder: text('near_border', { mode: 'json' }).$type<RoutingNeighbour[]>().notNull(),
    /** BOUNDARY_VERSION of the boundaries the decision used. */
    boundaryVersion: text('boundary_version').notNull(),
    // ── Delivery (issue 5: outbox) ──
    deliveryState: text('delivery_state', { enum: DELIVERY_STATES }).notNull().default('pending'),
    receivedAt: text('received_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    // ── The reporter's verdict (issue 11) ──
    /** 满意 / 基本满意 / 不满意, given once after conclusion. */
    rating: text('rating', { enum: RATINGS }),
    ratedAt: text('rated_at'),
  },
  (t) => [
    uniqueIndex('reports_tracking_number_uq').on(t.trackingNumber),
    index('reports_received_idx').on(t.receivedAt),
    uniqueIndex('reports_year_seq_uq').on(t.year, t.seq),
    index('reports_county_status_idx').on(t.countyAdcode, t.status),
    index('reports_outfall_idx').on(t.outfallCode),
    index('reports_delivery_idx').on(t.deliveryState),
  ],
);

/** Last sequence number used per year, for tracking numbers; bumped inside the report transaction. */
export const reportSequences = sqliteTable('report_sequences', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** A report's photos: re-encoded JPEGs stored as UPLOAD_DIR/<aa>/<sha256>.jpg. */
export const reportPhotos = sqliteTable(
  'report_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** Order as uploaded, from 0. */
    position: integer('position').notNull(),
    /** SHA-256 of the stored (re-encoded) file; also its file name. */
    sha256: text('sha256').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
  },
  (t) => [uniqueIndex('report_photos_report_position_uq').on(t.reportId, t.position), index('report_photos_sha256_idx').on(t.sha256)],
);

/**
 * The reporter's contact, encrypted (AES-256-GCM, api/reports/contact.ts), in its own table so the
 * report body can be read, exported and logged without ever touching it.
 */
export const reportContacts = sqliteTable('report_contacts', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  sealed: text('sealed').notNull(),
  createdAt: text('created_at').notNull(),
});

/** The audit trail: every step of a report, who did it and when; `public` events form the citizen's timeline. */
export const reportEvents = sqliteTable(
  'report_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** received, status_changed, public_reply, internal_note, transferred, contact_viewed, … */
    type: text('type').notNull(),
    /** `citizen`, `system` or `staff:<id>`. */
    actor: text('actor').notNull(),
    /** Shown on the public tracking page. */
    public: integer('public', { mode: 'boolean' }).notNull(),
    /** Status after this event, where it changed it. */
    status: text('status', { enum: REPORT_STATUSES }),
    /** Free text: the public reply, a rejection reason, an internal note. */
    note: text('note'),
    /** Structured details, e.g. `{ from, to }` county codes of a transfer. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: text('at').notNull(),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.id)],
);

/**
 * 「我也看到了」: someone else saw the problem of an open report and said so instead of sending a
 * new one (issue 11). Anonymous: no contact, no description; an optional photo joins the report's
 * photos (at `photoPosition`).
 */
export const reportSupports = sqliteTable(
  'report_supports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** Position (from 0) of the supporter's photo in report_photos, if one came with it. */
    photoPosition: integer('photo_position'),
    at: text('at').notNull(),
  },
  (t) => [index('report_supports_report_idx').on(t.reportId)],
);

/**
 * A review (复核) the reporter asked for after a concluded report they were not satisfied with:
 * a case of its own for province staff, with its own deadline (issue 11). One per report.
 */
export const reportReviews = sqliteTable(
  'report_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    /** Why the reporter asks (their words; shown to staff, not public). */
    reason: text('reason').notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('requested'),
    outcome: text('outcome', { enum: REVIEW_OUTCOMES }),
    /** The province's public answer (rejection reason or conclusion). */
    reply: text('reply'),
    requestedAt: text('requested_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('report_reviews_report_uq').on(t.reportId), index('report_reviews_status_idx').on(t.status)],
);

/**
 * Idempotency-Key records for POST /api/reports: a key is claimed (`processing`) before photos are
 * processed and completed (`done`, with the response) in the same transaction as the report.
 */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text('key').primaryKey(),
  /** SHA-256 of the normalised fields and the uploaded photos' hashes. */
  fingerprint: text('fingerprint').notNull(),
  state: text('state', { enum: ['processing', 'done'] }).notNull(),
  /** The response replayed to retries: HTTP status and JSON body. */
  responseStatus: integer('response_status'),
  responseBody: text('response_body', { mode: 'json' }).$type<unknown>(),
  reportId: integer('report_id').references(() => reports.id, { onDelete: 'set null' }),
  /** When the key was claimed (a stale `processing` claim can be taken over). */
  createdAt: text('created_at').notNull(),
  completedAt: text('completed_at'),
});

// ─── Staff and delivery (api/staff, api/delivery) ───────────────────────────────────────────────

/** A staff account of a county-level bureau (or of the province). Created with `npm run staff:add`. */
export const staffAccounts = sqliteTable(
  'staff_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Login name, unique, case-folded. */
    login: text('login').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** The county the account belongs to; null for province staff. */
    countyAdcode: text('county_adcode'),
    /** Self-describing password hash (algorithm, parameters, salt, hash). */
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    /** Consecutive failed logins, for per-account throttling; reset on success. */
    failedLogins: integer('failed_logins').notNull().default(0),
    /** Logins are refused until then (ISO timestamp) after too many failures. */
    lockedUntil: text('locked_until'),
    createdAt: text('created_at').notNull(),
    passwordChangedAt: text('password_changed_at').notNull(),
  },
  (t) => [uniqueIndex('staff_accounts_login_uq').on(t.login), index('staff_accounts_county_idx').on(t.countyAdcode)],
);

/** Server-side sessions; the cookie carries a random id, only its SHA-256 is stored. */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffAccounts.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    /** Refreshed on use; the session ends after the idle timeout since then. */
    lastSeenAt: text('last_seen_at').notNull(),
    /** Absolute end, whatever the activity. */
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/** Delivery channels of a county bureau's configured contact. */
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * States of one outbox row: `pending` (waiting for its next attempt), `sent`, `failed` (gave up
 * after DELIVERY_MAX_ATTEMPTS), `cancelled` (the report was transferred to another county before
 * it was sent; `last_error` says where to).
 */
export const OUTBOX_STATES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * The delivery outbox: one row per report (new or transferred) and configured contact, written in
 * the same transaction as the report or the transfer and worked off by a retrying sender.
 */
export const deliveryOutbox = sqliteTable(
  'delivery_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    countyAdcode: text('county_adcode').notNull(),
    /** Why it is delivered: `new` report or `transferred` in. */
    reason: text('reason', { enum: ['new', 'transferred'] }).notNull(),
    channel: text('channel', { enum: DELIVERY_CHANNELS }).notNull(),
    /** E-mail address or webhook URL, as configured when the row was written. */
    target: text('target').notNull(),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Earliest time of the next attempt (backoff). */
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('delivery_outbox_due_idx').on(t.state, t.nextAttemptAt), index('delivery_outbox_report_idx').on(t.reportId)],
);

/** Every delivery attempt, successful or not. */
export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => deliveryOutbox.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    /** SMTP reply or HTTP status line; never report contents. */
    detail: text('detail'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('delivery_attempts_outbox_idx').on(t.outboxId)],
);
