import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionRequest, CountyOption, ReportAnswer, ReportDetail, StaffView } from '../../kernel/report/contract/staff.ts';
import { StaffApiError, staffApi } from './api.ts';
import { CountyOptions } from './CountyOptions.tsx';
import { type StaffMessageKey, t } from './i18n.ts';
import { type ActionKind, availableActions, CONFIRMED_ACTIONS } from './model.ts';

export interface ReportActionsProps {
  base: string;
  report: ReportDetail;
  staff: StaffView;
  counties: CountyOption[];
  /** Called with the report the API returned and a sentence for the live region. */
  onDone: (report: ReportDetail, message: string) => void;
  /** The session ended while acting: show the login form. */
  onLoggedOut: () => void;
}

/** What each action needs besides the click. */
const TEXT_OF: Partial<Record<ActionKind, 'reason' | 'reply' | 'text'>> = {
  reject: 'reason',
  conclude: 'reply',
  reply: 'text',
  note: 'text',
  transfer: 'reason',
};

async function post(base: string, id: number, body: ActionRequest): Promise<ReportDetail> {
  const { report } = await staffApi<ReportAnswer>(base, `/api/staff/reports/${id}/actions`, { json: body });
  return report;
}

/**
 * The workflow actions the current status allows (POST /api/staff/reports/:id/actions). Accept and
 * start are one click; the others open a small form, and the irreversible ones (see
 * CONFIRMED_ACTIONS) ask once more before sending. After an action the page re-renders from the
 * report the API returns, never from a local guess.
 */
