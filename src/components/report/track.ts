import type { PublicDeadline } from '../../kernel/report/contract/citizen-pages.ts';
import { deadlineLines } from './deadline-text.ts';
import { isMessageKey, type ReportMessages, setMessages, t } from './i18n.ts';
import { receipts, removeReceipt, type StoredReceipt } from './outbox.ts';

/**
 * The script of /track/: reads the tracking number and query code from the URL fragment (or the
 * form), calls GET /api/reports/<n>?code=<c> and renders the status and public timeline. A wrong
 * number and a wrong code get the same answer from the API and the same sentence here.
 */

/** The public status of a report as GET /api/reports/<n> returns it (api/reports/schemas.ts). */
interface StatusView {
  trackingNumber: string;
  status: string;
  statusLabel: string;
  category: { key: string; name: string };
  county: { adcode: string; name: string; bureau?: string };
  receivedAt: string;
  updatedAt: string;
  deadlines?: PublicDeadline[];
  timeline: { at: string; type: string; status?: string; label: string; reply?: string }[];
}

/** Accepts what people type: full-width characters, spaces, lower case, a missing hyphen. */
export function normaliseTrackingNumber(input: string): string | undefined {
  const s = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const m = /^JL(\d{4})-?(\d{6,9})$/.exec(s);
  return m ? `JL${m[1]}-${m[2]}` : undefined;
}

/** Query codes are 8 letters and digits; spaces and hyphens people add while copying are dropped. */
export function normaliseQueryCode(input: string): string | undefined {
  const s = input
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return /^[0-9A-Z]{8}$/.test(s) ? s : undefined;
}

