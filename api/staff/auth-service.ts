import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../src/kernel/config.ts';
import type { Db } from '../../src/kernel/db/client.ts';
import { staffAccounts } from '../../src/kernel/db/schema.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import type { StaffView } from '../../src/kernel/report/contract/staff.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { normaliseLogin } from './accounts.ts';
import { dummyVerifier, hashPassword, needsRehash, type ScryptParams, verifyPassword } from './passwords.ts';
import { createSession, deleteSession, resolveSession, type SessionTimeouts, type StaffPrincipal, sweepSessions } from './sessions.ts';
import { createLoginThrottle, lockMs, secondsLeft } from './throttle.ts';

/** The settings of logins and sessions. */
export type AuthConfig = Pick<
  Config,
  | 'SESSION_IDLE_MINUTES'
  | 'SESSION_ABSOLUTE_HOURS'
  | 'STAFF_LOGIN_MAX_FAILURES'
  | 'STAFF_LOGIN_CLIENT_MAX_FAILURES'
  | 'STAFF_LOGIN_CLIENT_WINDOW_S'
  | 'STAFF_PASSWORD_SCRYPT_LOG2N'
>;

export interface AuthServiceDeps {
  db: Db;
  config: AuthConfig;
  clock: () => Date;
  logger: Logger;
}

const throttled = (seconds: number) => new ApiError('login_throttled', { params: { seconds }, headers: { 'Retry-After': String(seconds) } });

/**
 * Who is asking: login (password check, throttling and account locks, a new session), logout, and
 * the session behind a request's cookie. The casework itself is ./case-service.ts.
 *
 * @example const auth = createAuthService({ db, config, clock, logger }); const staff = auth.authenticate(cookieValue);
 */
export function createAuthService(deps: AuthServiceDeps) {
  const { db, config, clock, logger } = deps;
  const params: ScryptParams = { log2N: config.STAFF_PASSWORD_SCRYPT_LOG2N, r: 8, p: 1 };
  const dummyVerify = dummyVerifier(params);
  const timeouts: SessionTimeouts = { idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000 };
  const throttle = createLoginThrottle({
    maxFailures: config.STAFF_LOGIN_MAX_FAILURES,
    clientMaxFailures: config.STAFF_LOGIN_CLIENT_MAX_FAILURES,
    clientWindowMs: config.STAFF_LOGIN_CLIENT_WINDOW_S * 1000,
  });

  /** The staff member as the API shows them (GET /api/staff/me). */
  function staffView(s: StaffPrincipal): StaffView {
    const county = s.countyAdcode ? countyByAdcode(s.countyAdcode) : undefined;
    return { id: s.id, login: s.login, role: s.role, county: county ? { adcode: county.adcode, name: county.name } : null };
  }

  /**
   * Checks a login and starts a new session (a session the request already carried is ended: the
   * id always changes at login). Unknown login, wrong password and disabled account fail alike,
   * after the same amount of hashing work.
   */
  async function login(
    input: { login: string; password: string },
    client: string,
    presentedSession: string | undefined,
  ): Promise<{ staff: StaffView; sessionId: string }> {
    const now = clock();
    const clientWait = throttle.clientWait(client, now);
    if (clientWait) throw throttled(clientWait);

    const name = normaliseLogin(input.login);
    const account = db.select().from(staffAccounts).where(eq(staffAccounts.login, name)).get();
    const lockWait = account ? secondsLeft(account.lockedUntil, now) : throttle.unknownWait(name, now);
    if (lockWait) throw throttled(lockWait);

    const ok = account ? await verifyPassword(input.password, account.passwordHash) : await dummyVerify(input.password);
    if (!account || !ok || account.disabled) {
      throttle.clientFailed(client, now);
      if (account) {
        // Increment in SQL: two failures racing each other both count.
        const { failedLogins } = db
          .update(staffAccounts)
          .set({ failedLogins: sql`${staffAccounts.failedLogins} + 1` })
          .where(eq(staffAccounts.id, account.id))
          .returning({ failedLogins: staffAccounts.failedLogins })
          .get()!;
        const ms = lockMs(failedLogins, config.STAFF_LOGIN_MAX_FAILURES);
        if (ms)
          db.update(staffAccounts)
            .set({ lockedUntil: new Date(now.getTime() + ms).toISOString() })
            .where(eq(staffAccounts.id, account.id))
            .run();
        logger.info('staff.login_failed', { staffId: account.id, failedLogins, locked: ms > 0 || undefined });
      } else {
        throttle.unknownFailed(name, now);
        logger.info('staff.login_failed', { staffId: null });
      }
      throw new ApiError('login_failed');
    }

    const rehash = needsRehash(account.passwordHash, params) ? await hashPassword(input.password, params) : undefined;
    const principal: StaffPrincipal = { id: account.id, login: account.login, role: account.role, countyAdcode: account.countyAdcode };
    const sessionId = db.transaction(
      (tx) => {
        tx.update(staffAccounts)
          .set({ failedLogins: 0, lockedUntil: null, ...(rehash ? { passwordHash: rehash } : {}) })
          .where(eq(staffAccounts.id, account.id))
          .run();
        if (presentedSession) deleteSession(tx, presentedSession);
        return createSession(tx, account.id, now, timeouts);
      },
      { behavior: 'immediate' },
    );
    sweepSessions(db, now, timeouts);
    logger.info('staff.login', { staffId: account.id, rehashed: rehash ? true : undefined });
    return { staff: staffView(principal), sessionId };
  }

  /** Ends the session on the server (the route clears the cookie); no session, nothing to do. */
  function logout(sessionId: string | undefined): void {
    if (sessionId) deleteSession(db, sessionId);
  }

  /** The staff member behind a session cookie's value, or undefined (none, unknown, idle or too old, account disabled). */
  function authenticate(sessionId: string | undefined): StaffPrincipal | undefined {
    return sessionId ? resolveSession(db, sessionId, clock(), timeouts) : undefined;
  }

  return { login, logout, authenticate, staffView };
}

export type AuthService = ReturnType<typeof createAuthService>;
