import { t } from './i18n.ts';

/**
 * The browser side of the staff API (api/staff/, contract in issue 5): response types and one
 * fetch helper. Everything the staff pages show comes from these calls at run time; the pages
 * themselves are static shells with no report data in them.
 */

export type StaffRole = 'county' | 'province';
export type ReportStatus = 'received' | 'accepted' | 'rejected' | 'in_progress' | 'concluded';
export const REPORT_STATUSES: readonly ReportStatus[] = ['received', 'accepted', 'rejected', 'in_progress', 'concluded'];

export interface CountyRef {
  adcode: string;
  name: string;
  cityName?: string;
  cityAdcode?: string;
  bureau?: string;
}

export interface StaffUser {
  id: number;
  login: string;
  role: StaffRole;
  county: { adcode: string; name: string } | null;
}

export interface Deadline {
  kind: 'acceptance' | 'conclusion';
  due: string;
  overdue: boolean;
}

/** One row of GET /api/staff/reports. */
export interface ReportSummary {
  id: number;
  trackingNumber: string;
  category: string;
  categoryName: string;
  status: ReportStatus;
  countyAdcode: string;
  countyName: string;
  lat: number;
  lng: number;
  placeName: string;
  outfallCode: string | null;
  outfallName: string | null;
  receivedAt: string;
  ageDays: number;
  deadline: Deadline | null;
  nearBorder: boolean;
  photoCount: number;
}

export interface ReportList {
  reports: ReportSummary[];
  counts: { byStatus: Partial<Record<ReportStatus, number>>; overdue: number };
}

export interface TimelineEvent {
  type: string;
  actor: string;
  /** The staff member's login, where the actor is staff. */
  actorLogin?: string | null;
  public: boolean;
  status: ReportStatus | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

/** GET /api/staff/reports/:id, and the answer of every action. */
export interface ReportDetail extends ReportSummary {
  description: string;
  routing: {
    rule: 'point_in_polygon' | 'outfall_county' | string;
    routedCountyAdcode: string;
    pointCountyAdcode: string | null;
    outfallCountyMismatch: boolean;
    nearBorder: { adcode: string; name: string; distanceM: number }[];
    boundaryVersion: string;
  };
  photos: { n: number; url: string; width: number; height: number }[];
  hasContact: boolean;
  timeline: TimelineEvent[];
}

export type ActionBody =
  | { action: 'accept' }
  | { action: 'reject'; reason: string }
  | { action: 'start' }
  | { action: 'conclude'; reply: string }
  | { action: 'reply'; text: string }
  | { action: 'note'; text: string }
  | { action: 'transfer'; countyAdcode: string; reason: string };

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
 * @example const { staff } = await staffApi<{ staff: StaffUser }>(base, '/api/staff/me');
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
let countiesPromise: Promise<CountyRef[]> | undefined;
export function loadCounties(base: string): Promise<CountyRef[]> {
  countiesPromise ??= staffApi<CountyRef[]>(base, '/api/counties').catch((err: unknown) => {
    countiesPromise = undefined;
    throw err;
  });
  return countiesPromise;
}
