import type { ComponentChildren, Ref } from 'preact';

export interface FactsProps {
  /** `facts` unless given (the inbox's rows use `st-meta`). */
  class?: string;
  /** For a list that takes the focus once shown (the revealed contact); it is then focusable by script only. */
  focusRef?: Ref<HTMLDListElement>;
  children: ComponentChildren;
}

/**
 * A list of label/value rows, `<dl>` with one `<div><dt/><dd/></div>` per fact (FactRow).
 *
 * @example <Facts><FactRow label={t('staff.ui.field.county')}>{r.countyName}</FactRow></Facts>
 */
export function Facts({ class: className = 'facts', focusRef, children }: FactsProps) {
  return (
    <dl class={className} ref={focusRef} tabIndex={focusRef ? -1 : undefined}>
      {children}
    </dl>
  );
}

export interface FactRowProps {
  label: string;
  /** Class of the value (`code` for identifiers). */
  valueClass?: string;
  children: ComponentChildren;
}

/** One fact of a Facts list. */
export function FactRow({ label, valueClass, children }: FactRowProps) {
  return (
    <div>
      <dt>{label}</dt>
      <dd class={valueClass}>{children}</dd>
    </div>
  );
}