export function ReportActions({ base, report, staff, counties, onDone, onLoggedOut }: ReportActionsProps) {
  const actions = availableActions(report.status, staff.role);
  const [open, setOpen] = useState<ActionKind | null>(null);
  const [busy, setBusy] = useState<ActionKind | null>(null);
  const [error, setError] = useState<{ kind: ActionKind; message: string } | null>(null);
  const errorBox = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (error && (error.kind === 'accept' || error.kind === 'start')) errorBox.current?.focus();
  }, [error]);

  // After a county transfers a report away, the API's answer is the last this county may see of it.
  if (staff.role === 'county' && staff.county && report.countyAdcode !== staff.county.adcode)
    return (
      <section aria-labelledby="st-actions-title" class="st-actions">
        <h2 id="st-actions-title">{t('staff.ui.actions.title')}</h2>
        <p>{t('staff.ui.actions.transferredAway', { county: report.countyName })}</p>
      </section>
    );
  if (actions.length === 0)
    return (
      <section aria-labelledby="st-actions-title" class="st-actions">
        <h2 id="st-actions-title">{t('staff.ui.actions.title')}</h2>
        <p>{staff.role === 'province' ? t('staff.ui.actions.noneProvince') : t('staff.ui.actions.none')}</p>
      </section>
    );

  const run = async (kind: ActionKind, body: ActionRequest) => {
    setBusy(kind);
    setError(null);
    try {
      const next = await post(base, report.id, body);
      setOpen(null);
      onDone(next, t(`staff.ui.done.${kind}` as StaffMessageKey, { county: countyName(counties, (body as { countyAdcode?: string }).countyAdcode ?? '') }));
    } catch (err) {
      if (err instanceof StaffApiError && err.status === 401) return onLoggedOut();
      setError({ kind, message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };

  const oneClick = actions.filter((a) => a === 'accept' || a === 'start');
  const withForm = actions.filter((a) => TEXT_OF[a]);

  return (
    <section aria-labelledby="st-actions-title" class="st-actions">
      <h2 id="st-actions-title">{t('staff.ui.actions.title')}</h2>
      {staff.role === 'province' && <p class="rf-hint">{t('staff.ui.actions.provinceHint')}</p>}
      {oneClick.length > 0 && (
        <div class="rf-actions">
          {oneClick.map((kind) => (
            <button key={kind} type="button" class="button" disabled={busy !== null} onClick={() => run(kind, { action: kind } as ActionRequest)}>
              {busy === kind ? t('staff.ui.actions.busy') : t(`staff.ui.action.${kind}` as StaffMessageKey)}
            </button>
          ))}
        </div>
      )}
      {error && (error.kind === 'accept' || error.kind === 'start') && (
        <p class="rf-status rf-status-error" role="alert" tabIndex={-1} ref={errorBox}>
          {error.message}
        </p>
      )}
      {withForm.map((kind) => (
        <details
          key={kind}
          class={`st-action st-action-${kind}`}
          open={open === kind}
          onToggle={(e) => {
            const isOpen = (e.currentTarget as HTMLDetailsElement).open;
            if (isOpen) setOpen(kind);
            else if (open === kind) setOpen(null);
          }}
        >
          <summary>{t(`staff.ui.action.${kind}${kind === 'transfer' && staff.role === 'province' ? 'Province' : ''}` as StaffMessageKey)}</summary>
          {open === kind && (
            <ActionForm
              kind={kind}
              report={report}
              staff={staff}
              counties={counties}
              busy={busy === kind}
              error={error?.kind === kind ? error.message : ''}
              onSubmit={(body) => run(kind, body)}
            />
          )}
        </details>
      ))}
    </section>
  );
}

function countyName(counties: CountyOption[], adcode: string): string {
  return counties.find((c) => c.adcode === adcode)?.name ?? adcode;
}

interface ActionFormProps {
  kind: ActionKind;
  report: ReportDetail;
  staff: StaffView;
  counties: CountyOption[];
  busy: boolean;
  error: string;
  onSubmit: (body: ActionRequest) => void;
}

function ActionForm({ kind, report, staff, counties, busy, error, onSubmit }: ActionFormProps) {
  const [text, setText] = useState('');
  const [county, setCounty] = useState('');
  const [invalid, setInvalid] = useState<'text' | 'county' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const countySelect = useRef<HTMLSelectElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const errorBox = useRef<HTMLParagraphElement>(null);
  const id = `st-a-${kind}`;
  const field = TEXT_OF[kind]!;
  const province = staff.role === 'province';
  const labelSuffix = kind === 'transfer' && province ? 'Province' : '';

  useEffect(() => {
    (kind === 'transfer' ? countySelect : textArea).current?.focus();
  }, []);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (error) {
      setConfirming(false);
      errorBox.current?.focus();
    }
  }, [error]);

  const body = (): ActionRequest => {
    const v = text.trim();
    switch (kind) {
      case 'reject':
        return { action: 'reject', reason: v };
      case 'conclude':
        return { action: 'conclude', reply: v };
      case 'reply':
        return { action: 'reply', text: v };
      case 'note':
        return { action: 'note', text: v };
      default:
        return { action: 'transfer', countyAdcode: county, reason: v };
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (kind === 'transfer' && !county) {
      setInvalid('county');
      countySelect.current?.focus();
      return;
    }
    if (!text.trim()) {
      setInvalid('text');
      textArea.current?.focus();
      return;
    }
    setInvalid(null);
    if (CONFIRMED_ACTIONS.has(kind) && !confirming) setConfirming(true);
    else onSubmit(body());
  };

  const others = counties.filter((c) => c.adcode !== report.countyAdcode);
  const target = counties.find((c) => c.adcode === county);

  return (
    <form class="st-action-form" onSubmit={submit} noValidate>
      <p class="rf-hint">{t(`staff.ui.action.${kind}${labelSuffix}.hint` as StaffMessageKey)}</p>
      {kind === 'transfer' && (
        <div class={`rf-field${invalid === 'county' ? ' rf-invalid' : ''}`}>
          <label for={`${id}-county`}>{t('staff.ui.action.transfer.county')}</label>
          {invalid === 'county' && (
            <p id={`${id}-county-error`} class="rf-error">
              {t('staff.ui.action.transfer.countyRequired')}
            </p>
          )}
          <select
            id={`${id}-county`}
            ref={countySelect}
            value={county}
            disabled={confirming}
            aria-invalid={invalid === 'county' ? 'true' : undefined}
            aria-describedby={invalid === 'county' ? `${id}-county-error` : undefined}
            onChange={(e) => setCounty((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('staff.ui.action.transfer.choose')}</option>
            <CountyOptions counties={others} />
          </select>
        </div>
      )}
      <div class={`rf-field${invalid === 'text' ? ' rf-invalid' : ''}`}>
        <label for={`${id}-text`}>{t(`staff.ui.field.${field}` as StaffMessageKey)}</label>
        <span id={`${id}-text-hint`} class="rf-hint">
          {t(kind === 'note' || kind === 'transfer' ? 'staff.ui.field.internalHint' : 'staff.ui.field.publicHint')}
        </span>
        {invalid === 'text' && (
          <p id={`${id}-text-error`} class="rf-error">
            {t(`staff.ui.field.${field}Required` as StaffMessageKey)}
          </p>
        )}
        <textarea
          id={`${id}-text`}
          ref={textArea}
          rows={4}
          value={text}
          readOnly={confirming}
          aria-invalid={invalid === 'text' ? 'true' : undefined}
          aria-describedby={`${id}-text-hint${invalid === 'text' ? ` ${id}-text-error` : ''}`}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      {error && (
        <p class="rf-status rf-status-error" role="alert" tabIndex={-1} ref={errorBox}>
          {error}
        </p>
      )}
      {confirming ? (
        <div class="st-confirm" tabIndex={-1} ref={confirmBox} role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t(`staff.ui.confirm.${kind}` as StaffMessageKey, { county: target?.name ?? '' })}</p>
          <div class="rf-actions">
            <button type="submit" class={`button${kind === 'reject' ? ' danger' : ''}`} disabled={busy}>
              {busy ? t('staff.ui.actions.busy') : t(`staff.ui.confirm.${kind}.yes` as StaffMessageKey)}
            </button>
            <button
              type="button"
              class="button secondary"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                // The submit button is back after this render.
                setTimeout(() => submitButton.current?.focus(), 0);
              }}
            >
              {t('staff.ui.confirm.back')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" class="button" ref={submitButton} disabled={busy}>
          {busy ? t('staff.ui.actions.busy') : t(`staff.ui.action.${kind}${labelSuffix}.submit` as StaffMessageKey)}
        </button>
      )}
    </form>
  );
}
