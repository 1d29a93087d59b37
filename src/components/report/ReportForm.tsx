import { useEffect, useState } from 'preact/hooks';
import { addPhotos } from './add-photos.ts';
import { ErrorSummary, NoticeBox, QueuedPanel, QueueNotice } from './FormPanels.tsx';
import { type Category, CategoryField, ContactFields, DescriptionField, Step, SubmitBar } from './FormSections.tsx';
import type { FormLimits, FormState } from './form-model.ts';
import { createStore, errorFor, initialState, isBusy, type ReportState, type ServerStart } from './form-state.ts';
import { type ReportMessages, setMessages, t } from './i18n.ts';
import { LocationField } from './LocationField.tsx';
import type { MapConfig } from './map-picker.ts';
import { PhotoField } from './PhotoField.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { useDraft } from './use-draft.ts';
import { useOutbox } from './use-outbox.ts';
import { NEARBY_RADIUS_KM, useOutfalls } from './use-outfalls.ts';

export type { Category };

export interface ReportFormProps {
  /** import.meta.env.BASE_URL without the trailing slash ('' at the site root). */
  base: string;
  /** Build-time copy of GET /api/report-categories (src/kernel/report/categories.ts). */
  categories: Category[];
  /** The API's limits (api/reports/schemas.ts). */
  limits: FormLimits;
  /** The home map's files and base configuration, reused for the outfall lookup and the picker map. */
  mapConfig: MapConfig;
  /** The one-time token of this form for a post without script (the page makes a fresh one per request). */
  token: string;
  /** Name of the token's hidden field (src/kernel/report/contract/citizen-pages.ts). */
  tokenField: string;
  /** How the server rendered the form: `?outfall=`, or a refused no-JS post with its values and errors. */
  start?: ServerStart;
  /** The page's texts when it is not Chinese (the Korean page hands over ./ko-messages.ts). */
  messages?: ReportMessages;
  /** Where the citizen pages (/report/, /track/) of this language are: `base`, plus /ko on Korean pages. */
  pages?: string;
}

/** The build-time list is the same data; the API's answer wins if the server has a newer one. */
function useCategories(base: string, initial: Category[]): Category[] {
  const [categories, setCategories] = useState(initial);
  useEffect(() => {
    fetch(`${base}/api/report-categories`)
      .then((r) => (r.ok ? (r.json() as Promise<Category[]>) : Promise.reject(new Error(String(r.status)))))
      .then((list) => {
        if (Array.isArray(list) && list.length > 0 && list.every((c) => typeof c.key === 'string' && typeof c.name === 'string')) setCategories(list);
      })
      .catch(() => undefined);
  }, []);
  return categories;
}

/**
 * The citizen report form (island of /report/). See src/pages/report/index.astro for the page,
 * ./form-state.ts for what it shows and how that changes, and ./outbox.ts for how a submission
 * survives a weak network and is sent exactly once.
 */
