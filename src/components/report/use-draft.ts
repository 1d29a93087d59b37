import { useEffect, useRef } from 'preact/hooks';
import { EMPTY_FORM, type FormState, isEmpty } from './form-model.ts';
import type { ReportState, Store } from './form-state.ts';
import { clearDraft, loadDraft, saveDraft } from './outbox.ts';

/** A change is saved this long after the typing stops. */
const SAVE_DELAY_MS = 400;

/** Removes the draft from the device, without waiting and without complaint. */
export function forgetDraft(): void {
  void clearDraft().catch(() => undefined);
}

export interface DraftKeeper {
  /** Puts the draft kept on the device back into the form; true when there was one. Rejects when the device store cannot be read. */
  restore(): Promise<boolean>;
  /** Saves every change from now on (not before the draft is restored and ?outfall= applied). */
  start(): void;
  /** "Clear the draft": empties the form and the device's copy. */
  clear(): void;
}

/**
 * The draft kept on the device (IndexedDB, photos included), so a report survives a closed tab, a
 * dead battery or a page reload: saved shortly after every change while the form is shown, removed
 * when the form is empty.
 */
export function useDraft(store: Store, state: ReportState): DraftKeeper {
  const started = useRef(false);

  useEffect(() => {
    if (!started.current || state.phase !== 'form' || !store.get().storageOk) return;
    const { fields, photos } = state;
    const id = setTimeout(() => {
      const empty = isEmpty(fields, photos.length);
      (empty ? clearDraft() : saveDraft({ savedAt: new Date().toISOString(), fields: { ...fields }, photos }))
        .then(() => {
          // An edit made while this save ran is not on the device yet: "saved" would be a lie.
          const now = store.get();
          if (now.fields === fields && now.photos === photos) store.dispatch({ type: 'set', facts: { draftSaved: !empty } });
        })
        .catch(() => store.dispatch({ type: 'draftUnavailable' }));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(id);
  }, [state.fields, state.photos, state.phase]);

  return {
    async restore() {
      const draft = await loadDraft();
      if (!draft) return false;
      const fields: FormState = { ...EMPTY_FORM, ...(draft.fields as Partial<FormState>) };
      if (isEmpty(fields, draft.photos.length)) return false;
      store.dispatch({ type: 'draftRestored', fields, photos: draft.photos, savedAt: draft.savedAt });
      return true;
    },
    start() {
      started.current = true;
    },
    clear() {
      store.dispatch({ type: 'draftCleared' });
      forgetDraft();
    },
  };
}
