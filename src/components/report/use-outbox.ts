import { useEffect, useState } from 'preact/hooks';
import { apiFields, type FormLimits, newIdempotencyKey } from './form-model.ts';
import { formFree, isBusy, type ReportState, type Store } from './form-state.ts';
import { t } from './i18n.ts';
import {
  enqueue,
  flushOutbox,
  locationRefusal,
  OUTBOX_CHANNEL,
  type OutboxItem,
  outboxItems,
  receipts,
  removeOutboxItem,
  type SendOutcome,
  type StoredReceipt,
  SYNC_TAG,
  saveReceipt,
  sendItem,
  sendQueued,
} from './outbox.ts';
import { forgetDraft } from './use-draft.ts';

/** While something is queued and the page is open, try again this often (the `online` event does not fire when a weak link merely recovers). */
const RETRY_INTERVAL_MS = 20_000;

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

export interface Outbox {
  /** Registers the service worker, listens for the network coming back and for changes made by other contexts; returns the cleanup. */
  connect(): () => void;
  /** Shows what happened to earlier submissions: receipts sent in the background, refused submissions, the queue length. */
  refresh(): Promise<void>;
  /** Sends what waits; `manual` = the citizen pressed "try again now" and hears the answer. */
  flush(manual?: boolean): Promise<void>;
  /** The form's submit handler: validate, store with a new Idempotency-Key, send. */
  submit(e: Event): Promise<void>;
  /** A submission waits in memory only (the device store failed). */
  holdsUnsaved(): boolean;
}

