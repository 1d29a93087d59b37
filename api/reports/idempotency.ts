import { createHash, createHmac } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';
import { idempotencyKeys } from '../../src/kernel/db/schema.ts';
import { canonicalJson } from '../../src/kernel/util/canonical-json.ts';
import { ApiError } from '../errors.ts';
import { seal, unseal } from './contact.ts';
import type { ReportForm } from './schemas.ts';

/**
 * Exactly-once submission. A client makes a UUID before its first try and sends it with every
 * retry as `Idempotency-Key`. The key's lifecycle:
 *
 *   (none) ──claim──▶ processing ──complete (inside the report transaction)──▶ done
 *                         │
 *                         └──release (any failure before commit)──▶ (none)
 *
 * - A retry of a `done` key with the same content gets the stored response again (same tracking
 *   number, same query code) and nothing is created; with different content it gets 422.
 * - A retry while the key is `processing` gets 409 `request_in_progress` with Retry-After: the
 *   first request may still fail, so answering with a guess would be wrong, and waiting inside the
 *   request would tie up a connection. The client retries after Retry-After and then gets the
 *   stored response (or, if the first failed, becomes the first).
 * - A `processing` claim older than STALE_CLAIM_MS belongs to a process that died; it may be taken
 *   over. At start-up every `processing` claim is released (nothing is running yet).
 * - A `processing` claim whose release failed is dead too (the database was locked by another
 *   writer past the busy timeout, so the DELETE could not run either). The caller remembers such
 *   keys and passes them as `abandoned`; the client's retry takes the claim over at once instead of
 *   being answered 409 until the claim goes stale minutes later.
 *
 * The stored response contains the query code, so it is sealed with the contact key like contact
 * data is: the database alone never reveals a query code.
 */

/** A claim older than this is abandoned (no request takes this long once its body is read). */
export const STALE_CLAIM_MS = 5 * 60_000;
/** Completed keys are kept this long; a client's offline queue retries well within it. */
export const KEY_RETENTION_DAYS = 30;

/**
 * SHA-256 over the normalised fields and the SHA-256 of each uploaded photo in order: the same
 * report sent twice has the same fingerprint however the multipart body was laid out.
 *
 * The contact enters only as an HMAC under a key derived from the contact key. The fingerprint is
 * stored in plaintext next to the report's description and point (also plaintext), so a plain hash
 * over the contact would let anyone holding a copy of the database confirm a guessed reporter, or
 * try every mobile number (about 10^10) in minutes, without the key that seals report_contacts.
 * A form with contact data therefore needs `contactKey`.
 *
 * @example fingerprint(form, [], contactKey) // '3f1c…' (64 hex digits)
 */
export function fingerprint(form: ReportForm, uploadHashes: string[], contactKey?: Buffer): string {
  const { photos: _photos, contactName, contactPhone, ...rest } = form;
  let fields: Record<string, unknown> = rest;
  if (contactName !== undefined || contactPhone !== undefined) {
    if (!contactKey) throw new Error('fingerprint: a form with contact data needs the contact key');
    const subkey = createHmac('sha256', contactKey).update('idempotency-fingerprint-contact').digest();
    fields = { ...rest, contact: createHmac('sha256', subkey).update(canonicalJson({ contactName, contactPhone })).digest('hex') };
  }
  return createHash('sha256')
    .update(canonicalJson({ fields, photos: uploadHashes }))
    .digest('hex');
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

const context = (key: string) => `idempotency-response:${key}`;

/**
 * Claims `key` for a request with `fp`, or answers from what is stored. Synchronous, so two
 * requests in this process cannot both claim; the unique key makes it hold across processes too.
 * `abandoned`: keys whose claim this process failed to release (see above).
 */
export function claimKey(db: Db, sealKey: Buffer, key: string, fp: string, now: Date, abandoned?: ReadonlySet<string>): Claim {
  return db.transaction(
    (tx) => {
      const row = tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).get();
      if (!row) {
        tx.insert(idempotencyKeys).values({ key, fingerprint: fp, state: 'processing', createdAt: now.toISOString() }).run();
        return { kind: 'claimed' } as const;
      }
      if (row.state === 'done') {
        if (row.fingerprint !== fp) throw new ApiError('idempotency_key_reused', { field: 'Idempotency-Key' });
        const body = unseal(sealKey, String(row.responseBody), context(key));
        return { kind: 'replay', status: row.responseStatus ?? 201, body } as const;
      }
      const stale = Date.parse(row.createdAt) < now.getTime() - STALE_CLAIM_MS || abandoned?.has(key) === true;
      if (!stale) {
        if (row.fingerprint !== fp) throw new ApiError('idempotency_key_reused', { field: 'Idempotency-Key' });
        throw new ApiError('request_in_progress', { field: 'Idempotency-Key', headers: { 'Retry-After': '2' } });
      }
      tx.update(idempotencyKeys).set({ fingerprint: fp, createdAt: now.toISOString() }).where(eq(idempotencyKeys.key, key)).run();
      return { kind: 'claimed' } as const;
    },
    { behavior: 'immediate' },
  );
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Marks the key done with its response, inside the transaction that writes the report. Throws if
 * the claim is no longer ours (taken over as stale), which rolls the report back.
 */
export function completeKey(tx: Tx, sealKey: Buffer, key: string, fp: string, reportId: number, status: number, body: unknown, now: Date): void {
  const done = tx
    .update(idempotencyKeys)
    .set({ state: 'done', responseStatus: status, responseBody: seal(sealKey, body, context(key)), reportId, completedAt: now.toISOString() })
    .where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.state, 'processing'), eq(idempotencyKeys.fingerprint, fp)))
    .run();
  if (done.changes !== 1) throw new ApiError('request_in_progress', { field: 'Idempotency-Key', headers: { 'Retry-After': '2' } });
}

/** Gives up a claim after a failure, so that a retry can start afresh. */
export function releaseKey(db: Db, key: string, fp: string): void {
  db.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.state, 'processing'), eq(idempotencyKeys.fingerprint, fp)))
    .run();
}

/** Start-up clean-up: releases claims of requests that died with the process; forgets old keys. */
export function recoverKeys(db: Db, now: Date): { released: number; purged: number } {
  const released = db.delete(idempotencyKeys).where(eq(idempotencyKeys.state, 'processing')).run().changes;
  const cutoff = new Date(now.getTime() - KEY_RETENTION_DAYS * 86400_000).toISOString();
  const purged = db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.state, 'done'), lt(sql`coalesce(${idempotencyKeys.completedAt}, ${idempotencyKeys.createdAt})`, cutoff)))
    .run().changes;
  return { released, purged };
}
