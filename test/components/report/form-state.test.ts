import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, type FormState } from '../../../src/components/report/form-model.ts';
import {
  type Action,
  createStore,
  errorFor,
  formFree,
  INITIAL_STATE,
  initialState,
  isBusy,
  PHOTO_OFFER_MIN_M,
  type ReportState,
  reducer,
} from '../../../src/components/report/form-state.ts';
import { t } from '../../../src/components/report/i18n.ts';
import type { OutboxItem, Receipt, StoredPhoto, StoredReceipt } from '../../../src/components/report/outbox.ts';
import { CONTACT_NAME_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_PHOTOS } from '../../../src/kernel/report/limits.ts';

const limits = { descriptionMin: DESCRIPTION_MIN, descriptionMax: DESCRIPTION_MAX, contactNameMax: CONTACT_NAME_MAX, maxPhotos: MAX_PHOTOS };
const filled: FormState = {
  ...EMPTY_FORM,
  lat: '43.85',
  lng: '125.35',
  locationSource: 'typed',
  category: 'other',
  description: '河边有管子在排污水。',
  contactName: '王先生',
};
const photo = (id: string, gps?: { lat: number; lng: number }): StoredPhoto => ({ id, blob: new Blob(['x']), name: `${id}.jpg`, width: 4, height: 3, gps });
const receipt: Receipt = {
  trackingNumber: 'JL2026-000123',
  queryCode: 'K7M2XQ9P',
  county: { adcode: '220102', name: '南关区' },
  status: 'received',
  receivedAt: '2026-03-01T08:00:00Z',
};
const stored = (n: string): StoredReceipt => ({ ...receipt, trackingNumber: n, key: `key-${n}`, seen: false });

/** The form as the citizen has it: hydrated, filled, one photo. */
const typing: ReportState = { ...INITIAL_STATE, hydrated: true, fields: filled, photos: [photo('p1')] };
const run = (s: ReportState, ...actions: Action[]) => actions.reduce(reducer, s);

describe('editing', () => {
  it('clears the errors of the edited fields only', () => {
    const s = {
      ...typing,
      errors: [
        { field: 'description', message: 'd' },
        { field: 'category', message: 'c' },
      ],
    };
    const edited = reducer(s, { type: 'edit', patch: { description: '新的描述内容在这里。' } });
    expect(edited.fields.description).toBe('新的描述内容在这里。');
    expect(edited.errors).toEqual([{ field: 'category', message: 'c' }]);
    expect(reducer(s, { type: 'edit', patch: { contactPhone: '1' } }).errors).toEqual(s.errors);
  });

  it('says a 429 is a rate limit with the wait in minutes, keeping what was typed', () => {
    const s = reducer({ ...typing, phase: 'submitting' }, { type: 'throttled', retryAfterS: 125 });
    expect(s).toMatchObject({ phase: 'form', fields: typing.fields, errors: [{ field: '', message: t('reportForm.errors.throttled', { minutes: 3 }) }] });
    expect(s.focusErrors).toBe(typing.focusErrors + 1);
  });

  it('marks the draft unsaved on every change of fields or photos, until the next save says otherwise', () => {
    const saved = { ...typing, draftSaved: true };
    expect(reducer(saved, { type: 'edit', patch: { description: '又补充了一句。' } }).draftSaved).toBe(false);
    expect(reducer(saved, { type: 'locate', lat: '43.8', lng: '125.3', source: 'typed' }).draftSaved).toBe(false);
    expect(reducer(saved, { type: 'photoAdded', photo: photo('p9') }).draftSaved).toBe(false);
    expect(reducer(saved, { type: 'photoRemoved', id: 'p1' }).draftSaved).toBe(false);
    // Facts that are not the citizen's input leave it alone.
    expect(reducer(saved, { type: 'set', facts: { queuedCount: 2 } }).draftSaved).toBe(true);
  });

  it('takes a location with its source and accuracy, clearing both coordinate errors', () => {
    const s = {
      ...typing,
      errors: [
        { field: 'lat', message: 'a' },
        { field: 'lng', message: 'b' },
      ],
      locationMessage: { kind: 'ok' as const, text: 'GPS' },
    };
    const gps = reducer(s, { type: 'locate', lat: '43.9', lng: '125.3', source: 'gps', accuracyM: 12 });
    expect(gps.fields).toMatchObject({ lat: '43.9', lng: '125.3', locationSource: 'gps', accuracyM: '12' });
    expect(gps.errors).toEqual([]);
    expect(gps.locationMessage).toEqual(s.locationMessage);
    // Typing replaces what the GPS or the map said.
    const typed = reducer(gps, { type: 'locate', lat: '43.91', lng: '125.3', source: 'typed' });
    expect(typed.fields).toMatchObject({ locationSource: 'typed', accuracyM: '' });
    expect(typed.locationMessage).toBeNull();
  });

  it('takes a preselected outfall’s position, unless a restored draft already chose that outfall', () => {
    const pre: Action = { type: 'outfallPreselected', code: 'YTH1', name: '一号排口', lat: 43.8, lng: 125.3, keepDraftLocation: true };
    const fresh = reducer(INITIAL_STATE, pre);
    expect(fresh.fields).toMatchObject({ lat: '43.8', lng: '125.3', locationSource: 'outfall', outfallCode: 'YTH1' });
    expect(fresh.preselected).toEqual({ code: 'YTH1', name: '一号排口' });
    expect(fresh.locationMessage).toEqual({ kind: 'ok', text: t('reportForm.location.fromOutfall', { name: '一号排口' }) });
    const draft = { ...typing, fields: { ...filled, outfallCode: 'YTH1' } };
    expect(reducer(draft, pre).fields).toBe(draft.fields);
    expect(reducer(draft, { ...pre, keepDraftLocation: false }).fields.lat).toBe('43.8');
  });
});

