import { eq } from 'drizzle-orm';
import type { Db } from '../../src/kernel/db/client.ts';
import { type StaffRole, staffAccounts, staffSessions } from '../../src/kernel/db/schema.ts';
import { countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { DEFAULT_SCRYPT, hashPassword, PASSWORD_MAX_BYTES, type ScryptParams } from './passwords.ts';

/**
 * Staff accounts: creating, disabling and resetting them (the CLI, api/staff/cli.ts, and tests call
 * these). Logins are case-folded so `Wang.Li` and `wang.li` are one account.
 */

export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const PASSWORD_MIN_LENGTH = 10;

/** Thrown for bad CLI input; the message names the option. */
export class AccountError extends Error {
  override name = 'AccountError';
}

/** The canonical form of a login name: NFKC (full-width letters typed by Chinese IMEs), trimmed, lower case. */
export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

export function checkPassword(password: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) throw new AccountError(`password: at least ${PASSWORD_MIN_LENGTH} characters`);
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) throw new AccountError(`password: at most ${PASSWORD_MAX_BYTES} bytes`);
}

export interface NewStaff {
  login: string;
  password: string;
  /** County adcode for county staff; omit for province staff. */
  countyAdcode?: string;
  role: StaffRole;
}

/**
 * Creates an account.
 *
 * @example await addStaff(db, { login: 'nanguan.li', password: '…', role: 'county', countyAdcode: '220102' }, new Date())
 */
export async function addStaff(db: Db, input: NewStaff, now: Date, params: ScryptParams = DEFAULT_SCRYPT): Promise<{ id: number; login: string }> {
  const login = normaliseLogin(input.login);
  if (!LOGIN_PATTERN.test(login)) throw new AccountError('--login: 3–64 characters a–z, 0–9, ".", "_" or "-", starting with a letter or digit');
  if (input.role === 'county') {
    if (!input.countyAdcode || !countyByAdcode(input.countyAdcode))
      throw new AccountError(`--county: ${input.countyAdcode ?? '(missing)'} is not one of Jilin's 60 county-level adcodes`);
  } else if (input.countyAdcode) {
    throw new AccountError('--province and --county exclude each other');
  }
  checkPassword(input.password);
  if (db.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(staffAccounts.login, login)).get()) {
    throw new AccountError(`--login: ${login} exists already`);
  }
  const passwordHash = await hashPassword(input.password, params);
  const at = now.toISOString();
  const row = db
    .insert(staffAccounts)
    .values({ login, role: input.role, countyAdcode: input.role === 'county' ? input.countyAdcode! : null, passwordHash, createdAt: at, passwordChangedAt: at })
    .returning({ id: staffAccounts.id })
    .get();
  return { id: row.id, login };
}

function accountByLogin(db: Db, login: string) {
  const row = db
    .select()
    .from(staffAccounts)
    .where(eq(staffAccounts.login, normaliseLogin(login)))
    .get();
  if (!row) throw new AccountError(`--login: no account ${normaliseLogin(login)}`);
  return row;
}

/** Disables (or re-enables) an account; disabling ends its sessions at once. */
export function setDisabled(db: Db, login: string, disabled: boolean): void {
  const row = accountByLogin(db, login);
  db.transaction((tx) => {
    tx.update(staffAccounts).set({ disabled }).where(eq(staffAccounts.id, row.id)).run();
    if (disabled) tx.delete(staffSessions).where(eq(staffSessions.staffId, row.id)).run();
  });
}

/** Sets a new password, lifts a lock and ends every session of the account. */
export async function resetPassword(db: Db, login: string, password: string, now: Date, params: ScryptParams = DEFAULT_SCRYPT): Promise<void> {
  const row = accountByLogin(db, login);
  checkPassword(password);
  const passwordHash = await hashPassword(password, params);
  db.transaction((tx) => {
    tx.update(staffAccounts)
      .set({ passwordHash, passwordChangedAt: now.toISOString(), failedLogins: 0, lockedUntil: null })
      .where(eq(staffAccounts.id, row.id))
      .run();
    tx.delete(staffSessions).where(eq(staffSessions.staffId, row.id)).run();
  });
}
