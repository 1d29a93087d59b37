import { useEffect, useState } from 'preact/hooks';
import type { SessionView, StaffView } from '../../kernel/report/contract/staff.ts';
import { StaffApiError, staffApi } from './api.ts';

/** `checking`: GET /api/staff/me is under way; `login`: no session, the login form; `in`: logged in; `error`: the check failed otherwise. */
export type SessionPhase = 'checking' | 'login' | 'in' | 'error';

/** How a session the page had came to an end: the staff member logged out, or the API answered 401 (idle, too old, account disabled). */
export type SessionEnd = 'logout' | 'expired';

export interface StaffSession {
  phase: SessionPhase;
  /** The logged-in staff member while `phase` is `in`. */
  staff: StaffView | null;
  /** What went wrong, when `phase` is `error`. */
  error: string;
  /** Why the login form is shown again; null when the page opened without a session (or logged in since). */
  ended: SessionEnd | null;
  /** The login form succeeded. */
  loggedIn: (staff: StaffView) => void;
  /** A call answered 401 (`expired`), or the page logged out itself (`logout`): back to the login form. */
  end: (how: SessionEnd) => void;
  /** POST /api/staff/logout, then `end('logout')`; a session already gone counts as logged out. Rejects with the API's error otherwise. */
  logout: () => Promise<void>;
}

/**
 * The staff session of a page: who is logged in (GET /api/staff/me once, when the page opens), the
 * login form when nobody is, logout, and the way back to the login form when the session ends while
 * the page is open. `onStart` runs once, when the page opened with a session.
 *
 * @example const session = useStaffSession(base, (staff) => void load()); if (session.phase === 'login') return <LoginForm … />;
 */
export function useStaffSession(base: string, onStart?: (staff: StaffView) => void): StaffSession {
  const [phase, setPhase] = useState<SessionPhase>('checking');
  const [staff, setStaff] = useState<StaffView | null>(null);
  const [error, setError] = useState('');
  const [ended, setEnded] = useState<SessionEnd | null>(null);

  useEffect(() => {
    staffApi<SessionView>(base, '/api/staff/me')
      .then(({ staff }) => {
        setStaff(staff);
        setPhase('in');
        onStart?.(staff);
      })
      .catch((err: unknown) => {
        if (err instanceof StaffApiError && err.status === 401) setPhase('login');
        else {
          setError(err instanceof Error ? err.message : String(err));
          setPhase('error');
        }
      });
  }, []);

  const loggedIn = (s: StaffView) => {
    setStaff(s);
    setEnded(null);
    setPhase('in');
  };
  const end = (how: SessionEnd) => {
    setStaff(null);
    setEnded(how);
    setPhase('login');
  };
  const logout = async () => {
    try {
      await staffApi<void>(base, '/api/staff/logout', { method: 'POST', json: {} });
    } catch (err) {
      // An expired session is logged out already.
      if (!(err instanceof StaffApiError && err.status === 401)) throw err;
    }
    end('logout');
  };
  return { phase, staff, error, ended, loggedIn, end, logout };
}