describe('photos', () => {
  it('clears earlier photo messages and errors when new files come, and counts progress', () => {
    const s = {
      ...typing,
      photoMessages: ['old'],
      errors: [
        { field: 'photos', message: 'p' },
        { field: 'lat', message: 'l' },
      ],
    };
    const started = reducer(s, { type: 'photosStart', total: 2 });
    expect(started).toMatchObject({ photoMessages: [], errors: [{ field: 'lat', message: 'l' }], processing: { done: 0, total: 2 } });
    const one = run(started, { type: 'photoAdded', photo: photo('p2') }, { type: 'set', facts: { processing: { done: 1, total: 2 } } });
    expect(one.photos.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(one.processing).toEqual({ done: 1, total: 2 });
    const done = reducer(one, { type: 'photosDone', messages: ['failed'], offer: null });
    expect(done).toMatchObject({ processing: null, photoMessages: ['failed'], photoOffer: null });
  });

  it(`offers a photo's position when the form has none, or one more than ${PHOTO_OFFER_MIN_M} m away`, () => {
    const offer = { name: 'a.jpg', lat: 43.85, lng: 125.35, photoId: 'p2' };
    const done: Action = { type: 'photosDone', messages: [], offer };
    expect(reducer({ ...typing, fields: EMPTY_FORM }, done).photoOffer).toEqual(offer);
    expect(reducer(typing, done).photoOffer).toBeNull(); // the same point
    expect(reducer(typing, { ...done, offer: { ...offer, lat: 43.851 } }).photoOffer).toEqual({ ...offer, lat: 43.851 }); // ≈ 111 m
  });

  it('uses the offered position rounded to 6 decimals, and forgets the offer when its photo goes', () => {
    const s = { ...typing, photoOffer: { name: 'a.jpg', lat: 43.123456789, lng: 125.987654321, photoId: 'p1' } };
    const used = reducer(s, { type: 'usePhotoLocation' });
    expect(used.fields).toMatchObject({ lat: '43.123457', lng: '125.987654', locationSource: 'photo' });
    expect(used.photoOffer).toBeNull();
    expect(used.locationMessage).toEqual({ kind: 'ok', text: t('reportForm.location.photoUsed') });
    expect(reducer(typing, { type: 'usePhotoLocation' })).toBe(typing);
    expect(reducer(s, { type: 'photoRemoved', id: 'p9' }).photoOffer).toBe(s.photoOffer);
    const removed = reducer(s, { type: 'photoRemoved', id: 'p1' });
    expect(removed.photos).toEqual([]);
    expect(removed.photoOffer).toBeNull();
  });
});

describe('submitting', () => {
  it('shows the errors and asks for the focus instead of sending an invalid form', () => {
    const s = reducer({ ...typing, fields: { ...filled, category: '' } }, { type: 'submit', limits });
    expect(s.phase).toBe('form');
    expect(s.errors.map((e) => e.field)).toEqual(['category']);
    expect(s.focusErrors).toBe(1);
    expect(errorFor(s.errors, 'category')).toBe(t('report.error.invalid_category'));
  });

  it('starts sending a valid form, clearing old errors, and is busy until it is done', () => {
    const s = reducer({ ...typing, errors: [{ field: '', message: 'old' }] }, { type: 'submit', limits });
    expect(s).toMatchObject({ phase: 'submitting', errors: [], focusErrors: 0 });
    expect(isBusy(s)).toBe(true);
    expect(isBusy(typing)).toBe(false);
    // Before hydration the controls work: the form posts without script.
    expect(isBusy(INITIAL_STATE)).toBe(false);
  });

  it('starts as the server rendered it: an outfall from ?outfall= with its location, or a refused post with its values and errors', () => {
    const outfall = { code: '220102-GY-0001', name: '伊通河某排口', lat: 43.86, lng: 125.37 };
    const fromOutfall = initialState({ outfall });
    expect(fromOutfall.fields).toMatchObject({ outfallCode: outfall.code, lat: '43.86', lng: '125.37', locationSource: 'outfall' });
    expect(fromOutfall.preselected).toEqual({ code: outfall.code, name: outfall.name });
    const refused = initialState({
      values: { lat: '41.8', lng: '123.4', description: '河边排黑水。' },
      errors: [{ field: 'location', message: '不在吉林省' }],
      notice: '请重新选择照片',
    });
    expect(refused.fields).toMatchObject({ lat: '41.8', lng: '123.4', description: '河边排黑水。' });
    expect(refused.errors).toEqual([{ field: 'lat', message: '不在吉林省' }]);
    expect(refused).toMatchObject({ focusErrors: 1, notice: { kind: 'error', text: '请重新选择照片' }, hydrated: false });
    expect(initialState()).toEqual(INITIAL_STATE);
  });

  it('empties the form and shows the receipt when sent, keeping the outbox figures', () => {
    const s = {
      ...typing,
      phase: 'submitting' as const,
      preselected: { code: 'X', name: 'x' },
      draftSaved: true,
      queuedCount: 2,
      backgroundReceipts: [stored('B')],
    };
    const sent = reducer(s, { type: 'sent', receipt });
    expect(sent).toMatchObject({ phase: 'done', receipt, fields: EMPTY_FORM, photos: [], preselected: null, draftSaved: false, notice: null, focusPanel: 1 });
    expect(sent).toMatchObject({ queuedCount: 2, backgroundReceipts: [stored('B')] });
    const again = reducer(sent, { type: 'backToForm' });
    expect(again).toMatchObject({ phase: 'form', receipt: null });
  });

  it("keeps the form and shows the API's errors at their fields when refused", () => {
    const s = reducer({ ...typing, phase: 'submitting' }, { type: 'refused', error: { code: 'outside_province', message: '不在吉林省', field: 'location' } });
    expect(s).toMatchObject({ phase: 'form', fields: filled, errors: [{ field: 'lat', message: '不在吉林省' }], focusErrors: 1 });
  });

  it('empties the form as soon as the submission is safe on the device, then shows the queued panel', () => {
    const onDevice = reducer({ ...typing, phase: 'submitting', retryMessage: 'x' }, { type: 'queuedOnDevice' });
    expect(onDevice).toMatchObject({ phase: 'submitting', fields: EMPTY_FORM, photos: [], queuedCount: 1 });
    const queued = reducer(onDevice, { type: 'queued', syncOk: true });
    expect(queued).toMatchObject({ phase: 'queued', syncOk: true, retryMessage: '', focusPanel: 1 });
  });

  it('keeps the form when a queued submission lives only in memory', () => {
    const queued = reducer({ ...typing, phase: 'submitting' }, { type: 'queued', syncOk: false });
    expect(queued).toMatchObject({ phase: 'queued', fields: filled, queuedCount: 0 });
  });
});

describe('the outbox on screen', () => {
  it('answers "try again now" only when asked, and says when the send is over', () => {
    expect(reducer(typing, { type: 'flushing', manual: true })).toMatchObject({ retrying: true, retryMessage: t('reportForm.queued.retrying') });
    const auto = reducer({ ...typing, retryMessage: 'earlier' }, { type: 'flushing', manual: false });
    expect(auto).toMatchObject({ retrying: true, retryMessage: 'earlier' });
    expect(run(auto, { type: 'set', facts: { retryMessage: '', retrying: false } })).toMatchObject({ retrying: false, retryMessage: '' });
  });

  it('replaces the queued panel with the receipt once its submission is sent', () => {
    const s = reducer({ ...INITIAL_STATE, phase: 'queued', focusPanel: 1 }, { type: 'receiptArrived', receipt });
    expect(s).toMatchObject({ phase: 'done', receipt, focusPanel: 2 });
  });

  it('lists each background receipt once, until dismissed', () => {
    const a = stored('A');
    const s = run(
      INITIAL_STATE,
      { type: 'backgroundReceipt', receipt: a },
      { type: 'backgroundReceipt', receipt: { ...a } },
      { type: 'backgroundReceipt', receipt: stored('B') },
    );
    expect(s.backgroundReceipts.map((r) => r.trackingNumber)).toEqual(['A', 'B']);
    expect(reducer(s, { type: 'receiptDismissed', receipt: a }).backgroundReceipts.map((r) => r.trackingNumber)).toEqual(['B']);
  });

  it('puts a refused queued submission back into the form with its errors and a notice', () => {
    const item: OutboxItem = {
      key: 'k',
      endpoint: 'http://x/api/reports',
      createdAt: '2026-03-01T08:00:00Z',
      fields: { lat: '43.85', lng: '125.35', category: 'other', description: '河边有管子在排污水。', locationSource: 'gps' },
      photos: [photo('p7')],
      state: 'rejected',
      attempts: 1,
      error: { code: 'invalid_phone', message: '电话号码格式不对', field: 'contactPhone' },
    };
    const s = reducer({ ...INITIAL_STATE, phase: 'queued', focusErrors: 3 }, { type: 'rejectedRestored', item });
    expect(s).toMatchObject({ phase: 'form', photos: item.photos, errors: [{ field: 'contactPhone', message: '电话号码格式不对' }], focusErrors: 4 });
    expect(s.fields).toMatchObject({ lat: '43.85', category: 'other', locationSource: 'gps' });
    expect(s.notice).toEqual({ kind: 'error', text: t('reportForm.rejected.restored', { message: '电话号码格式不对' }) });
    const bare = reducer(INITIAL_STATE, { type: 'rejectedRestored', item: { ...item, error: undefined } });
    expect(bare.errors).toEqual([{ field: '', message: '' }]);
  });

  it('puts a refused submission back only over an empty form or the queued panel (a location alone is empty)', () => {
    expect(formFree(INITIAL_STATE)).toBe(true);
    expect(formFree({ ...INITIAL_STATE, fields: { ...EMPTY_FORM, lat: '43.8', lng: '125.3' } })).toBe(true);
    expect(formFree({ ...typing, phase: 'queued' })).toBe(true);
    expect(formFree(typing)).toBe(false);
    expect(formFree({ ...INITIAL_STATE, photos: [photo('p1')] })).toBe(false);
    expect(formFree({ ...INITIAL_STATE, phase: 'submitting' })).toBe(false);
    expect(formFree({ ...INITIAL_STATE, phase: 'done' })).toBe(false);
  });
});

describe('the draft', () => {
  it('restores a draft with a notice that offers to clear it', () => {
    const s = reducer(INITIAL_STATE, { type: 'draftRestored', fields: filled, photos: [photo('p1')], savedAt: '2026-03-01T08:00:00Z' });
    expect(s).toMatchObject({ fields: filled, photos: [photo('p1')] });
    expect(s.notice).toMatchObject({ kind: 'info', draft: true });
    expect(s.notice?.text).toContain('2026');
  });

  it('clears the form and says so', () => {
    const s = reducer({ ...typing, draftSaved: true, errors: [{ field: 'lat', message: 'l' }] }, { type: 'draftCleared' });
    expect(s).toMatchObject({ fields: EMPTY_FORM, photos: [], errors: [], draftSaved: false, notice: { kind: 'info', text: t('reportForm.draft.cleared') } });
  });

  it('stops using the device store after a failure, telling the citizen only about the draft', () => {
    expect(reducer(typing, { type: 'draftUnavailable' })).toMatchObject({
      storageOk: false,
      notice: { kind: 'info', text: t('reportForm.draft.unavailable') },
    });
    expect(reducer(typing, { type: 'set', facts: { storageOk: false } })).toMatchObject({ storageOk: false, notice: null });
    expect(reducer(typing, { type: 'set', facts: { draftSaved: true } }).draftSaved).toBe(true);
  });

  it('keeps the fields and photos the same objects when they do not change (the draft is saved on their change)', () => {
    for (const a of [
      { type: 'set', facts: { draftSaved: true } },
      { type: 'set', facts: { queuedCount: 3 } },
      { type: 'flushing', manual: true },
      { type: 'set', facts: { locationMessage: null } },
      { type: 'set', facts: { hydrated: true } },
    ] satisfies Action[]) {
      const next = reducer(typing, a);
      expect(next.fields).toBe(typing.fields);
      expect(next.photos).toBe(typing.photos);
    }
  });
});

describe('createStore', () => {
  it('answers with the new state at once and hands every state to the renderer', () => {
    const rendered: ReportState[] = [];
    const store = createStore((s) => rendered.push(s));
    store.dispatch({ type: 'set', facts: { hydrated: true } });
    expect(store.get().hydrated).toBe(true);
    store.dispatch({ type: 'edit', patch: { category: 'other' } });
    expect(store.get().fields.category).toBe('other');
    expect(rendered).toHaveLength(2);
    expect(rendered[1]).toBe(store.get());
  });
});
