import { distanceM } from '../../kernel/geo/distance.ts';
import { fill } from '../../kernel/i18n/fill.ts';
import { type CompactMapData, type DecodedMapData, decodeMapData, type MapPoint } from '../../site/map-format.ts';
import { compileFilters, formatDistance, type MapFilters, NO_FILTERS, parseFilters, writeFilters } from './filter.ts';
import type { MapView } from './map-view.ts';
import type { BaseConfig } from './style.ts';

/**
 * The home page script: filters (kept in the URL), the accessible list, near-me, the selection
 * card, and the map, which is loaded after first paint. Everything but the map works without
 * WebGL. Strings come translated from the page (`#map-config`).
 */

interface PageConfig {
  dataUrl: string;
  baseUrl: string;
  glyphs: string;
  base: BaseConfig;
  /** Site base path, ending in '/'. */
  root: string;
  typeKeys: string[];
  typeColors: Record<string, string>;
  messages: Record<string, string>;
  locale: Record<string, string>;
}

/** How many list entries are shown at once. */
const PAGE_SIZE = 50;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const cfg = JSON.parse($('map-config').textContent!) as PageConfig;

function msg(key: string, params: Record<string, string | number> = {}): string {
  return fill(cfg.messages[key] ?? key, params);
}
const distance = (m: number) => formatDistance(m, { m: cfg.messages['map.distance.m']!, km: cfg.messages['map.distance.km']! });

const form = $<HTMLFormElement>('map-filters');
const list = $<HTMLOListElement>('outfall-list');
const more = $<HTMLButtonElement>('list-more');
const count = $('map-count');
const order = $('list-order');
const nearButton = $<HTMLButtonElement>('near-me');
const nearStatus = $('near-status');
const mapStatus = $('map-status');
const card = $('map-card');

interface Near {
  lng: number;
  lat: number;
  /** Distance of every point, by point index. */
  dist: Float64Array;
}

const state = {
  data: null as DecodedMapData | null,
  filters: parseFilters(new URLSearchParams(location.search)) as MapFilters,
  filtered: [] as MapPoint[],
  shown: PAGE_SIZE,
  near: null as Near | null,
  selected: null as MapPoint | null,
  view: null as MapView | null,
};

// ── filters ⇄ form ⇄ URL ──

function formToFilters(): MapFilters {
  const fd = new FormData(form);
  const boxes = [...form.querySelectorAll<HTMLInputElement>('input[name="type"]')];
  const checked = boxes.filter((b) => b.checked).map((b) => b.value);
  const one = (name: string) => (fd.get(name) as string | null) || null;
  return { types: checked.length === boxes.length ? null : checked, status: one('status'), area: one('area'), water: one('water') };
}

