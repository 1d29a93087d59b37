import type { Locale } from '../../i18n/index.ts';
import type { CountyRef } from '../bureaus.ts';

/**
 * The contract between the report API (api/reports/pages.ts) and the server-rendered citizen pages
 * (src/pages/report/, src/pages/track/) for browsers without JavaScript.
 *
 * A plain HTML form posts to the portal; the API's form route does the work with the same service
 * as the JSON API (validation, photos, routing, one transaction) and then hands a `CitizenAnswer`
 * to the on-demand Astro page named by `CITIZEN_PAGE_PATHS`, as `Astro.locals.citizenAnswer`. The
 * page renders it with the site's layout and the translation layer. So neither wing imports the
 * other: both import these types from the kernel.
 *
 *   <form method=post action=/report/> ──▶ api: POST /report/ ──▶ service.submit ──▶ answer
 *        ▲                                                                             │
 *        └──────── src/pages/report/index.astro (errors) or receipt.astro (201) ◀───────┘
 */

/** Hidden field of the no-JS report form: a one-time token (UUID) the page made, used as the Idempotency-Key. */
export const FORM_TOKEN_FIELD = 'formToken';

/** The key of `Astro.locals` that carries the answer. */
export const CITIZEN_ANSWER_LOCAL = 'citizenAnswer';

/** What the citizen typed into the report form, as typed (so a re-rendered form shows it again). */
export interface ReportFormValues {
  lat?: string;
  lng?: string;
  category?: string;
  description?: string;
  outfallCode?: string;
  contactName?: string;
  contactPhone?: string;
  locationSource?: string;
}

/** One problem with the submission: the API's field name ('' = the form as a whole) and a Chinese message with its stable code. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A published outfall the form is about (`?outfall=`), with its own location. */
export interface FormOutfall {
  code: string;
  name: string;
  lat: number;
  lng: number;
}

/** The public part of a created report, as the receipt shows it. */
export interface ReceiptView {
  trackingNumber: string;
  queryCode: string;
  county: CountyRef;
  receivedAt: string;
}

/** One entry of a report's public timeline. */
export interface PublicTimelineEntry {
  at: string;
  type: string;
  status?: string;
  label: string;
  /** The bureau's (or the province's) public answer. */
  reply?: string;
  /** What the reporter added (their own words). */
  note?: string;
}

/** A review the reporter asked for, as they see it. */
export interface PublicReview {
  status: string;
  statusLabel: string;
  outcome?: string;
  outcomeLabel?: string;
  reply?: string;
  requestedAt: string;
}

/** A statutory date of a report: accept by / conclude by, and whether it was kept. */
export interface PublicDeadline {
  kind: 'acceptance' | 'conclusion';
  /** ISO timestamp. */
  due: string;
  /** The step was taken (accepted or rejected; concluded), and when. */
  doneAt?: string;
  /** Past due and not done. */
  overdue: boolean;
}

/** The public status of a report (GET /api/reports/<n>). */
export interface PublicReportView {
  trackingNumber: string;
  status: string;
  statusLabel: string;
  category: { key: string; name: string };
  county: CountyRef;
  receivedAt: string;
  updatedAt: string;
  deadlines: PublicDeadline[];
  timeline: PublicTimelineEntry[];
  /** People who said 「我也看到了」. */
  supporters: number;
  /** The reporter's rating, once given. */
  rating?: { key: string; label: string };
  review?: PublicReview;
  /** What the reporter may do now: add information (open), rate (concluded, not rated), ask for a review (不满意, in time, none yet). */
  can: { add: boolean; rate: boolean; review: boolean };
}

/** An answer to a post from the Korean pages (/ko/report/, /ko/track/) is told in Korean. */
export type CitizenAnswer = CitizenAnswerBody & { locale?: Locale };

type CitizenAnswerBody =
  /** The report form again: a fresh token, what was typed, each problem next to its field. */
  | {
      page: 'report-form';
      status: number;
      token: string;
      values: ReportFormValues;
      errors: FieldProblem[];
      /** A sentence above the form (the token was used for other content, photos must be chosen again…). */
      notice?: string;
      outfall?: FormOutfall;
    }
  /** The report was stored (201) or had been (200, a resubmission of the same form). */
  | { page: 'report-receipt'; status: number; receipt: ReceiptView; replayed: boolean }
  /** The tracking form again, with the number typed and the problem. */
  | { page: 'track-form'; status: number; number: string; errors: FieldProblem[] }
  /** A report's status and timeline. */
  | { page: 'track-result'; status: number; view: PublicReportView };

/** The on-demand page that renders each answer. */
export const CITIZEN_PAGE_PATHS: Record<CitizenAnswer['page'], string> = {
  'report-form': '/report/',
  'report-receipt': '/report/receipt/',
  'track-form': '/track/result/',
  'track-result': '/track/result/',
};
