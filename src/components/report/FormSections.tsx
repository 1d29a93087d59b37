import type { ComponentChildren } from 'preact';
import { charCount, type FormLimits, type FormState } from './form-model.ts';
import type { Phase } from './form-state.ts';
import { isMessageKey, type ReportMessageKey, t } from './i18n.ts';
import { TextField } from './TextField.tsx';

/** A category as GET /api/report-categories lists it. */
export interface Category {
  key: string;
  name: string;
  hint: string;
}

/** One numbered part of the form, labelled by its heading (`rf-step-<name>`). */
export function Step({ name, children }: { name: 'location' | 'category' | 'description' | 'photos' | 'contact'; children: ComponentChildren }) {
  const id = `rf-step-${name}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t(`reportForm.step.${name}`)}</h2>
      {children}
    </section>
  );
}

interface CategoryProps {
  categories: Category[];
  value: string;
  error?: string;
  disabled: boolean;
  onChange(key: string): void;
}

/** A category's name or hint in the page's language; a category the dictionary does not know yet as the API named it. */
function categoryText(key: string, suffix: '' | '.hint', fallback: string): string {
  const id = `report.category.${key}${suffix}` as ReportMessageKey;
  return isMessageKey(id) ? t(id) : fallback;
}

/** The categories as radio buttons, each described by its hint. */
export function CategoryField({ categories, value, error, disabled, onChange }: CategoryProps) {
  return (
    <fieldset class={`rf-categories${error ? ' rf-invalid' : ''}`} aria-describedby={error ? 'rf-category-error' : undefined}>
      <legend>{t('reportForm.category.legend')}</legend>
      {error && (
        <p id="rf-category-error" class="rf-error">
          {error}
        </p>
      )}
      <ul class="rf-choices">
        {categories.map((c) => (
          <li key={c.key}>
            <input
              type="radio"
              id={`rf-category-${c.key}`}
              name="category"
              value={c.key}
              checked={value === c.key}
              required
              disabled={disabled}
              aria-describedby={`rf-category-${c.key}-hint`}
              onChange={() => onChange(c.key)}
            />
            <label for={`rf-category-${c.key}`}>
              {categoryText(c.key, '', c.name)}
              <span id={`rf-category-${c.key}-hint`} class="rf-sub">
                {categoryText(c.key, '.hint', c.hint)}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

interface DescriptionProps {
  value: string;
  error?: string;
  disabled: boolean;
  limits: FormLimits;
  onInput(value: string): void;
}

/** The description, with a live count of characters as the API counts them. */
export function DescriptionField({ value, error, disabled, limits, onInput }: DescriptionProps) {
  const n = charCount(value);
  return (
    <div class={`rf-field${error ? ' rf-invalid' : ''}`}>
      <label for="rf-description">{t('reportForm.description.label')}</label>
      <p id="rf-description-hint" class="rf-hint">
        {t('reportForm.description.hint')}
      </p>
      <textarea
        id="rf-description"
        name="description"
        rows={5}
        required
        minLength={limits.descriptionMin}
        maxLength={limits.descriptionMax}
        value={value}
        disabled={disabled}
        aria-describedby={`rf-description-hint rf-description-count${error ? ' rf-description-error' : ''}`}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <p id="rf-description-count" class={`rf-counter${n > limits.descriptionMax ? ' rf-over' : ''}`}>
        {n > 0 && n < limits.descriptionMin
          ? t('reportForm.description.counterShort', { n, min: limits.descriptionMin })
          : t('reportForm.description.counter', { n, max: limits.descriptionMax })}
      </p>
      {error && (
        <p id="rf-description-error" class="rf-error">
          {error}
        </p>
      )}
    </div>
  );
}

interface ContactProps {
  fields: Pick<FormState, 'contactName' | 'contactPhone'>;
  errors: { contactName?: string; contactPhone?: string };
  disabled: boolean;
  /** The island runs ("clear" needs script). */
  scripted: boolean;
  onEdit(patch: Partial<Pick<FormState, 'contactName' | 'contactPhone'>>): void;
}

/** Optional name and phone, said to be confidential, with a live "anonymous / named" status. */
export function ContactFields({ fields, errors, disabled, scripted, onEdit }: ContactProps) {
  const named = fields.contactName.trim() !== '' || fields.contactPhone.trim() !== '';
  return (
    <>
      <p class="rf-confidential">
        <strong>{t('reportForm.contact.confidential')}</strong>
      </p>
      <p class={`rf-anon${named ? ' rf-anon-named' : ''}`} role="status">
        <span class="rf-chip">{named ? t('reportForm.contact.named') : t('reportForm.contact.anonymous')}</span>{' '}
        {named ? t('reportForm.contact.namedHint') : t('reportForm.contact.anonymousHint')}
      </p>
      <TextField
        name="contactName"
        label={t('reportForm.contact.name')}
        error={errors.contactName}
        type="text"
        autoComplete="name"
        value={fields.contactName}
        disabled={disabled}
        onInput={(e) => onEdit({ contactName: e.currentTarget.value })}
      />
      <TextField
        name="contactPhone"
        label={t('reportForm.contact.phone')}
        hint={t('reportForm.contact.phoneHint')}
        error={errors.contactPhone}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        value={fields.contactPhone}
        disabled={disabled}
        onInput={(e) => onEdit({ contactPhone: e.currentTarget.value })}
      />
      {named && scripted && (
        <button type="button" class="button secondary" disabled={disabled} onClick={() => onEdit({ contactName: '', contactPhone: '' })}>
          {t('reportForm.contact.clear')}
        </button>
      )}
    </>
  );
}

/** The submit button and the line that says "sending…" or "draft saved". */
export function SubmitBar({ phase, disabled, draftSaved }: { phase: Phase; disabled: boolean; draftSaved: boolean }) {
  return (
    <div class="rf-submitbar">
      <button type="submit" class="button rf-submit" disabled={disabled}>
        {phase === 'submitting' ? t('reportForm.submitting') : t('reportForm.submit')}
      </button>
      <p class="rf-status" role="status">
        {phase === 'submitting' ? t('reportForm.submitProgress') : draftSaved ? t('reportForm.draft.saved') : ''}
      </p>
    </div>
  );
}
