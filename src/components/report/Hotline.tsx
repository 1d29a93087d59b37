import { HOTLINE } from '../../kernel/report/limits.ts';

/**
 * A translated sentence with every "12369" in it made a tap-to-call link (`tel:12369`), so a
 * citizen on a phone can call from the message itself. The rest stays text.
 *
 * @example <TelText text={t('reportForm.urgent')} /> // …请直接拨打 <a class="tel" href="tel:12369">12369</a>。
 */
export function TelText({ text }: { text: string }) {
  const parts = text.split(HOTLINE);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && (
            <a class="tel" href={`tel:${HOTLINE}`}>
              {HOTLINE}
            </a>
          )}
          {part}
        </span>
      ))}
    </>
  );
}