function filtersToForm(f: MapFilters) {
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name="type"]')) box.checked = f.types === null || f.types.includes(box.value);
  for (const name of ['status', 'area', 'water'] as const) {
    const select = form.elements.namedItem(name) as HTMLSelectElement;
    const value = f[name] ?? '';
    // A value the form does not offer (an old link) is added, so the form shows what is applied.
    if (value && ![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
    select.value = value;
  }
}

function syncUrl() {
  const params = writeFilters(new URLSearchParams(location.search), state.filters);
  const qs = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${qs ? `?${qs}` : ''}${location.hash}`);
}

// ── list ──

function typeLabel(p: MapPoint) {
  return state.data!.types[p.type]!;
}

function areaLabel(p: MapPoint) {
  const d = state.data!;
  const county = d.counties[p.county]!;
  return `${d.cities[county.city]!.name} ${county.name}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function swatch(p: MapPoint) {
  const s = el('span', { className: 'map-swatch' });
  s.style.background = cfg.typeColors[typeLabel(p).key] ?? '#555';
  s.setAttribute('aria-hidden', 'true');
  return s;
}

function listItem(p: MapPoint): HTMLLIElement {
  const d = state.data!;
  const meta = [typeLabel(p).name, d.statuses[p.status]!.name, areaLabel(p), d.waters[p.water]!].join(' · ');
  const show = el('button', { type: 'button', className: 'button secondary map-show' }, msg('map.list.show'));
  show.setAttribute('aria-label', msg('map.list.showLabel', { name: p.name }));
  show.dataset.i = String(p.i);
  const li = el(
    'li',
    { className: 'outfall-item' },
    el('a', { href: `${cfg.root}outfalls/${encodeURIComponent(p.code)}/`, className: 'outfall-name' }, p.name),
    el('span', { className: 'outfall-meta' }, swatch(p), meta),
    el('span', { className: 'outfall-code' }, msg('map.list.code', { code: p.code })),
  );
  if (state.near) li.append(el('span', { className: 'outfall-distance' }, msg('map.list.distance', { distance: distance(state.near.dist[p.i]!) })));
  li.append(show);
  li.dataset.code = p.code;
  return li;
}

function renderList(focusFrom = -1) {
  const items = state.filtered.slice(0, state.shown);
  if (focusFrom < 0) list.replaceChildren(...items.map(listItem));
  else list.append(...items.slice(focusFrom).map(listItem));
  if (state.filtered.length === 0) list.replaceChildren(el('li', { className: 'outfall-empty' }, msg('map.list.empty')));
  const rest = state.filtered.length - state.shown;
  more.hidden = rest <= 0;
  more.textContent = msg('map.list.more', { count: Math.max(0, rest) });
  order.textContent = msg(state.near ? 'map.list.byDistance' : 'map.list.byCounty');
  // After "show more", move focus to the first new entry so keyboard users continue from there.
  if (focusFrom >= 0) list.children[focusFrom]?.querySelector('a')?.focus();
}

let announceTimer: ReturnType<typeof setTimeout> | undefined;
function announceCount() {
  // Debounced: several quick changes produce one announcement, not a queue of them.
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    count.textContent = msg(state.near ? 'map.countNear' : 'map.count', { count: state.filtered.length });
  }, 250);
}

function update() {
  const data = state.data;
  if (!data) return;
  const test = compileFilters(data, state.filters);
  state.filtered = data.points.filter(test);
  if (state.near) {
    const dist = state.near.dist;
    state.filtered.sort((a, b) => dist[a.i]! - dist[b.i]!);
  }
  state.shown = PAGE_SIZE;
  renderList();
  announceCount();
  state.view?.setPoints(state.filtered);
  if (state.selected && !test(state.selected)) select(null);
}

// ── selection card ──

function select(p: MapPoint | null, opts: { fly?: boolean; focus?: boolean } = {}) {
  state.selected = p;
  state.view?.select(p, opts.fly ?? false);
  if (!p) {
    card.hidden = true;
    return;
  }
  const d = state.data!;
  $('map-card-name').textContent = p.name;
  const type = $('map-card-type');
  type.replaceChildren(swatch(p), typeLabel(p).name);
  $('map-card-status').textContent = d.statuses[p.status]!.name;
  $('map-card-water').textContent = d.waters[p.water]!;
  $('map-card-area').textContent = areaLabel(p);
  $('map-card-code').textContent = p.code;
  const distRow = $('map-card-distance-row');
  distRow.hidden = !state.near;
  if (state.near) $('map-card-distance').textContent = distance(state.near.dist[p.i]!);
  $<HTMLAnchorElement>('map-card-link').href = `${cfg.root}outfalls/${encodeURIComponent(p.code)}/`;
  $<HTMLAnchorElement>('map-card-report').href = `${cfg.root}report/?outfall=${encodeURIComponent(p.code)}`;
  card.hidden = false;
  if (opts.focus) card.focus();
}

// ── near me ──

function nearMessage(text: string, withSearch = false) {
  nearStatus.replaceChildren(text);
  if (withSearch) nearStatus.append(' ', el('a', { href: `${cfg.root}search/` }, msg('map.nearMe.searchLink')));
}

function stopNear() {
  state.near = null;
  nearButton.textContent = msg('map.nearMe');
  nearButton.setAttribute('aria-pressed', 'false');
  nearMessage('');
  update();
}

