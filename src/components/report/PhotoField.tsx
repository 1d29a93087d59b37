import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.ts';
import type { StoredPhoto } from './outbox.ts';

interface Props {
  photos: StoredPhoto[];
  max: number;
  disabled: boolean;
  /** Progress while files are being downscaled. */
  processing: { done: number; total: number } | null;
  messages: string[];
  error?: string;
  /** The island runs: the styled button and thumbnails. Without script the browser's own file input is shown and posted. */
  scripted: boolean;
  onFiles(files: File[]): void;
  onRemove(id: string): void;
}

/**
 * Photo picker with thumbnails. The file input is the real control (keyboard and screen readers
 * reach it as "拍照或选择照片"); each thumbnail has its own remove button, and focus moves to a
 * sensible place after a removal so keyboard users are not thrown to the top of the page.
 */
export function PhotoField({ photos, max, disabled, processing, messages, error, scripted, onFiles, onRemove }: Props) {
  const urls = useRef(new Map<string, string>());
  const [, force] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  // Object URLs for thumbnails, revoked when a photo leaves the list.
  useEffect(() => {
    const live = new Set(photos.map((p) => p.id));
    let changed = false;
    for (const [id, url] of urls.current) {
      if (!live.has(id)) {
        URL.revokeObjectURL(url);
        urls.current.delete(id);
        changed = true;
      }
    }
    for (const p of photos) {
      if (!urls.current.has(p.id)) {
        urls.current.set(p.id, URL.createObjectURL(p.blob));
        changed = true;
      }
    }
    if (changed) force((n) => n + 1);
  }, [photos]);
  useEffect(
    () => () => {
      for (const u of urls.current.values()) URL.revokeObjectURL(u);
    },
    [],
  );

  const full = photos.length >= max;
  const describedBy = ['rf-photos-hint', error ? 'rf-photos-error' : ''].filter(Boolean).join(' ');

  const remove = (index: number, id: string) => {
    onRemove(id);
    // After the list re-renders: the next photo's remove button, else the previous, else the input.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button');
      const target = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      (target ?? inputRef.current)?.focus();
    });
  };

  return (
    <div class={`rf-field${error ? ' rf-invalid' : ''}`}>
      <p id="rf-photos-hint" class="rf-hint">
        {full ? t('reportForm.photos.full', { max }) : t('reportForm.photos.hint', { max })}
      </p>
      <input
        ref={inputRef}
        id="rf-photos"
        name="photos"
        class={scripted ? 'rf-file' : 'rf-file-plain'}
        type="file"
        accept="image/*"
        multiple
        disabled={disabled || full}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        onChange={(e) => {
          const input = e.currentTarget;
          const files = [...(input.files ?? [])];
          input.value = '';
          if (files.length) onFiles(files);
        }}
      />
      {/* The input is visually hidden but focusable; the label is what people see and tap. */}
      {/* Disabled look comes from the input's :disabled state (site.css); aria-disabled is not allowed on a label. */}
      {scripted ? (
        <label class="rf-photo-add button secondary" for="rf-photos">
          {t('reportForm.photos.add')}
        </label>
      ) : (
        <label class="rf-photo-plain-label" for="rf-photos">
          {t('reportForm.photos.add')}
        </label>
      )}
      {error && (
        <p id="rf-photos-error" class="rf-error">
          {error}
        </p>
      )}
      <div role="status" class="rf-status">
        {processing ? t('reportForm.photos.processing', processing) : messages.map((m) => <p key={m}>{m}</p>)}
      </div>
      {photos.length > 0 && (
        <ul ref={listRef} class="rf-thumbs" aria-label={t('reportForm.photos.count', { n: photos.length })}>
          {photos.map((p, i) => (
            <li key={p.id}>
              {urls.current.has(p.id) && <img src={urls.current.get(p.id)} alt={t('reportForm.photos.thumbAlt', { n: i + 1 })} width={96} height={96} />}
              <span class="rf-thumb-size">{t('reportForm.photos.size', { w: p.width, h: p.height, kb: Math.round(p.blob.size / 1024) })}</span>
              <button type="button" class="rf-remove" disabled={disabled} onClick={() => remove(i, p.id)}>
                <span aria-hidden="true">×</span>
                <span class="visually-hidden">{t('reportForm.photos.remove', { n: i + 1 })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
