import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  apiFields,
  charCount,
  EMPTY_FORM,
  errorsFromApi,
  type FieldError,
  type FormLimits,
  type FormState,
  inputIdFor,
  isEmpty,
  type LocationSource,
  locationOf,
  newIdempotencyKey,
  stateFromApiFields,
  validate,
} from './form-model.ts';
import { distanceM, loadOutfalls, type NearOutfall, nearestOutfalls, type OutfallRow } from './geo.ts';
import { t } from './i18n.ts';
import { LocationField, type LocationMessage, type PhotoGpsOffer } from './LocationField.tsx';
import type { MapConfig } from './map-picker.ts';
import {
  clearDraft,
  enqueue,
  flushOutbox,
  loadDraft,
  OUTBOX_CHANNEL,
  type OutboxItem,
  outboxItems,
  type Receipt,
  receipts,
  removeOutboxItem,
  type SendOutcome,
  type StoredPhoto,
  type StoredReceipt,
  SYNC_TAG,
  saveDraft,
  saveReceipt,
  sendItem,
  sendQueued,
} from './outbox.ts';
import { PhotoField } from './PhotoField.tsx';
import { downscalePhoto, photoGps } from './photos.ts';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { TextField } from './TextField.tsx';

export interface Category {
  key: string;
  name: string;
  hint: string;
}

export interface ReportFormProps {
  /** import.meta.env.BASE_URL without the trailing slash ('' at the site root). */
  base: string;
  /** Build-time copy of GET /api/report-categories (src/kernel/report/categories.ts). */
  categories: Category[];
  /** The API's limits (api/reports/schemas.ts). */
  limits: FormLimits;
  /** The home map's files and base configuration, reused for the outfall lookup and the picker map. */
  mapConfig: MapConfig;
}

type Phase = 'form' | 'submitting' | 'queued' | 'done';

/** Outfalls further than this from the point are not offered. */
const NEARBY_RADIUS_KM = 20;
/** While something is queued and the page is open, try again this often (the `online` event does not fire when a weak link merely recovers). */
const RETRY_INTERVAL_MS = 20_000;
/** A photo position this close to the current point is not worth offering. */
const PHOTO_OFFER_MIN_M = 30;

let photoSeq = 0;
const photoId = () => `p${Date.now().toString(36)}${(photoSeq++).toString(36)}`;

/** The service worker is only useful where Background Sync exists (Chromium); elsewhere the page retries. */
function registerWorker(base: string): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator) || !('SyncManager' in window)) return Promise.resolve(undefined);
  // A module worker: /sw.js is the outbox module itself (src/pages/sw.js.ts).
  return navigator.serviceWorker.register(`${base}/sw.js`, { type: 'module', scope: `${base}/` }).catch(() => undefined);
}

