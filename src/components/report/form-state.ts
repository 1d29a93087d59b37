import {
  EMPTY_FORM,
  errorsFromApi,
  type FieldError,
  type FormLimits,
  type FormState,
  formatDegrees,
  isEmpty,
  type LocationSource,
  locationOf,
  stateFromApiFields,
  validate,
} from './form-model.ts';
import { distanceM } from './geo.ts';
import { t } from './i18n.ts';
import type { ApiErrorBody, OutboxItem, Receipt, StoredPhoto, StoredReceipt } from './outbox.ts';

/**
 * Everything the report form shows, as one value, and every change to it as one named action:
 * `reducer(state, action)` is pure (no DOM, no storage, no network), so each rule — which errors an
 * edit clears, what a successful submission resets, when a photo's GPS is offered — is unit-tested
 * in Node. The effects (device store, network, files, GPS) live in the use-*.ts hooks and only
 * dispatch actions.
 */

/** What the island shows: the form, the form while sending, "saved on the device, waiting", or the receipt. */
export type Phase = 'form' | 'submitting' | 'queued' | 'done';

/** The status line under the location buttons. */
export interface LocationMessage {
  kind: 'info' | 'ok' | 'error';
  text: string;
}

/** A GPS position found in a photo's EXIF, offered as the report's location. */
export interface PhotoGpsOffer {
  name: string;
  lat: number;
  lng: number;
}

/** A notice at the top of the form: a restored draft (with a "clear" button), a refused report put back. */
export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** Shows the "clear the draft" button. */
  draft?: boolean;
}

export interface ReportState {
  /** The island's script runs: until then every control is disabled (the server-rendered HTML). */
  hydrated: boolean;
  phase: Phase;
  fields: FormState;
  photos: StoredPhoto[];
  /** Progress while chosen files are being downscaled. */
  processing: { done: number; total: number } | null;
  /** What went wrong with the last files chosen (too many, unreadable). */
  photoMessages: string[];
  locationMessage: LocationMessage | null;
  photoOffer: (PhotoGpsOffer & { photoId: string }) | null;
  /** The outfall named by ?outfall=, once found in the published list. */
  preselected: { code: string; name: string } | null;
  errors: FieldError[];
  /** Bumped when the first error should take the focus after the next render. */
  focusErrors: number;
  notice: Notice | null;
  /**
   * The draft on the device matches the form (shown as "draft saved"). Every edit sets it false;
   * only a save of exactly the current fields and photos sets it true again (./use-draft.ts).
   */
  draftSaved: boolean;
  /** False once the device store failed (private mode): no more draft saving. */
  storageOk: boolean;
  /** The receipt of the submission just made (phase `done`). */
  receipt: Receipt | null;
  /** Receipts of submissions sent in the background (service worker, an earlier visit). */
  backgroundReceipts: StoredReceipt[];
  /** Submissions waiting in the outbox on this device. */
  queuedCount: number;
  /** Background Sync will send the queued submission even after the page is closed. */
  syncOk: boolean;
  /** A send of the outbox is running. */
  retrying: boolean;
  /** The answer to the citizen's "try again now". */
  retryMessage: string;
  /** Bumped when the queued panel or the receipt should take the focus. */
  focusPanel: number;
}

export const INITIAL_STATE: ReportState = {
  hydrated: false,
  phase: 'form',
  fields: EMPTY_FORM,
  photos: [],
  processing: null,
  photoMessages: [],
  locationMessage: null,
  photoOffer: null,
  preselected: null,
  errors: [],
  focusErrors: 0,
  notice: null,
  draftSaved: false,
  storageOk: true,
  receipt: null,
  backgroundReceipts: [],
  queuedCount: 0,
  syncOk: false,
  retrying: false,
  retryMessage: '',
  focusPanel: 0,
};

