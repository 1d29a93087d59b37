import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.ts';
import type { Receipt } from './outbox.ts';

/**
 * The link to a report's tracking page. The query code goes in the fragment (`#n=…&c=…`), never in
 * the query string: browsers do not send fragments to the server, so the code stays out of access
 * logs, proxies and Referer headers; the tracking page's script reads it from there.
 *
 * @example trackingLink('', r) // '/track/#n=JL2026-000123&c=K7M2XQ9P'
 */
export function trackingLink(base: string, r: Pick<Receipt, 'trackingNumber' | 'queryCode'>): string {
  return `${base}/track/#${new URLSearchParams({ n: r.trackingNumber, c: r.queryCode }).toString()}`;
}

export function bureauName(r: Receipt): string {
  return r.county.bureau ?? r.county.name;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

interface Props {
  receipt: Receipt;
  base: string;
  /** Sent in the background (by the service worker or on a later page load), not just now. */
  background?: boolean;
  /** Focus the heading when shown (the citizen's attention moves here after submitting). */
  focus?: boolean;
  onDone?: () => void;
  doneLabel?: string;
}

/** The tracking number and query code, shown large, with copy buttons and the link to follow the report. */
export function ReceiptPanel({ receipt, base, background, focus, onDone, doneLabel }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);

  const copy = async (what: string, text: string) => {
    if (await copyText(text)) setCopied(what);
  };

  const received = new Date(receipt.receivedAt);
  return (
    <section class="rf-receipt" aria-labelledby={`rf-receipt-${receipt.trackingNumber}`}>
      <h2 id={`rf-receipt-${receipt.trackingNumber}`} ref={heading} tabIndex={-1}>
        {background ? t('reportForm.result.backgroundTitle') : t('reportForm.result.title')}
      </h2>
      <dl class="rf-codes">
        <div>
          <dt>{t('reportForm.result.trackingNumber')}</dt>
          <dd>
            <span class="rf-code" data-testid="tracking-number">
              {receipt.trackingNumber}
            </span>
            <button type="button" class="button secondary rf-copy" onClick={() => copy('n', receipt.trackingNumber)}>
              {t('reportForm.result.copy')}
              <span class="visually-hidden">{t('reportForm.result.trackingNumber')}</span>
            </button>
          </dd>
        </div>
        <div>
          <dt>{t('reportForm.result.queryCode')}</dt>
          <dd>
            <span class="rf-code" data-testid="query-code">
              {receipt.queryCode}
            </span>
            <button type="button" class="button secondary rf-copy" onClick={() => copy('c', receipt.queryCode)}>
              {t('reportForm.result.copy')}
              <span class="visually-hidden">{t('reportForm.result.queryCode')}</span>
            </button>
          </dd>
        </div>
      </dl>
      <p role="status" class="rf-status rf-status-ok">
        {copied ? t('reportForm.result.copied') : ''}
      </p>
      <p class="rf-save-hint">
        <strong>{t('reportForm.result.saveHint')}</strong>
      </p>
      <p>
        <button
          type="button"
          class="button secondary"
          onClick={() => copy('both', t('reportForm.result.copyText', { n: receipt.trackingNumber, c: receipt.queryCode }))}
        >
          {t('reportForm.result.copyBoth')}
        </button>
      </p>
      <p>{t('reportForm.result.bureau', { bureau: bureauName(receipt) })}</p>
      {!Number.isNaN(received.getTime()) && (
        <p class="rf-hint">{t('reportForm.result.receivedAt', { time: received.toLocaleString('zh-CN', { hour12: false }) })}</p>
      )}
      <p class="rf-actions">
        <a class="button" href={trackingLink(base, receipt)}>
          {t('reportForm.result.track')}
        </a>
        {onDone && (
          <button type="button" class="button secondary" onClick={onDone}>
            {doneLabel ?? t('reportForm.result.another')}
          </button>
        )}
      </p>
    </section>
  );
}
