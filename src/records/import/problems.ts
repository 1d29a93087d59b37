import { type MessageKey, t } from '../../kernel/i18n/index.ts';

/**
 * Problems found while importing a records file. Every problem carries a stable machine-readable
 * code (for scripts and tests), where it is (spreadsheet row as a person counts it, header = row 1;
 * the Chinese column name), the offending value, and a Chinese message saying what was expected.
 */

/** Stable problem codes with their severity. Errors block the import; warnings and notices do not. */
export const PROBLEM_SEVERITY = {
  file_unreadable: 'error',
  file_unsupported: 'error',
  file_empty: 'error',
  header_not_found: 'error',
  column_missing: 'error',
  column_unknown: 'notice',
  column_duplicate: 'error',
  required_missing: 'error',
  code_invalid: 'error',
  duplicate_code: 'error',
  type_unknown: 'error',
  city_unknown: 'error',
  county_unknown: 'error',
  county_ambiguous: 'error',
  county_not_in_city: 'error',
  county_code_superseded: 'warning',
  coordinate_invalid: 'error',
  coordinate_outside_jilin: 'error',
  county_mismatch: 'warning',
  code_county_mismatch: 'warning',
  crs_unknown: 'error',
  crs_assumed: 'notice',
  date_invalid: 'error',
  enum_unknown: 'error',
  boolean_invalid: 'error',
  credit_code_invalid: 'error',
  phone_invalid: 'error',
  number_precision_lost: 'error',
  text_too_long: 'error',
  value_invalid: 'error',
  // The work plan's rules (src/records/rules.ts); the severity here must match the rule's (a test checks).
  rule_stormwater_merged_or_closed: 'error',
  rule_removed_but_retained: 'error',
} as const satisfies Record<string, Severity>;

export type Severity = 'error' | 'warning' | 'notice';
export type ProblemCode = keyof typeof PROBLEM_SEVERITY;

export interface Problem {
  severity: Severity;
  /** Stable machine-readable code, e.g. `coordinate_outside_jilin`. */
  code: ProblemCode;
  /** Spreadsheet row number (header row = 1 for a file without title rows); null for the whole file. */
  row: number | null;
  /** Chinese column name (canonical, e.g. 经度), or the file's own header text for an unknown column. */
  column: string | null;
  /** The offending value as it appeared in the file (trimmed), or null. */
  value: string | null;
  /** Chinese explanation of what was expected. */
  message: string;
}

export type MessageParams = Record<string, string | number>;

/**
 * Builds a problem with its Chinese message. `messageKey` defaults to `import.problem.<code>`; a
 * few codes have a more specific wording (e.g. `required_with`).
 *
 * @example problem('date_invalid', { row: 3, column: '更新日期', value: '2023-02-30' }).message
 */
export function problem(
  code: ProblemCode,
  where: { row: number | null; column: string | null; value?: string | null },
  params: MessageParams = {},
  messageKey: MessageKey = `import.problem.${code}`,
): Problem {
  return {
    severity: PROBLEM_SEVERITY[code],
    code,
    row: where.row,
    column: where.column,
    value: where.value ?? null,
    message: t(messageKey, { column: where.column ?? '', value: where.value ?? '', ...params }),
  };
}

/** A parse failure from the value parsers (values.ts), turned into a Problem by the importer. */
export interface ValueFailure {
  ok: false;
  code: ProblemCode;
  params?: MessageParams;
  messageKey?: MessageKey;
}

export const hasErrors = (problems: readonly Problem[]) => problems.some((p) => p.severity === 'error');

export function countBySeverity(problems: readonly Problem[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const p of problems) counts[p.severity]++;
  return counts;
}