/** What the server hands the island when it renders the form (`?outfall=`, or a no-JS post it refused). */
export interface ServerStart {
  /** What was typed, as typed. */
  values?: Partial<Record<keyof FormState, string>>;
  /** Problems the server found, by API field ('' = the form as a whole). */
  errors?: { field: string; message: string }[];
  notice?: string;
  /** The published outfall the form is about, with its own location. */
  outfall?: { code: string; name: string; lat: number; lng: number };
}

/**
 * The first state of the form: empty, or as the server rendered it. The same on the server and at
 * hydration, so both render the same tree.
 *
 * @example initialState({ outfall: { code: 'X', name: '某排口', lat: 43.8, lng: 125.3 } }).fields.outfallCode // 'X'
 */
export function initialState(start: ServerStart = {}): ReportState {
  const values = start.values ?? {};
  const fields: FormState = { ...EMPTY_FORM };
  for (const k of Object.keys(EMPTY_FORM) as (keyof FormState)[]) {
    const v = values[k];
    if (typeof v === 'string') (fields as unknown as Record<string, string>)[k] = v;
  }
  const o = start.outfall;
  if (o) {
    fields.outfallCode = o.code;
    if (!fields.lat.trim() && !fields.lng.trim()) {
      fields.lat = String(o.lat);
      fields.lng = String(o.lng);
      fields.locationSource = 'outfall';
    }
  }
  const errors = (start.errors ?? []).map((e) => ({ field: e.field === 'location' || e.field === 'locationSource' ? 'lat' : e.field, message: e.message }));
  return {
    ...INITIAL_STATE,
    fields,
    preselected: o ? { code: o.code, name: o.name } : null,
    errors,
    focusErrors: errors.length ? 1 : 0,
    notice: start.notice ? { kind: errors.length ? 'error' : 'info', text: start.notice } : null,
  };
}

/** A photo position this close to the current point is not worth offering. */
export const PHOTO_OFFER_MIN_M = 30;

/** The parts of the state that are plain facts reported by the effects, with no rule attached. */
export type Facts = Pick<ReportState, 'hydrated' | 'locationMessage' | 'processing' | 'draftSaved' | 'storageOk' | 'queuedCount' | 'retrying' | 'retryMessage'>;

export type Action =
  /** Plain facts: the island runs, a location status, photo progress, the draft saved, the store failed, the queue length… */
  | { type: 'set'; facts: Partial<Facts> }
  /** The citizen changed fields; their errors go away. */
  | { type: 'edit'; patch: Partial<FormState> }
  /** A location from GPS, the map or the typed inputs. */
  | { type: 'locate'; lat: string; lng: string; source: LocationSource; accuracyM?: number }
  | { type: 'usePhotoLocation' }
  /** ?outfall= found in the published list; a restored draft keeps its own point for the same outfall. */
  | { type: 'outfallPreselected'; code: string; name: string; lat: number; lng: number; keepDraftLocation: boolean }
  | { type: 'photosStart'; total: number }
  | { type: 'photoAdded'; photo: StoredPhoto }
  /** The chosen files are processed; `offer` = the first photo with a GPS position. */
  | { type: 'photosDone'; messages: string[]; offer: (PhotoGpsOffer & { photoId: string }) | null }
  | { type: 'photoRemoved'; id: string }
  | { type: 'draftRestored'; fields: FormState; photos: StoredPhoto[]; savedAt: string }
  /** The draft could not be read or written: said once, then no more tries. */
  | { type: 'draftUnavailable' }
  | { type: 'draftCleared' }
  /** Validate, then either show the errors or start sending. */
  | { type: 'submit'; limits: FormLimits }
  | { type: 'sent'; receipt: Receipt }
  | { type: 'refused'; error: ApiErrorBody }
  /** 429: too many reports from this device or address; `retryAfterS` from Retry-After. */
  | { type: 'throttled'; retryAfterS?: number }
  /** The submission waits in the outbox on the device: the form is emptied at once. */
  | { type: 'queuedOnDevice' }
  | { type: 'queued'; syncOk: boolean }
  /** The queued submission of this page was sent in the background. */
  | { type: 'receiptArrived'; receipt: Receipt }
  | { type: 'backgroundReceipt'; receipt: StoredReceipt }
  | { type: 'receiptDismissed'; receipt: StoredReceipt }
  /** A queued submission the server refused, put back into the form to be fixed. */
  | { type: 'rejectedRestored'; item: OutboxItem }
  | { type: 'flushing'; manual: boolean }
  | { type: 'backToForm' };