function locate() {
  if (state.near) return stopNear();
  if (!('geolocation' in navigator)) return nearMessage(msg('map.nearMe.unsupported'), true);
  nearMessage(msg('map.nearMe.locating'));
  nearButton.disabled = true;
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      nearButton.disabled = false;
      const { longitude: lng, latitude: lat, accuracy } = pos.coords;
      const apply = () => {
        const data = state.data!;
        const dist = new Float64Array(data.points.length);
        for (const p of data.points) dist[p.i] = distanceM({ lng, lat }, p);
        state.near = { lng, lat, dist };
        nearButton.textContent = msg('map.nearMe.stop');
        nearButton.setAttribute('aria-pressed', 'true');
        update();
        const first = state.filtered[0];
        let text = msg('map.nearMe.found', { accuracy: distance(accuracy) });
        if (first && dist[first.i]! > 100_000) text += ` ${msg('map.nearMe.far', { distance: distance(dist[first.i]!) })}`;
        nearMessage(text);
        state.view?.showUser(lng, lat, state.filtered.slice(0, 5));
      };
      if (state.data) apply();
      else dataReady.then(apply, () => undefined);
    },
    (err) => {
      nearButton.disabled = false;
      const key = err.code === err.PERMISSION_DENIED ? 'map.nearMe.denied' : err.code === err.TIMEOUT ? 'map.nearMe.timeout' : 'map.nearMe.unavailable';
      nearMessage(msg(key), true);
    },
    { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
  );
}

// ── map (lazy) ──

function webgl2Available(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

function afterFirstPaint(fn: () => void) {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 1500 }) : setTimeout(fn, 100));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

async function loadMap() {
  if (!webgl2Available()) {
    mapStatus.textContent = msg('map.webglUnavailable');
    return;
  }
  try {
    const { createMapView } = await import('./map-view.ts');
    const container = $('map');
    const view = await createMapView({
      container,
      base: cfg.base,
      baseUrl: cfg.baseUrl,
      glyphs: location.origin + cfg.glyphs,
      typeKeys: cfg.typeKeys,
      youAreHere: msg('map.you'),
      locale: cfg.locale,
      onSelect: (i, how) => {
        const p = state.data?.points[i];
        if (p) select(p, { focus: how === 'keyboard' });
      },
    });
    state.view = view;
    await dataReady;
    view.setPoints(state.filtered);
    if (state.selected) view.select(state.selected, true);
    if (state.near) view.showUser(state.near.lng, state.near.lat, state.filtered.slice(0, 5));
    mapStatus.hidden = true;
    // For the browser tests (and curious developers): the map object and a ready flag.
    (window as unknown as { __outfallMap: unknown }).__outfallMap = view.map;
    view.map.once('idle', () => container.setAttribute('data-ready', 'true'));
  } catch (err) {
    console.error(err);
    mapStatus.textContent = msg('map.loadFailed');
  }
}

// ── start ──

filtersToForm(state.filters);
form.addEventListener('change', () => {
  state.filters = formToFilters();
  syncUrl();
  update();
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  state.filters = formToFilters();
  syncUrl();
  update();
});
form.addEventListener('reset', (e) => {
  e.preventDefault();
  state.filters = { ...NO_FILTERS };
  filtersToForm(state.filters);
  syncUrl();
  update();
});
more.addEventListener('click', () => {
  const from = state.shown;
  state.shown += PAGE_SIZE;
  renderList(from);
});
list.addEventListener('click', (e) => {
  const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button.map-show');
  const p = button && state.data?.points[Number(button.dataset.i)];
  if (p) select(p, { fly: true, focus: true });
});
$('map-card-close').addEventListener('click', () => {
  const code = state.selected?.code;
  select(null);
  // Back to where the visitor was: the list entry of this outfall, or the map.
  const back = code ? list.querySelector<HTMLButtonElement>(`li[data-code="${CSS.escape(code)}"] button.map-show`) : null;
  (back ?? $('map').querySelector('canvas'))?.focus();
});
nearButton.addEventListener('click', locate);

const dataReady: Promise<void> = fetch(cfg.dataUrl)
  .then((r) => {
    if (!r.ok) throw new Error(`map data: HTTP ${r.status}`);
    return r.json() as Promise<CompactMapData>;
  })
  .then((doc) => {
    state.data = decodeMapData(doc);
    update();
  });
dataReady.catch((err) => {
  console.error(err);
  count.textContent = msg('map.dataFailed');
});

afterFirstPaint(() => void loadMap());
