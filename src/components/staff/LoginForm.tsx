import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionView, StaffView } from '../../kernel/report/contract/staff.ts';
import { StaffApiError, staffApi } from './api.ts';
import { t } from './i18n.ts';
import { formatWait } from './model.ts';

export interface LoginFormProps {
  base: string;
  onLogin: (staff: StaffView) => void;
  /** Move focus to the heading when the form appears after a logout or an expired session. */
  focusOnMount?: boolean;
}

/**
 * The wait after a throttled login (429), from Retry-After: said again in minutes when the API's
 * message gives a long wait in seconds, or said at all when the message does not give it.
 */
function waitLine(err: StaffApiError): string | undefined {
  if (err.status !== 429 || !err.retryAfter) return undefined;
  if (err.message.includes(String(err.retryAfter)) && err.retryAfter < 60) return undefined;
  return t('staff.ui.login.wait', { wait: formatWait(err.retryAfter) });
}

/**
 * POST /api/staff/login with `{ login, password }`. The API answers an unknown login and a wrong
 * password alike; its Chinese message is shown as it comes. A throttled login (429) also says how
 * long to wait, from Retry-After.
 */
export function LoginForm({ base, onLogin, focusOnMount = false }: LoginFormProps) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; wait?: string } | null>(null);
  const [missing, setMissing] = useState<'login' | 'password' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  const loginInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, []);

  useEffect(() => {
    if (error) errorBox.current?.focus();
  }, [error]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const which = !login.trim() ? 'login' : !password ? 'password' : null;
    setMissing(which);
    if (which) {
      setError(null);
      (which === 'login' ? loginInput : passwordInput).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { staff } = await staffApi<SessionView>(base, '/api/staff/login', { json: { login: login.trim(), password } });
      setPassword('');
      onLogin(staff);
    } catch (err) {
      const apiErr = err instanceof StaffApiError ? err : new StaffApiError(0, 'network', t('staff.ui.error.network'));
      setPassword('');
      setError({
        message: apiErr.message,
        wait: waitLine(apiErr),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="st-login" aria-labelledby="st-login-title">
      <h2 id="st-login-title" ref={heading} tabIndex={-1}>
        {t('staff.ui.login.title')}
      </h2>
      <p class="rf-hint">{t('staff.ui.login.lead')}</p>
      {error && (
        <div class="st-alert" role="alert" tabIndex={-1} ref={errorBox}>
          <p>{error.message}</p>
          {error.wait && <p>{error.wait}</p>}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div class={`rf-field${missing === 'login' ? ' rf-invalid' : ''}`}>
          <label for="st-login">{t('staff.ui.login.login')}</label>
          {missing === 'login' && (
            <p id="st-login-error" class="rf-error">
              {t('staff.ui.login.loginRequired')}
            </p>
          )}
          <input
            id="st-login"
            ref={loginInput}
            name="login"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            aria-invalid={missing === 'login' ? 'true' : undefined}
            aria-describedby={missing === 'login' ? 'st-login-error' : undefined}
            value={login}
            onInput={(e) => setLogin((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class={`rf-field${missing === 'password' ? ' rf-invalid' : ''}`}>
          <label for="st-password">{t('staff.ui.login.password')}</label>
          {missing === 'password' && (
            <p id="st-password-error" class="rf-error">
              {t('staff.ui.login.passwordRequired')}
            </p>
          )}
          <input
            id="st-password"
            ref={passwordInput}
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={missing === 'password' ? 'true' : undefined}
            aria-describedby={missing === 'password' ? 'st-password-error' : undefined}
            value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <button class="button st-wide" type="submit" disabled={busy} aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('staff.ui.login.busy') : t('staff.ui.login.submit')}
        </button>
      </form>
    </section>
  );
}
