import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../../src/kernel/db/client.ts';
import { type StaffRole, staffAccounts, staffSessions } from '../../src/kernel/db/schema.ts';

/**
 * Server-side staff sessions. The cookie carries 32 random bytes (base64url); the database keeps
 * only their SHA-256, so a copy of the database does not hold usable sessions. A session ends at
 * logout (row deleted), after the idle timeout since its last request, at its absolute end, when
 * the account is disabled, or when its password is reset.
 */

/** The logged-in staff member, as routes see it. */
export interface StaffPrincipal {
  id: number;
  login: string;
  role: StaffRole;
  /** The county of county staff; null for province staff. */
  countyAdcode: string | null;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/** `__Host-` binds the cookie to this exact host and path `/` over HTTPS (no Domain, Secure). */
export const SECURE_COOKIE = '__Host-staff';
export const PLAIN_COOKIE = 'staff';

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/**
 * Starts a session for an account and returns the cookie value (shown nowhere else).
 *
 * @example const id = createSession(db, account.id, new Date(), timeouts); setSessionCookie(c, id, secure)
 */
export function createSession(db: Pick<Db, 'insert'>, staffId: number, now: Date, timeouts: SessionTimeouts): string {
  const id = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  db.insert(staffSessions)
    .values({ idHash: hashSessionId(id), staffId, createdAt: at, lastSeenAt: at, expiresAt: new Date(now.getTime() + timeouts.absoluteMs).toISOString() })
    .run();
  return id;
}

/**
 * The staff member behind a session cookie value, refreshing its last-seen time; undefined (and
 * the row deleted) when it has ended. A disabled account's sessions end here too, even if a
 * session row survived the disabling.
 */
export function resolveSession(db: Db, id: string, now: Date, timeouts: SessionTimeouts): StaffPrincipal | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const idHash = hashSessionId(id);
  const row = db
    .select({
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      id: staffAccounts.id,
      login: staffAccounts.login,
      role: staffAccounts.role,
      countyAdcode: staffAccounts.countyAdcode,
      disabled: staffAccounts.disabled,
    })
    .from(staffSessions)
    .innerJoin(staffAccounts, eq(staffAccounts.id, staffSessions.staffId))
    .where(eq(staffSessions.idHash, idHash))
    .get();
  if (!row) return undefined;
  const t = now.getTime();
  if (row.disabled || t >= Date.parse(row.expiresAt) || t >= Date.parse(row.lastSeenAt) + timeouts.idleMs) {
    db.delete(staffSessions).where(eq(staffSessions.idHash, idHash)).run();
    return undefined;
  }
  db.update(staffSessions).set({ lastSeenAt: now.toISOString() }).where(eq(staffSessions.idHash, idHash)).run();
  return { id: row.id, login: row.login, role: row.role, countyAdcode: row.countyAdcode };
}

/** Ends a session (logout); unknown ids are ignored. */
export function deleteSession(db: Pick<Db, 'delete'>, id: string): void {
  db.delete(staffSessions)
    .where(eq(staffSessions.idHash, hashSessionId(id)))
    .run();
}

/** Deletes sessions that have ended (called at login, so the table does not grow without bound). */
export function sweepSessions(db: Db, now: Date, timeouts: SessionTimeouts): void {
  const at = now.toISOString();
  const idleBefore = new Date(now.getTime() - timeouts.idleMs).toISOString();
  db.$client.prepare('DELETE FROM staff_sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(at, idleBefore);
}

/** The cookie value the request carries (under the name for its scheme), if any. */
export function sessionCookie(c: Context, secure: boolean): string | undefined {
  return secure ? getCookie(c, 'staff', 'host') : getCookie(c, PLAIN_COOKIE);
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, and `__Host-` + Secure over HTTPS. Ends with the browser. */
export function setSessionCookie(c: Context, id: string, secure: boolean): void {
  if (secure) setCookie(c, 'staff', id, { prefix: 'host', httpOnly: true, sameSite: 'Strict', path: '/', secure: true });
  else setCookie(c, PLAIN_COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/' });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  if (secure) deleteCookie(c, 'staff', { prefix: 'host', httpOnly: true, sameSite: 'Strict', path: '/', secure: true });
  else deleteCookie(c, PLAIN_COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/' });
}