export default function ReportForm({
  base,
  categories: initialCategories,
  limits,
  mapConfig,
  token,
  tokenField,
  start,
  messages,
  pages = base,
}: ReportFormProps) {
  setMessages(messages);
  const [s, setState] = useState<ReportState>(() => initialState(start));
  const [store] = useState(() => createStore(setState, initialState(start)));
  const { dispatch } = store;
  const outbox = useOutbox(store, base, limits, s);
  const draft = useDraft(store, s);
  const outfalls = useOutfalls(store, mapConfig.outfallsUrl, s.fields);

  // Start: restore the draft, show what happened to earlier submissions, ?outfall=, send what waits.
  useEffect(() => {
    dispatch({ type: 'set', facts: { hydrated: true } });
    const disconnect = outbox.connect();
    void (async () => {
      let draftApplied = false;
      try {
        draftApplied = await draft.restore();
        await outbox.refresh();
      } catch {
        dispatch({ type: 'draftUnavailable' });
      }
      const code = new URLSearchParams(location.search).get('outfall')?.trim().toUpperCase();
      if (code) void outfalls.preselect(code, draftApplied);
      draft.start();
      if (navigator.onLine) void outbox.flush();
    })();
    return disconnect;
    // Runs once on mount.
  }, []);
  const categories = useCategories(base, initialCategories);

  const backgroundPanels = s.backgroundReceipts.map((r) => (
    <ReceiptPanel
      key={r.trackingNumber}
      receipt={r}
      base={pages}
      background
      onDone={() => dispatch({ type: 'receiptDismissed', receipt: r })}
      doneLabel={t('reportForm.result.dismiss')}
    />
  ));
  const backToForm = () => dispatch({ type: 'backToForm' });
  const retry = { retrying: s.retrying, message: s.retryMessage, onRetry: () => void outbox.flush(true) };

  if (s.phase === 'done' && s.receipt) {
    return (
      <div class="rf">
        <ReceiptPanel receipt={s.receipt} base={pages} focus={s.focusPanel > 0} onDone={backToForm} />
        {backgroundPanels}
      </div>
    );
  }

  if (s.phase === 'queued') {
    return (
      <div class="rf">
        <QueuedPanel syncOk={s.syncOk} focus={s.focusPanel} onAnother={backToForm} {...retry} />
        {backgroundPanels}
      </div>
    );
  }

  const busy = isBusy(s);
  const errorOf = (field: string) => errorFor(s.errors, field);
  const edit = (patch: Partial<FormState>) => dispatch({ type: 'edit', patch });
  const categoryKeys = categories.map((c) => c.key);
  // Before the outfall list is loaded (and on the server), the outfall the form is about is the one choice.
  const o = start?.outfall;
  const nearby = outfalls.nearby ?? (o && s.fields.outfallCode === o.code ? [{ ...o, distanceM: 0 }] : null);
  // The location source a post without script sends: typed, unless the point is the outfall's own.
  const postedSource = s.fields.locationSource === 'outfall' ? '' : s.fields.locationSource || 'typed';

  return (
    <div class="rf">
      {backgroundPanels}
      {s.queuedCount > 0 && <QueueNotice count={s.queuedCount} {...retry} />}
      {s.notice && <NoticeBox notice={s.notice} onClearDraft={draft.clear} />}
      {s.errors.length > 0 && <ErrorSummary errors={s.errors} categoryKeys={categoryKeys} focus={s.focusErrors} />}
      {/*
        A real form: without script it posts itself (multipart, with the one-time token) and the
        server answers with the receipt or this form again (api/reports/pages.ts). Once the island
        runs it takes over: its own checks (noValidate), photos shrunk on the phone, the outbox.
      */}
      <form
        class="rf-form"
        method="post"
        action={`${pages}/report/`}
        enctype="multipart/form-data"
        noValidate={s.hydrated}
        data-hydrated={s.hydrated ? 'true' : undefined}
        onSubmit={(e) => void outbox.submit(e)}
        aria-busy={s.phase === 'submitting' ? 'true' : 'false'}
      >
        <input type="hidden" name={tokenField} value={token} />
        {!s.hydrated && postedSource && <input type="hidden" name="locationSource" value={postedSource} />}
        <Step name="location">
          <LocationField
            state={s.fields}
            disabled={busy}
            errors={{ lat: errorOf('lat'), lng: errorOf('lng'), outfallCode: errorOf('outfallCode') }}
            message={s.locationMessage}
            photoOffer={s.photoOffer}
            nearby={nearby}
            nearbyStatus={outfalls.status}
            scripted={s.hydrated}
            nearbyRadiusKm={NEARBY_RADIUS_KM}
            preselected={s.preselected}
            mapConfig={mapConfig}
            onLocation={(lat, lng, source, accuracyM) => dispatch({ type: 'locate', lat, lng, source, accuracyM })}
            onMessage={(locationMessage) => dispatch({ type: 'set', facts: { locationMessage } })}
            onUsePhoto={() => dispatch({ type: 'usePhotoLocation' })}
            onOutfall={(outfallCode) => edit({ outfallCode })}
          />
        </Step>
        <Step name="category">
          <CategoryField
            categories={categories}
            value={s.fields.category}
            error={errorOf('category')}
            disabled={busy}
            onChange={(category) => edit({ category })}
          />
        </Step>
        <Step name="description">
          <DescriptionField
            value={s.fields.description}
            error={errorOf('description')}
            disabled={busy}
            limits={limits}
            onInput={(description) => edit({ description })}
          />
        </Step>
        <Step name="photos">
          <PhotoField
            photos={s.photos}
            max={limits.maxPhotos}
            disabled={busy || s.processing !== null}
            processing={s.processing}
            messages={s.photoMessages}
            error={errorOf('photos')}
            scripted={s.hydrated}
            onFiles={(files) => void addPhotos(store, files, limits.maxPhotos)}
            onRemove={(id) => dispatch({ type: 'photoRemoved', id })}
          />
        </Step>
        <Step name="contact">
          <ContactFields
            fields={s.fields}
            errors={{ contactName: errorOf('contactName'), contactPhone: errorOf('contactPhone') }}
            disabled={busy}
            scripted={s.hydrated}
            onEdit={edit}
          />
        </Step>
        <SubmitBar phase={s.phase} disabled={busy || s.processing !== null} draftSaved={s.draftSaved} />
      </form>
    </div>
  );
}
