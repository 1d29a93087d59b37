import { useState } from 'preact/hooks';
import type { StaffView } from '../../kernel/report/contract/staff.ts';
import { t } from './i18n.ts';

export interface SessionBarProps {
  staff: StaffView;
  /** Logs out (useStaffSession's `logout`); a failure is shown here. */
  onLogout: () => Promise<void>;
  /** Where the "inbox" link goes; omitted on the inbox itself. */
  inboxHref?: string;
}

/** Who is logged in (and for which county), a way back to the inbox, and the logout button. */
export function SessionBar({ staff, onLogout, inboxHref }: SessionBarProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const scope = staff.role === 'province' ? t('staff.ui.session.province') : (staff.county?.name ?? '');

  const logout = async () => {
    setBusy(true);
    setError('');
    try {
      await onLogout();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
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
