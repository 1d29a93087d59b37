import type { CountyOption } from '../../kernel/report/contract/staff.ts';
import { t } from './i18n.ts';

/**
 * The browser side of the staff API (api/staff/): one fetch helper and its error. What the calls
 * send and answer is typed by the API's own contract, src/kernel/report/contract/staff.ts (zod
 * schemas; the islands import only their inferred types, so no zod reaches the browser).
 * Everything the staff pages show comes from these calls at run time; the pages themselves are
 * static shells with no report data in them.
 */

/** A failed call: the API's `{ error: { code, message, field } }`, or a network failure (status 0). */
export class StaffApiError extends Error {
  status: number;
  code: string;
  field: string | undefined;
  /** Seconds from Retry-After (429), when the server sent it. */
  retryAfter: number | undefined;
  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number) {
    super(message);
    this.name = 'StaffApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

/**
 * Calls the API on the portal's own origin. The session cookie goes along by itself (same origin,
 * SameSite=Strict) and the browser adds the Origin header the API checks on state-changing calls.
 *
 * @example const { staff } = await staffApi<SessionView>(base, '/api/staff/me');
 */
export async function staffApi<T>(base: string, path: string, init: { method?: 'GET' | 'POST'; json?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new StaffApiError(0, 'network', t('staff.ui.error.network'));
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => undefined)) as ({ error?: { code?: string; message?: string; field?: string } } & T) | undefined;
  if (!res.ok) {
    const retry = Number(res.headers.get('Retry-After'));
    const e = body?.error;
    throw new StaffApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? t('staff.ui.error.http', { status: res.status }),
      e?.field ?? undefined,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  if (body === undefined) throw new StaffApiError(res.status, 'malformed_response', t('staff.ui.error.http', { status: res.status }));
  return body;
}

/** GET /api/counties, fetched once per page. */
let countiesPromise: Promise<CountyOption[]> | undefined;
export function loadCounties(base: string): Promise<CountyOption[]> {
  countiesPromise ??= staffApi<CountyOption[]>(base, '/api/counties').catch((err: unknown) => {
    countiesPromise = undefined;
    throw err;
  });
  return countiesPromise;
}
