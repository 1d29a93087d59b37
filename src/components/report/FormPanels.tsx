import { useEffect, useRef } from 'preact/hooks';
import { type FieldError, inputIdFor } from './form-model.ts';
import type { Notice } from './form-state.ts';
import { TelText } from './Hotline.tsx';
import { t } from './i18n.ts';

interface RetryProps {
  retrying: boolean;
  /** The answer to the last "try again now". */
  message: string;
  onRetry(): void;
}

/** "Try again now" (the outbox is sent at once, not at the next automatic try). */
function RetryButton({ retrying, onRetry, secondary }: Omit<RetryProps, 'message'> & { secondary?: boolean }) {
  return (
    <button type="button" class={secondary ? 'button secondary' : 'button'} disabled={retrying} onClick={onRetry}>
      {retrying ? t('reportForm.queued.retrying') : t('reportForm.queued.retryNow')}
    </button>
  );
}

/**
 * Shown instead of the form after a submission found no network: it is kept on the device and
 * sent later. The heading takes the focus (`focus` is bumped each time the panel is entered).
 */
export function QueuedPanel({ syncOk, focus, onAnother, message, ...retry }: RetryProps & { syncOk: boolean; focus: number; onAnother(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  return (
    <section class="rf-queued" aria-labelledby="rf-queued-title">
      <h2 id="rf-queued-title" ref={heading} tabIndex={-1}>
        {t('reportForm.queued.title')}
      </h2>
      <p>{syncOk ? t('reportForm.queued.bodySync') : t('reportForm.queued.bodyPage')}</p>
      <p role="status" class="rf-status">
        {message}
      </p>
      <p class="rf-actions">
        <RetryButton {...retry} />
        <button type="button" class="button secondary" onClick={onAnother}>
          {t('reportForm.result.another')}
        </button>
      </p>
    </section>
  );
}

/** Above the form: how many submissions wait on this device, with "try again now". */
export function QueueNotice({ count, message, ...retry }: RetryProps & { count: number }) {
  return (
    <div class="rf-notice">
      <p>{t('reportForm.queued.count', { n: count })}</p>
      <p role="status" class="rf-status">
        {message}
      </p>
      <RetryButton {...retry} secondary />
    </div>
  );
}

/** A restored draft (with "clear the draft") or a refused report put back into the form. */
export function NoticeBox({ notice, onClearDraft }: { notice: Notice; onClearDraft(): void }) {
  return (
    <div class={`rf-notice${notice.kind === 'error' ? ' rf-notice-error' : ''}`} role="status">
      <p>
        <TelText text={notice.text} />
      </p>
      {notice.draft && (
        <button type="button" class="button secondary" onClick={onClearDraft}>
          {t('reportForm.draft.clear')}
        </button>
      )}
    </div>
  );
}

/**
 * The list of errors above the form, each linked to its input. When `focus` is bumped, the first
 * error's input takes the focus (the summary itself when the error belongs to no field).
 */
export function ErrorSummary({ errors, categoryKeys, focus }: { errors: FieldError[]; categoryKeys: string[]; focus: number }) {
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!focus || errors.length === 0) return;
    const first = errors[0]!;
    const el = first.field ? document.getElementById(inputIdFor(first.field, categoryKeys)) : null;
    (el ?? summary.current)?.focus();
  }, [focus]);
  return (
    <div class="rf-error-summary" ref={summary} tabIndex={-1} role="group" aria-labelledby="rf-error-summary-title">
      <h2 id="rf-error-summary-title">{t('reportForm.errors.title', { n: errors.length })}</h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field}:${e.message}`}>{e.field ? <a href={`#${inputIdFor(e.field, categoryKeys)}`}>{e.message}</a> : <TelText text={e.message} />}</li>
        ))}
      </ul>
    </div>
  );
}
