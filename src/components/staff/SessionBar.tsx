import { useState } from 'preact/hooks';
import type { StaffView } from '../../kernel/report/contract/staff.ts';
import { StaffApiError, staffApi } from './api.ts';
import { t } from './i18n.ts';

export interface SessionBarProps {
  base: string;
  staff: StaffView;
  onLogout: () => void;
  /** Where the "inbox" link goes; omitted on the inbox itself. */
  inboxHref?: string;
}

/** Who is logged in (and for which county), a way back to the inbox, and logout (POST /api/staff/logout). */
export function SessionBar({ base, staff, onLogout, inboxHref }: SessionBarProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const scope = staff.role === 'province' ? t('staff.ui.session.province') : (staff.county?.name ?? '');

  const logout = async () => {
    setBusy(true);
    setError('');
    try {
      await staffApi<void>(base, '/api/staff/logout', { method: 'POST', json: {} });
      onLogout();
    } catch (err) {
      // An expired session is logged out already.
      if (err instanceof StaffApiError && err.status === 401) onLogout();
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="st-session">
      <p class="st-who">{t('staff.ui.session.who', { login: staff.login, scope })}</p>
      <div class="st-session-actions">
        {inboxHref && (
          <a class="button secondary" href={inboxHref}>
            {t('staff.ui.session.inbox')}
          </a>
        )}
        <button type="button" class="button secondary" onClick={logout} disabled={busy}>
          {t('staff.ui.session.logout')}
        </button>
      </div>
      {error && (
        <p class="rf-status rf-status-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