/** Reads `#n=…&c=…`, or the older `?n=…&code=…`. */
export function readParams(url: URL): { n: string; c: string } | undefined {
  const frag = new URLSearchParams(url.hash.replace(/^#/, ''));
  const n = frag.get('n') ?? url.searchParams.get('n');
  const c = frag.get('c') ?? url.searchParams.get('code') ?? url.searchParams.get('c');
  return n && c ? { n, c } : undefined;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  // Text only: replies are written by staff and must never be parsed as HTML.
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

const fmtTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('zh-CN', { hour12: false });
};

/** A status or category in the page's language; one the dictionary does not know as the API named it. */
const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);

function renderResult(view: StatusView): Node[] {
  const facts = h(
    'dl',
    { class: 'facts' },
    h(
      'div',
      {},
      h('dt', {}, t('track.status')),
      h('dd', { class: 'tr-status', 'data-status': view.status }, label(`report.status.${view.status}`, view.statusLabel)),
    ),
    h('div', {}, h('dt', {}, t('track.bureau')), h('dd', {}, view.county.bureau ?? view.county.name)),
    h('div', {}, h('dt', {}, t('track.category')), h('dd', {}, label(`report.category.${view.category.key}`, view.category.name))),
    h('div', {}, h('dt', {}, t('track.receivedAt')), h('dd', {}, h('time', { datetime: view.receivedAt }, fmtTime(view.receivedAt)))),
  );
  const timeline = h(
    'ol',
    { class: 'tr-timeline' },
    ...view.timeline.map((e) =>
      h(
        'li',
        {},
        h('time', { datetime: e.at }, fmtTime(e.at)),
        h('p', {}, e.label),
        e.reply ? h('p', { class: 'tr-reply' }, h('span', { class: 'visually-hidden' }, `${t('track.reply')}：`), e.reply) : null,
      ),
    ),
  );
  const deadlines = h(
    'dl',
    { class: 'facts tr-deadlines' },
    ...deadlineLines(view.deadlines ?? [], fmtTime).map((d) =>
      h('div', { 'data-kind': d.kind, ...(d.overdue ? { class: 'tr-overdue' } : {}) }, h('dt', {}, d.label), h('dd', {}, `${d.due} · ${d.state}`)),
    ),
  );
  return [
    h('h2', { id: 'track-result-title' }, `${t('track.number')} ${view.trackingNumber}`),
    facts,
    h('h3', {}, t('track.deadlines')),
    deadlines,
    h('h3', {}, t('track.timeline')),
    timeline,
  ];
}

/** Wires up the page. */
export function startTrackPage(): void {
  const form = document.getElementById('track-form') as HTMLFormElement;
  const base = form.dataset.base ?? '';
  // The Korean page hands its texts over with the form.
  if (form.dataset.messages) setMessages(JSON.parse(form.dataset.messages) as ReportMessages);
  const numberInput = document.getElementById('tr-number') as HTMLInputElement;
  const codeInput = document.getElementById('tr-code') as HTMLInputElement;
  const message = document.getElementById('track-message')!;
  const result = document.getElementById('track-result')!;
  const saved = document.getElementById('track-saved')!;
  let seq = 0;
  // The script checks and answers in place; the browser's own checks are for the post without it.
  form.noValidate = true;

  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    message.textContent = text;
    message.className = `rf-status${kind === 'error' ? ' rf-status-error' : ''}`;
  };

  const lookup = async (n: string, c: string) => {
    const mine = ++seq;
    result.hidden = true;
    result.replaceChildren();
    say(t('track.loading'));
    let res: Response;
    try {
      res = await fetch(`${base}/api/reports/${encodeURIComponent(n)}?code=${encodeURIComponent(c)}`, {
        headers: { Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch {
      if (mine === seq) say(t('track.network'), 'error');
      return;
    }
    if (mine !== seq) return;
    const body = (await res.json().catch(() => undefined)) as (StatusView & { error?: { message?: string } }) | undefined;
    if (mine !== seq) return;
    // 404 for an unknown number or a wrong code alike; a malformed code (400) is the same to the citizen.
    if (res.status === 404 || res.status === 400) return say(t('track.notFound'), 'error');
    if (!res.ok || !body?.trackingNumber) return say(t('track.failed', { message: body?.error?.message ?? `HTTP ${res.status}` }), 'error');
    say('');
    result.replaceChildren(...renderResult(body));
    result.hidden = false;
    result.focus();
  };

  const fromUrl = () => {
    const url = new URL(location.href);
    const p = readParams(url);
    if (!p) return;
    // A code that came in the query string is moved to the fragment, out of later requests' Referer.
    if (url.search) history.replaceState(null, '', `${url.pathname}#${new URLSearchParams({ n: p.n, c: p.c })}`);
    numberInput.value = p.n;
    codeInput.value = p.c;
    const n = normaliseTrackingNumber(p.n);
    const c = normaliseQueryCode(p.c);
    if (n && c) void lookup(n, c);
    else say(t('track.notFound'), 'error');
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = normaliseTrackingNumber(numberInput.value);
    const c = normaliseQueryCode(codeInput.value);
    numberInput.toggleAttribute('aria-invalid', !n);
    codeInput.toggleAttribute('aria-invalid', !c);
    if (!n || !c) {
      say(t('track.invalid'), 'error');
      (n ? codeInput : numberInput).focus();
      return;
    }
    history.replaceState(null, '', `${location.pathname}#${new URLSearchParams({ n, c })}`);
    void lookup(n, c);
  });
  window.addEventListener('hashchange', fromUrl);

  const showSaved = async () => {
    let list: StoredReceipt[];
    try {
      list = await receipts();
    } catch {
      return;
    }
    const ul = saved.querySelector('ul')!;
    ul.replaceChildren(
      ...list.map((r) => {
        const link = h('a', { href: `#${new URLSearchParams({ n: r.trackingNumber, c: r.queryCode })}` }, t('track.savedOpen', { n: r.trackingNumber }));
        const remove = h('button', { type: 'button', class: 'button secondary rf-copy' }, t('track.savedRemove', { n: r.trackingNumber }));
        remove.addEventListener('click', () => {
          void removeReceipt(r.trackingNumber).then(showSaved);
        });
        return h('li', {}, link, h('span', { class: 'rf-hint' }, `${r.county.bureau ?? r.county.name} · ${fmtTime(r.receivedAt)}`), remove);
      }),
    );
    saved.hidden = list.length === 0;
  };

  fromUrl();
  void showSaved();
}
