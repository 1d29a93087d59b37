import { z } from 'zod';
import { TEXT_MAX } from '../../src/kernel/report/contract/staff.ts';
import { ApiError, type ErrorCode, errorMessage, type FieldIssue, isErrorCode } from '../errors.ts';
import { PASSWORD_MAX_BYTES } from './passwords.ts';

/**
 * The request schemas of the staff API, validated once, at the edge, by zValidator, and the one
 * mapper of their issues to an error answer. The schemas both sides share (the action body, the
 * list and export queries, every response) are the contract in src/kernel/report/contract/staff.ts; the
 * ones here only the API needs. Check messages are stable error codes (api/errors.ts).
 */

export { type ActionBody, actionSchema, type ExportQuery, exportQuerySchema, type ListQuery, listQuerySchema } from '../../src/kernel/report/contract/staff.ts';

export const loginSchema = z.object({
  login: z.string({ error: 'required' }).min(1, 'required').max(200, 'login_failed').meta({ description: '登录名（不区分大小写）' }),
  password: z
    .string({ error: 'required' })
    .min(1, 'required')
    .refine((s) => Buffer.byteLength(s, 'utf8') <= PASSWORD_MAX_BYTES, 'login_failed')
    .meta({ description: '密码' }),
});

const PARAMS: Partial<Record<ErrorCode, Record<string, number>>> = { text_too_long: { max: TEXT_MAX } };

/** zod issues → one ApiError naming the first bad field (every bad field under `issues`). */
export function staffInputError(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[] },
  fallback: ErrorCode = 'malformed_body',
): ApiError {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (issues.some((i) => i.field === field)) continue;
    const code: ErrorCode = isErrorCode(issue.message) ? issue.message : fallback;
    issues.push({ code, field, message: errorMessage(code, field, PARAMS[code]) });
  }
  const first = issues[0] ?? { code: fallback, field: 'body' };
  return new ApiError(first.code, { field: first.field, params: PARAMS[first.code], issues });
}