async function requestBackgroundSync(worker: Promise<ServiceWorkerRegistration | undefined>): Promise<boolean> {
  if (!(await worker)) return false;
  const ready = await Promise.race([navigator.serviceWorker.ready, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
  const sync = (ready as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
  if (!sync) return false;
  try {
    await sync.register(SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}

/**
 * The citizen report form (island of /report/). See src/pages/report/index.astro for the page and
 * ./outbox.ts for how a submission survives a weak network and is sent exactly once.
 */
export default function ReportForm({ base, categories: initialCategories, limits, mapConfig }: ReportFormProps) {
  const [hydrated, setHydrated] = useState(false);
  const [phase, setPhase] = useState<Phase>('form');
  const [state, setState] = useState<FormState>(EMPTY_FORM);
  const [photos, setPhotos] = useState<StoredPhoto[]>([]);
  const [processing, setProcessing] = useState<{ done: number; total: number } | null>(null);
  const [photoMessages, setPhotoMessages] = useState<string[]>([]);
  const [locMsg, setLocMsg] = useState<LocationMessage | null>(null);
  const [photoOffer, setPhotoOffer] = useState<(PhotoGpsOffer & { photoId: string }) | null>(null);
  const [outfalls, setOutfalls] = useState<OutfallRow[] | null>(null);
  const [outfallsStatus, setOutfallsStatus] = useState<'idle' | 'loading' | 'failed' | 'ready'>('idle');
  const [preselected, setPreselected] = useState<{ code: string; name: string } | null>(null);
  const [categories, setCategories] = useState(initialCategories);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [focusErrors, setFocusErrors] = useState(0);
  const [notice, setNotice] = useState<{ kind: 'info' | 'error'; text: string; draft?: boolean } | null>(null);
  const [draftSaved, setDraftSaved] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [backgroundReceipts, setBackgroundReceipts] = useState<StoredReceipt[]>([]);
  const [queuedCount, setQueuedCount] = useState(0);
  const [syncOk, setSyncOk] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [retryMsg, setRetryMsg] = useState('');
  const [focusPanel, setFocusPanel] = useState(0);

  const restored = useRef(false);
  const storageOk = useRef(true);
  const worker = useRef<Promise<ServiceWorkerRegistration | undefined>>(Promise.resolve(undefined));
  /** Key of the submission this page queued, so its later receipt replaces the "queued" panel. */
  const queuedKey = useRef<string | null>(null);
  /** A submission that could not be stored on the device (private mode): retried from memory. */
  const memoryItem = useRef<OutboxItem | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLHeadingElement>(null);
  const phaseRef = useRef<Phase>('form');
  phaseRef.current = phase;
  const stateRef = useRef(state);
  stateRef.current = state;
  const photosRef = useRef(photos);
  photosRef.current = photos;

  const loc = locationOf(state);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const busy = !hydrated || phase === 'submitting';

  // ── Store → screen: receipts sent in the background, refused submissions, queue length ──
  // Refreshes run one after another (a flush and the BroadcastChannel message it causes arrive
  // together), and a receipt is shown once, however many refreshes see it.
  const refreshChain = useRef<Promise<void>>(Promise.resolve());
  const shownReceipts = useRef(new Set<string>());
  const refreshFromStore = (formFree?: boolean) => {
    const run = () => refreshOnce(formFree);
    refreshChain.current = refreshChain.current.then(run, run);
    return refreshChain.current;
  };
  const refreshOnce = async (formFreeOverride?: boolean) => {
    let items: OutboxItem[];
    let recs: StoredReceipt[];
    try {
      [items, recs] = await Promise.all([outboxItems(), receipts()]);
    } catch {
      storageOk.current = false;
      return;
    }
    setQueuedCount(items.filter((i) => i.state === 'queued').length);
    const unseen = recs.filter((r) => !r.seen);
    for (const r of unseen) {
      await saveReceipt({ ...r, seen: true }).catch(() => undefined);
      if (shownReceipts.current.has(r.trackingNumber)) continue;
      shownReceipts.current.add(r.trackingNumber);
      if (r.key === queuedKey.current && phaseRef.current === 'queued') {
        queuedKey.current = null;
        phaseRef.current = 'done';
        setReceipt(r);
        setPhase('done');
        setFocusPanel((n) => n + 1);
      } else {
        setBackgroundReceipts((list) => (list.some((x) => x.trackingNumber === r.trackingNumber) ? list : [...list, r]));
      }
    }
    const rejected = items.find((i) => i.state === 'rejected');
    // Never over what the citizen is typing now: a refused report waits until the form is empty.
    const formFree =
      formFreeOverride ?? (phaseRef.current === 'queued' || (phaseRef.current === 'form' && isEmpty(stateRef.current, photosRef.current.length)));
    if (rejected && formFree) {
      // Put the refused report back into the form so the citizen can fix it; a new submission
      // of it will get a new Idempotency-Key (its content changes).
      await removeOutboxItem(rejected.key).catch(() => undefined);
      setState(stateFromApiFields(rejected.fields));
      setPhotos(rejected.photos);
      const errs = errorsFromApi(rejected.error ?? { code: 'internal', message: '', field: null });
      setNotice({ kind: 'error', text: t('reportForm.rejected.restored', { message: rejected.error?.message ?? '' }) });
      setErrors(errs);
      if (rejected.key === queuedKey.current) queuedKey.current = null;
      setPhase('form');
      setFocusErrors((n) => n + 1);
    }
  };

  const flush = async (manual = false) => {
    if (retrying) return;
    setRetrying(true);
    if (manual) setRetryMsg(t('reportForm.queued.retrying'));
    try {
      if (memoryItem.current) {
        const item = memoryItem.current;
        const outcome = await sendItem(item);
        if (outcome.kind !== 'retry') {
          memoryItem.current = null;
          await handleOutcome(item, outcome, false);
        } else if (manual) setRetryMsg(t('reportForm.queued.stillOffline'));
        return;
      }
      const r = await flushOutbox({ seen: false });
      if (manual) setRetryMsg(r.pending > 0 ? t('reportForm.queued.stillOffline') : '');
      await refreshFromStore();
    } catch {
      if (manual) setRetryMsg(t('reportForm.queued.stillOffline'));
    } finally {
      setRetrying(false);
    }
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;

  // ── Start: restore the draft, show what happened to earlier submissions, ?outfall= ──
  useEffect(() => {
    setHydrated(true);
    worker.current = registerWorker(base);
    // A device token (cookie) before the first submission: this phone then has a rate budget of its
    // own instead of sharing its network address's (api/middleware/citizen-limit.ts). Best effort.
    void fetch(`${base}/api/device-token`, { credentials: 'same-origin', cache: 'no-store' }).catch(() => undefined);
    (async () => {
      let draftApplied = false;
      try {
        const draft = await loadDraft();
        if (draft && !isEmpty({ ...EMPTY_FORM, ...draft.fields } as FormState, draft.photos.length)) {
          setState({ ...EMPTY_FORM, ...(draft.fields as Partial<FormState>) });
          setPhotos(draft.photos);
          draftApplied = true;
          setNotice({
            kind: 'info',
            draft: true,
            text: t('reportForm.draft.restored', { time: new Date(draft.savedAt).toLocaleString('zh-CN', { hour12: false }) }),
          });
        }
        // The state set above renders later, so say here whether the form is taken.
        await refreshFromStore(!draftApplied);
      } catch {
        storageOk.current = false;
        setNotice({ kind: 'info', text: t('reportForm.draft.unavailable') });
      }
      const code = new URLSearchParams(location.search).get('outfall')?.trim().toUpperCase();
      if (code) preselect(code, draftApplied);
      restored.current = true;
      if (navigator.onLine) void flushRef.current();
    })();

    // The build-time list is the same data; the API's answer wins if the server has a newer one.
    fetch(`${base}/api/report-categories`)
      .then((r) => (r.ok ? (r.json() as Promise<Category[]>) : Promise.reject(new Error(String(r.status)))))
      .then((list) => {
        if (Array.isArray(list) && list.length > 0 && list.every((c) => typeof c.key === 'string' && typeof c.name === 'string')) setCategories(list);
      })
      .catch(() => undefined);

    const onOnline = () => void flushRef.current();
    window.addEventListener('online', onOnline);
    const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(OUTBOX_CHANNEL) : null;
    if (channel) channel.onmessage = () => void refreshFromStore();
    return () => {
      window.removeEventListener('online', onOnline);
      channel?.close();
    };
    // Runs once on mount.
  }, []);

  // Keep trying while something waits and the page is open.
  useEffect(() => {
    if (queuedCount === 0 && !memoryItem.current) return;
    const id = setInterval(() => {
      if (navigator.onLine) void flushRef.current();
    }, RETRY_INTERVAL_MS);
    return () => clearInterval(id);
  }, [queuedCount, phase]);

  // ── Outfalls: loaded once a point is known (or one is preselected) ──
  const ensureOutfalls = async (): Promise<OutfallRow[] | null> => {
    if (outfalls) return outfalls;
    setOutfallsStatus('loading');
    try {
      const { rows } = await loadOutfalls(mapConfig.outfallsUrl);
      setOutfalls(rows);
      setOutfallsStatus('ready');
      return rows;
    } catch {
      setOutfallsStatus('failed');
      return null;
    }
  };

  useEffect(() => {
    if (loc && outfallsStatus === 'idle') void ensureOutfalls();
  }, [loc?.lat, loc?.lng, outfallsStatus]);

  const preselect = async (code: string, keepDraftLocation: boolean) => {
    const rows = await ensureOutfalls();
    const row = rows?.find((r) => r[0] === code);
    if (!row) {
      if (rows) setLocMsg({ kind: 'error', text: t('reportForm.location.outfallNotFound', { code }) });
      return;
    }
    const [, name, lat, lng] = row;
    setPreselected({ code, name });
    setState((s) =>
      keepDraftLocation && s.outfallCode === code
        ? s
        : { ...s, lat: String(lat), lng: String(lng), locationSource: 'outfall', accuracyM: '', outfallCode: code },
    );
    setLocMsg({ kind: 'ok', text: t('reportForm.location.fromOutfall', { name }) });
  };

  const nearby = useMemo((): NearOutfall[] | null => {
    if (!outfalls || !loc) return null;
    const list = nearestOutfalls(outfalls, loc.lat, loc.lng, 5, NEARBY_RADIUS_KM * 1000);
    // The chosen outfall stays in the list even when the point moves away from it.
    if (state.outfallCode && !list.some((o) => o.code === state.outfallCode)) {
      const row = outfalls.find((r) => r[0] === state.outfallCode);
      if (row) list.unshift({ code: row[0], name: row[1], lat: row[2], lng: row[3], distanceM: distanceM(loc, { lat: row[2], lng: row[3] }) });
    }
    return list;
  }, [outfalls, loc?.lat, loc?.lng, state.outfallCode]);

  // ── Draft: saved on the device shortly after every change ──
  useEffect(() => {
    if (!restored.current || phase !== 'form' || !storageOk.current) return;
    const id = setTimeout(() => {
      const empty = isEmpty(state, photos.length);
      (empty ? clearDraft() : saveDraft({ savedAt: new Date().toISOString(), fields: { ...state }, photos }))
        .then(() => setDraftSaved(!empty))
        .catch(() => {
          storageOk.current = false;
          setNotice({ kind: 'info', text: t('reportForm.draft.unavailable') });
        });
    }, 400);
    return () => clearTimeout(id);
  }, [state, photos, phase]);

  // ── Errors: focus the first one after it is rendered ──
  useEffect(() => {
    if (!focusErrors || errors.length === 0) return;
    const first = errors[0]!;
    const el = first.field
      ? document.getElementById(
          inputIdFor(
            first.field,
            categories.map((c) => c.key),
          ),
        )
      : null;
    (el ?? summaryRef.current)?.focus();
  }, [focusErrors]);

  useEffect(() => {
    if (focusPanel) panelRef.current?.focus();
  }, [focusPanel]);

  const update = (patch: Partial<FormState>) => {
    setState((s) => ({ ...s, ...patch }));
    const fields = Object.keys(patch);
    if (fields.some((f) => errors.some((e) => e.field === f || (f === 'lat' && e.field === 'lng'))))
      setErrors((es) => es.filter((e) => !fields.includes(e.field)));
  };

  const setLocation = (lat: string, lng: string, source: LocationSource, accuracyM?: number) => {
    update({ lat, lng, locationSource: source, accuracyM: accuracyM === undefined ? '' : String(accuracyM) });
    setErrors((es) => es.filter((e) => e.field !== 'lat' && e.field !== 'lng'));
    if (source === 'typed') setLocMsg(null);
  };

  // ── Photos ──
  const addPhotos = async (files: File[]) => {
    const room = limits.maxPhotos - photos.length;
    const take = files.slice(0, Math.max(0, room));
    const messages: string[] = [];
    if (files.length > take.length) messages.push(t('reportForm.photos.tooMany', { max: limits.maxPhotos, n: files.length - take.length }));
    setPhotoMessages([]);
    setErrors((es) => es.filter((e) => e.field !== 'photos'));
    setProcessing({ done: 0, total: take.length });
    let offer: (PhotoGpsOffer & { photoId: string }) | null = null;
    for (let i = 0; i < take.length; i++) {
      const file = take[i]!;
      try {
        // GPS is read from the original: the downscaled copy no longer has EXIF.
        const [gps, small] = await Promise.all([photoGps(file), downscalePhoto(file)]);
        const photo: StoredPhoto = {
          id: photoId(),
          blob: small.blob,
          name: `photo-${Date.now().toString(36)}-${i + 1}.jpg`,
          width: small.width,
          height: small.height,
          gps,
        };
        setPhotos((list) => [...list, photo]);
        if (gps && !offer) offer = { name: file.name, lat: gps.lat, lng: gps.lng, photoId: photo.id };
      } catch {
        messages.push(t('reportForm.photos.failed', { name: file.name }));
      }
      setProcessing({ done: i + 1, total: take.length });
    }
    setProcessing(null);
    setPhotoMessages(messages);
    if (offer) {
      const cur = locationOf(state);
      if (!cur || distanceM(cur, offer) > PHOTO_OFFER_MIN_M) setPhotoOffer(offer);
    }
  };

  const removePhoto = (id: string) => {
    setPhotos((list) => list.filter((p) => p.id !== id));
    if (photoOffer?.photoId === id) setPhotoOffer(null);
  };

  const usePhotoLocation = () => {
    if (!photoOffer) return;
    setLocation(String(Math.round(photoOffer.lat * 1e6) / 1e6), String(Math.round(photoOffer.lng * 1e6) / 1e6), 'photo');
    setLocMsg({ kind: 'ok', text: t('reportForm.location.photoUsed') });
    setPhotoOffer(null);
  };

  // ── Submit ──
  const resetForm = () => {
    setState(EMPTY_FORM);
    setPhotos([]);
    setPhotoOffer(null);
    setPreselected(null);
    setLocMsg(null);
    setErrors([]);
    setNotice(null);
    setDraftSaved(false);
    void clearDraft().catch(() => undefined);
  };

  const handleOutcome = async (item: OutboxItem, outcome: SendOutcome, persisted: boolean) => {
    if (outcome.kind === 'sent') {
      shownReceipts.current.add(outcome.receipt.trackingNumber);
      if (!persisted) await saveReceipt({ ...outcome.receipt, key: item.key, seen: true }).catch(() => undefined);
      resetForm();
      setReceipt(outcome.receipt);
      setPhase('done');
      setFocusPanel((n) => n + 1);
      return;
    }
    if (outcome.kind === 'rejected') {
      if (persisted) await removeOutboxItem(item.key).catch(() => undefined);
      setErrors(errorsFromApi(outcome.error));
      setPhase('form');
      setFocusErrors((n) => n + 1);
      return;
    }
    // No network (or the server is down): the submission waits in the outbox with its key.
    if (persisted) {
      queuedKey.current = item.key;
      resetForm();
      setQueuedCount((n) => n + 1);
      setSyncOk(await requestBackgroundSync(worker.current));
    } else {
      memoryItem.current = item;
      setSyncOk(false);
    }
    setRetryMsg('');
    setPhase('queued');
    setFocusPanel((n) => n + 1);
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy || processing) return;
    const errs = validate(state, limits, photos.length);
    setErrors(errs);
    if (errs.length) {
      setFocusErrors((n) => n + 1);
      return;
    }
    // The key is made once, before the first try, and stored with the submission: every retry
    // (this page, the service worker, the next visit) sends the same key with the same content.
    const item: OutboxItem = {
      key: newIdempotencyKey(),
      endpoint: new URL(`${base}/api/reports`, location.href).href,
      createdAt: new Date().toISOString(),
      fields: apiFields(state),
      photos,
      state: 'queued',
      attempts: 0,
    };
    setPhase('submitting');
    let persisted = false;
    try {
      await enqueue(item);
      persisted = true;
    } catch {
      storageOk.current = false;
    }
    let outcome: SendOutcome;
    try {
      outcome = persisted ? await sendQueued(item.key, { seen: true }) : await sendItem(item);
    } catch {
      outcome = { kind: 'retry', reason: 'network' };
    }
    await handleOutcome(item, outcome, persisted);
  };

  const clearDraftNow = () => {
    resetForm();
    setNotice({ kind: 'info', text: t('reportForm.draft.cleared') });
  };

  // ── Render ──
  const backgroundPanels = backgroundReceipts.map((r) => (
    <ReceiptPanel
      key={r.trackingNumber}
      receipt={r}
      base={base}
      background
      onDone={() => setBackgroundReceipts((list) => list.filter((x) => x !== r))}
      doneLabel={t('reportForm.result.dismiss')}
    />
  ));

  if (phase === 'done' && receipt) {
    return (
      <div class="rf">
        <ReceiptPanel
          receipt={receipt}
          base={base}
          focus={focusPanel > 0}
          onDone={() => {
            setReceipt(null);
            setPhase('form');
          }}
        />
        {backgroundPanels}
      </div>
    );
  }

  if (phase === 'queued') {
    return (
      <div class="rf">
        <section class="rf-queued" aria-labelledby="rf-queued-title">
          <h2 id="rf-queued-title" ref={panelRef} tabIndex={-1}>
            {t('reportForm.queued.title')}
          </h2>
          <p>{syncOk ? t('reportForm.queued.bodySync') : t('reportForm.queued.bodyPage')}</p>
          <p role="status" class="rf-status">
            {retryMsg}
          </p>
          <p class="rf-actions">
            <button type="button" class="button" disabled={retrying} onClick={() => void flush(true)}>
              {retrying ? t('reportForm.queued.retrying') : t('reportForm.queued.retryNow')}
            </button>
            <button type="button" class="button secondary" onClick={() => setPhase('form')}>
              {t('reportForm.result.another')}
            </button>
          </p>
        </section>
        {backgroundPanels}
      </div>
    );
  }

  const described = (id: string, field: string, extra = '') => [extra, errorOf(field) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const descCount = charCount(state.description);
  const hasContact = state.contactName.trim() !== '' || state.contactPhone.trim() !== '';

  return (
    <div class="rf">
      {backgroundPanels}
      {queuedCount > 0 && (
        <div class="rf-notice">
          <p>{t('reportForm.queued.count', { n: queuedCount })}</p>
          <p role="status" class="rf-status">
            {retryMsg}
          </p>
          <button type="button" class="button secondary" disabled={retrying} onClick={() => void flush(true)}>
            {retrying ? t('reportForm.queued.retrying') : t('reportForm.queued.retryNow')}
          </button>
        </div>
      )}
      {notice && (
        <div class={`rf-notice${notice.kind === 'error' ? ' rf-notice-error' : ''}`} role="status">
          <p>{notice.text}</p>
          {notice.draft && (
            <button type="button" class="button secondary" onClick={clearDraftNow}>
              {t('reportForm.draft.clear')}
            </button>
          )}
        </div>
      )}
      {errors.length > 0 && (
        <div class="rf-error-summary" ref={summaryRef} tabIndex={-1} role="group" aria-labelledby="rf-error-summary-title">
          <h2 id="rf-error-summary-title">{t('reportForm.errors.title', { n: errors.length })}</h2>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                {e.field ? (
                  <a
                    href={`#${inputIdFor(
                      e.field,
                      categories.map((c) => c.key),
                    )}`}
                  >
                    {e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="rf-form" noValidate onSubmit={onSubmit} aria-busy={phase === 'submitting' ? 'true' : 'false'}>
        <section aria-labelledby="rf-step-location">
          <h2 id="rf-step-location">{t('reportForm.step.location')}</h2>
          <LocationField
            state={state}
            disabled={busy}
            errors={{ lat: errorOf('lat'), lng: errorOf('lng'), outfallCode: errorOf('outfallCode') }}
            message={locMsg}
            photoOffer={photoOffer}
            nearby={nearby}
            nearbyStatus={outfallsStatus}
            nearbyRadiusKm={NEARBY_RADIUS_KM}
            preselected={preselected}
            mapConfig={mapConfig}
            onLocation={setLocation}
            onMessage={setLocMsg}
            onUsePhoto={usePhotoLocation}
            onOutfall={(code) => update({ outfallCode: code })}
          />
        </section>

        <section aria-labelledby="rf-step-category">
          <h2 id="rf-step-category">{t('reportForm.step.category')}</h2>
          <fieldset class={`rf-categories${errorOf('category') ? ' rf-invalid' : ''}`} aria-describedby={errorOf('category') ? 'rf-category-error' : undefined}>
            <legend>{t('reportForm.category.legend')}</legend>
            {errorOf('category') && (
              <p id="rf-category-error" class="rf-error">
                {errorOf('category')}
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
                    checked={state.category === c.key}
                    disabled={busy}
                    aria-describedby={`rf-category-${c.key}-hint`}
                    onChange={() => update({ category: c.key })}
                  />
                  <label for={`rf-category-${c.key}`}>
                    {c.name}
                    <span id={`rf-category-${c.key}-hint`} class="rf-sub">
                      {c.hint}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </section>

        <section aria-labelledby="rf-step-description">
          <h2 id="rf-step-description">{t('reportForm.step.description')}</h2>
          <div class={`rf-field${errorOf('description') ? ' rf-invalid' : ''}`}>
            <label for="rf-description">{t('reportForm.description.label')}</label>
            <p id="rf-description-hint" class="rf-hint">
              {t('reportForm.description.hint')}
            </p>
            <textarea
              id="rf-description"
              name="description"
              rows={5}
              value={state.description}
              disabled={busy}
              aria-describedby={described('rf-description', 'description', 'rf-description-hint rf-description-count')}
              aria-invalid={errorOf('description') ? 'true' : undefined}
              onInput={(e) => update({ description: e.currentTarget.value })}
            />
            <p id="rf-description-count" class={`rf-counter${descCount > limits.descriptionMax ? ' rf-over' : ''}`}>
              {descCount > 0 && descCount < limits.descriptionMin
                ? t('reportForm.description.counterShort', { n: descCount, min: limits.descriptionMin })
                : t('reportForm.description.counter', { n: descCount, max: limits.descriptionMax })}
            </p>
            {errorOf('description') && (
              <p id="rf-description-error" class="rf-error">
                {errorOf('description')}
              </p>
            )}
          </div>
        </section>

        <section aria-labelledby="rf-step-photos">
          <h2 id="rf-step-photos">{t('reportForm.step.photos')}</h2>
          <PhotoField
            photos={photos}
            max={limits.maxPhotos}
            disabled={busy || processing !== null}
            processing={processing}
            messages={photoMessages}
            error={errorOf('photos')}
            onFiles={(files) => void addPhotos(files)}
            onRemove={removePhoto}
          />
        </section>

        <section aria-labelledby="rf-step-contact">
          <h2 id="rf-step-contact">{t('reportForm.step.contact')}</h2>
          <p class="rf-confidential">
            <strong>{t('reportForm.contact.confidential')}</strong>
          </p>
          <p class={`rf-anon${hasContact ? ' rf-anon-named' : ''}`} role="status">
            <span class="rf-chip">{hasContact ? t('reportForm.contact.named') : t('reportForm.contact.anonymous')}</span>{' '}
            {hasContact ? t('reportForm.contact.namedHint') : t('reportForm.contact.anonymousHint')}
          </p>
          <TextField
            name="contactName"
            label={t('reportForm.contact.name')}
            error={errorOf('contactName')}
            type="text"
            autoComplete="name"
            value={state.contactName}
            disabled={busy}
            onInput={(e) => update({ contactName: e.currentTarget.value })}
          />
          <TextField
            name="contactPhone"
            label={t('reportForm.contact.phone')}
            hint={t('reportForm.contact.phoneHint')}
            error={errorOf('contactPhone')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={state.contactPhone}
            disabled={busy}
            onInput={(e) => update({ contactPhone: e.currentTarget.value })}
          />
          {hasContact && (
            <button type="button" class="button secondary" disabled={busy} onClick={() => update({ contactName: '', contactPhone: '' })}>
              {t('reportForm.contact.clear')}
            </button>
          )}
        </section>

        <div class="rf-submitbar">
          <button type="submit" class="button rf-submit" disabled={busy || processing !== null}>
            {phase === 'submitting' ? t('reportForm.submitting') : t('reportForm.submit')}
          </button>
          <p class="rf-status" role="status">
            {phase === 'submitting' ? t('reportForm.submitProgress') : draftSaved ? t('reportForm.draft.saved') : ''}
          </p>
        </div>
      </form>
    </div>
  );
}
