import type { InputHTMLAttributes } from 'preact';
import { TelText } from './Hotline.tsx';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'label' | 'aria-describedby' | 'aria-invalid'> {
  /** Field name as the API knows it; the ids follow from it: `rf-<name>`, `rf-<name>-hint`, `rf-<name>-error`. */
  name: string;
  label: string;
  hint?: string;
  /** The error to show under the input (it is then described by it and marked invalid). */
  error?: string;
}

/**
 * A labelled one-line input with an optional hint and its error, wired for screen readers the same
 * way everywhere in the form (the error focus in ReportForm relies on the `rf-<name>` ids).
 *
 * @example <TextField name="contactPhone" label="联系电话" hint="手机或座机" type="tel" value={v} onInput={…} />
 */
export function TextField({ name, label, hint, error, ...input }: TextFieldProps) {
  const id = `rf-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`rf-field${error ? ' rf-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} class="rf-hint">
          {hint}
        </span>
      )}
      <input id={id} name={name} {...input} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined} />
      {error && (
        <p id={`${id}-error`} class="rf-error">
          <TelText text={error} />
        </p>
      )}
    </div>
  );
}