/** The island's side of ./outbox.ts: one per island, its bookkeeping in closures. */
function createOutbox({ get, dispatch }: Store, base: string, limits: FormLimits): Outbox {
  let worker: Promise<ServiceWorkerRegistration | undefined> = Promise.resolve(undefined);
  /** Key of the submission this page queued, so its later receipt replaces the "queued" panel. */
  let queuedKey: string | null = null;
  /** A submission that could not be stored on the device (private mode): retried from memory. */
  let memoryItem: OutboxItem | null = null;
  // Refreshes run one after another (a flush and the BroadcastChannel message it causes arrive
  // together), and a receipt is shown once, however many refreshes see it.
  let chain: Promise<void> = Promise.resolve();
  const shown = new Set<string>();

  const refreshOnce = async () => {
    let items: OutboxItem[];
    let recs: StoredReceipt[];
    try {
      [items, recs] = await Promise.all([outboxItems(), receipts()]);
    } catch {
      dispatch({ type: 'set', facts: { storageOk: false } });
      return;
    }
    dispatch({ type: 'set', facts: { queuedCount: items.filter((i) => i.state === 'queued').length } });
    for (const r of recs.filter((r) => !r.seen)) {
      await saveReceipt({ ...r, seen: true }).catch(() => undefined);
      if (shown.has(r.trackingNumber)) continue;
      shown.add(r.trackingNumber);
      if (r.key === queuedKey && get().phase === 'queued') {
        queuedKey = null;
        dispatch({ type: 'receiptArrived', receipt: r });
      } else {
        dispatch({ type: 'backgroundReceipt', receipt: r });
      }
    }
    const rejected = items.find((i) => i.state === 'rejected');
    if (rejected && formFree(get())) {
      // Put the refused report back into the form so the citizen can fix it; a new submission
      // of it will get a new Idempotency-Key (its content changes).
      await removeOutboxItem(rejected.key).catch(() => undefined);
      if (rejected.key === queuedKey) queuedKey = null;
      dispatch({ type: 'rejectedRestored', item: rejected });
    }
  };

  const refresh = () => {
    chain = chain.then(refreshOnce, refreshOnce);
    return chain;
  };

  const handleOutcome = async (item: OutboxItem, outcome: SendOutcome, persisted: boolean) => {
    if (outcome.kind === 'sent') {
      shown.add(outcome.receipt.trackingNumber);
      if (!persisted) await saveReceipt({ ...outcome.receipt, key: item.key, seen: true }).catch(() => undefined);
      forgetDraft();
      dispatch({ type: 'sent', receipt: outcome.receipt });
      return;
    }
    if (outcome.kind === 'rejected') {
      if (persisted) await removeOutboxItem(item.key).catch(() => undefined);
      dispatch({ type: 'refused', error: outcome.error });
      return;
    }
    if (outcome.reason === 'throttled') {
      // The rate limit, not the network: say so with the wait, and leave the form as it is (the
      // citizen sends it again later; an automatic retry would only meet the limit again).
      if (persisted) await removeOutboxItem(item.key).catch(() => undefined);
      dispatch({ type: 'throttled', retryAfterS: outcome.retryAfterS });
      return;
    }
    // No network (or the server is down): the submission waits in the outbox with its key.
    if (persisted) {
      queuedKey = item.key;
      forgetDraft();
      dispatch({ type: 'queuedOnDevice' });
      dispatch({ type: 'queued', syncOk: await requestBackgroundSync(worker) });
    } else {
      memoryItem = item;
      dispatch({ type: 'queued', syncOk: false });
    }
  };

  const flush = async (manual = false) => {
    if (get().retrying) return;
    dispatch({ type: 'flushing', manual });
    const stillOffline = () => {
      if (manual) dispatch({ type: 'set', facts: { retryMessage: t('reportForm.queued.stillOffline') } });
    };
    try {
      if (memoryItem) {
        const item = memoryItem;
        const outcome = await sendItem(item);
        if (outcome.kind !== 'retry') {
          memoryItem = null;
          await handleOutcome(item, outcome, false);
        } else stillOffline();
        return;
      }
      const r = await flushOutbox({ seen: false });
      if (r.pending > 0) stillOffline();
      else if (manual) dispatch({ type: 'set', facts: { retryMessage: '' } });
      await refresh();
    } catch {
      stillOffline();
    } finally {
      dispatch({ type: 'set', facts: { retrying: false } });
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const s = get();
    if (isBusy(s) || s.processing) return;
    dispatch({ type: 'submit', limits });
    if (get().phase !== 'submitting') return;
    // The key is made once, before the first try, and stored with the submission: every retry
    // (this page, the service worker, the next visit) sends the same key with the same content.
    const item: OutboxItem = {
      key: newIdempotencyKey(),
      endpoint: new URL(`${base}/api/reports`, location.href).href,
      createdAt: new Date().toISOString(),
      fields: apiFields(s.fields),
      photos: s.photos,
      state: 'queued',
      attempts: 0,
    };
    // Photos are the heavy part: check the point first, so a refusal does not wait for the upload.
    if (item.photos.length > 0) {
      const refusal = await locationRefusal(item.endpoint, item.fields);
      if (refusal) {
        dispatch({ type: 'refused', error: refusal });
        return;
      }
    }
    let persisted = false;
    try {
      await enqueue(item);
      persisted = true;
    } catch {
      dispatch({ type: 'set', facts: { storageOk: false } });
    }
    let outcome: SendOutcome;
    try {
      outcome = persisted ? await sendQueued(item.key, { seen: true }) : await sendItem(item);
    } catch {
      outcome = { kind: 'retry', reason: 'network' };
    }
    await handleOutcome(item, outcome, persisted);
  };

  const connect = () => {
    worker = registerWorker(base);
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(OUTBOX_CHANNEL) : null;
    if (channel) channel.onmessage = () => void refresh();
    return () => {
      window.removeEventListener('online', onOnline);
      channel?.close();
    };
  };

  return { connect, refresh, flush, submit, holdsUnsaved: () => memoryItem !== null };
}

/**
 * Submission and the outbox on the page: a report is stored on the device with its Idempotency-Key
 * before the first try, sent, and — without a network — kept and sent again (on `online`, every
 * 20 s while the page is open, by the service worker after Background Sync, on the next visit)
 * until the server answers. See ./outbox.ts for the exactly-once rules.
 */
export function useOutbox(store: Store, base: string, limits: FormLimits, state: ReportState): Outbox {
  const [outbox] = useState(() => createOutbox(store, base, limits));
  // Keep trying while something waits and the page is open.
  useEffect(() => {
    if (state.queuedCount === 0 && !outbox.holdsUnsaved()) return;
    const id = setInterval(() => {
      if (navigator.onLine) void outbox.flush();
    }, RETRY_INTERVAL_MS);
    return () => clearInterval(id);
  }, [state.queuedCount, state.phase]);
  return outbox;
}