/** Any change to the fields or photos: the draft on the device no longer matches until it is saved again. */
function edit(s: ReportState, patch: Partial<FormState>): ReportState {
  const changed = Object.keys(patch);
  return { ...s, fields: { ...s.fields, ...patch }, errors: s.errors.filter((e) => !changed.includes(e.field)), draftSaved: false };
}

function locate(s: ReportState, lat: string, lng: string, source: LocationSource, accuracyM?: number): ReportState {
  const next = edit(s, { lat, lng, locationSource: source, accuracyM: accuracyM === undefined ? '' : String(accuracyM) });
  // A typed point says nothing about where the GPS or the map put it.
  return source === 'typed' ? { ...next, locationMessage: null } : next;
}

/** The form emptied after a submission left it (sent or queued) or on "clear the draft". */
function cleared(s: ReportState): ReportState {
  return {
    ...s,
    fields: EMPTY_FORM,
    photos: [],
    photoOffer: null,
    preselected: null,
    locationMessage: null,
    errors: [],
    notice: null,
    draftSaved: false,
  };
}

/** The receipt takes the place of the form (or of the "queued" panel), and the focus. */
function showReceipt(s: ReportState, receipt: Receipt): ReportState {
  return { ...s, receipt, phase: 'done', focusPanel: s.focusPanel + 1 };
}

/**
 * The next state of the form.
 *
 * @example reducer(state, { type: 'edit', patch: { description: '河边有黑水' } })
 */
export function reducer(s: ReportState, a: Action): ReportState {
  switch (a.type) {
    case 'set':
      return { ...s, ...a.facts };
    case 'edit':
      return edit(s, a.patch);
    case 'locate':
      return locate(s, a.lat, a.lng, a.source, a.accuracyM);
    case 'usePhotoLocation': {
      const o = s.photoOffer;
      if (!o) return s;
      return {
        ...locate(s, formatDegrees(o.lat), formatDegrees(o.lng), 'photo'),
        locationMessage: { kind: 'ok', text: t('reportForm.location.photoUsed') },
        photoOffer: null,
      };
    }
    case 'outfallPreselected': {
      const keep = a.keepDraftLocation && s.fields.outfallCode === a.code;
      return {
        ...s,
        preselected: { code: a.code, name: a.name },
        fields: keep ? s.fields : { ...s.fields, lat: String(a.lat), lng: String(a.lng), locationSource: 'outfall', accuracyM: '', outfallCode: a.code },
        draftSaved: keep ? s.draftSaved : false,
        locationMessage: { kind: 'ok', text: t('reportForm.location.fromOutfall', { name: a.name }) },
      };
    }
    case 'photosStart':
      return { ...s, photoMessages: [], errors: s.errors.filter((e) => e.field !== 'photos'), processing: { done: 0, total: a.total } };
    case 'photoAdded':
      return { ...s, photos: [...s.photos, a.photo], draftSaved: false };
    case 'photosDone': {
      const next = { ...s, processing: null, photoMessages: a.messages };
      const o = a.offer;
      const here = locationOf(s.fields);
      return o && (!here || distanceM(here, o) > PHOTO_OFFER_MIN_M) ? { ...next, photoOffer: o } : next;
    }
    case 'photoRemoved':
      return {
        ...s,
        photos: s.photos.filter((p) => p.id !== a.id),
        photoOffer: s.photoOffer?.photoId === a.id ? null : s.photoOffer,
        draftSaved: false,
      };
    case 'draftRestored':
      return {
        ...s,
        fields: a.fields,
        photos: a.photos,
        notice: {
          kind: 'info',
          draft: true,
          text: t('reportForm.draft.restored', { time: new Date(a.savedAt).toLocaleString('zh-CN', { hour12: false }) }),
        },
      };
    case 'draftUnavailable':
      return { ...s, storageOk: false, notice: { kind: 'info', text: t('reportForm.draft.unavailable') } };
    case 'draftCleared':
      return { ...cleared(s), notice: { kind: 'info', text: t('reportForm.draft.cleared') } };
    case 'submit': {
      const errors = validate(s.fields, a.limits, s.photos.length);
      return errors.length ? { ...s, errors, focusErrors: s.focusErrors + 1 } : { ...s, errors, phase: 'submitting' };
    }
    case 'sent':
      return showReceipt(cleared(s), a.receipt);
    case 'refused':
      return { ...s, errors: errorsFromApi(a.error), phase: 'form', focusErrors: s.focusErrors + 1 };
    case 'throttled': {
      const minutes = Math.max(1, Math.ceil((a.retryAfterS ?? 600) / 60));
      return { ...s, errors: [{ field: '', message: t('reportForm.errors.throttled', { minutes }) }], phase: 'form', focusErrors: s.focusErrors + 1 };
    }
    case 'queuedOnDevice':
      return { ...cleared(s), queuedCount: s.queuedCount + 1 };
    case 'queued':
      return { ...s, syncOk: a.syncOk, retryMessage: '', phase: 'queued', focusPanel: s.focusPanel + 1 };
    case 'receiptArrived':
      return showReceipt(s, a.receipt);
    case 'backgroundReceipt':
      return s.backgroundReceipts.some((x) => x.trackingNumber === a.receipt.trackingNumber)
        ? s
        : { ...s, backgroundReceipts: [...s.backgroundReceipts, a.receipt] };
    case 'receiptDismissed':
      return { ...s, backgroundReceipts: s.backgroundReceipts.filter((x) => x !== a.receipt) };
    case 'rejectedRestored': {
      const error = a.item.error;
      return {
        ...s,
        fields: stateFromApiFields(a.item.fields),
        photos: a.item.photos,
        errors: errorsFromApi(error ?? { code: 'internal', message: '', field: null }),
        notice: { kind: 'error', text: t('reportForm.rejected.restored', { message: error?.message ?? '' }) },
        phase: 'form',
        focusErrors: s.focusErrors + 1,
      };
    }
    case 'flushing':
      return { ...s, retrying: true, retryMessage: a.manual ? t('reportForm.queued.retrying') : s.retryMessage };
    case 'backToForm':
      return { ...s, receipt: null, phase: 'form' };
  }
}

/**
 * Controls are disabled while sending. Before hydration they work: the form is a real HTML form
 * that posts without script (api/reports/pages.ts); controls that need script appear on hydration.
 */
export function isBusy(s: ReportState): boolean {
  return s.phase === 'submitting';
}

/** The first error message about an API field, if any. */
export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/**
 * Whether a refused outbox item may be put back into the form: never over what the citizen is
 * typing now, so only while the "queued" panel is shown or the form is empty.
 */
export function formFree(s: ReportState): boolean {
  return s.phase === 'queued' || (s.phase === 'form' && isEmpty(s.fields, s.photos.length));
}

/** Holds the current state and applies actions to it synchronously (so effects read what was just dispatched). */
export interface Store {
  get(): ReportState;
  dispatch(action: Action): void;
}

/**
 * The state holder the hooks share. `onChange` is the island's setState: every dispatch renders,
 * while `get()` already answers with the new state before the render.
 *
 * @example const store = createStore(setState); store.dispatch({ type: 'set', facts: { hydrated: true } }); store.get().hydrated // true
 */
export function createStore(onChange: (s: ReportState) => void, initial: ReportState = INITIAL_STATE): Store {
  let current = initial;
  return {
    get: () => current,
    dispatch(action) {
      current = reducer(current, action);
      onChange(current);
    },
  };
}
