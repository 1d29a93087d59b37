import { useEffect, useRef, useState } from 'preact/hooks';
import { REPORT_STATUSES } from '../../kernel/db/enums.ts';
import type { CategoryKey } from '../../kernel/report/categories.ts';
import type { CountyOption, ReportList } from '../../kernel/report/contract/staff.ts';
import { loadCounties, StaffApiError, staffApi } from './api.ts';
import { CountyOptions } from './CountyOptions.tsx';
import { FactRow, Facts } from './Facts.tsx';
import { t } from './i18n.ts';
import { LoginForm } from './LoginForm.tsx';
import { deadlineLabel, filtersToQuery, formatDate, type InboxFilters, isFiltered, NO_FILTERS, parseFilters, statusLabel } from './model.ts';
import { SessionBar } from './SessionBar.tsx';
import { useStaffSession } from './session.ts';

export interface StaffInboxProps {
  /** import.meta.env.BASE_URL without the trailing slash. */
  base: string;
  /** Build-time copy of the report categories (src/kernel/report/categories.ts). */
  categories: { key: CategoryKey; name: string }[];
}

/**
 * /staff/: the login form, or the county's inbox once logged in. Filters live in the page URL
 * (the same names as GET /api/staff/reports), so a filtered view can be bookmarked, reloaded and
 * left with the Back button from a report.
 */
export function StaffInbox({ base, categories }: StaffInboxProps) {
  const categoryKeys = categories.map((c) => c.key);
  const session = useStaffSession(base);
  const { staff } = session;
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS);
  const [draft, setDraft] = useState<InboxFilters>(NO_FILTERS);
  const [list, setList] = useState<ReportList | null>(null);
  const [listState, setListState] = useState<'idle' | 'loading' | 'error'>('idle');
  const [listError, setListError] = useState('');
  const [counties, setCounties] = useState<CountyOption[]>([]);
  const [includeContact, setIncludeContact] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const focusListAfterLoad = useRef(false);
  const seq = useRef(0);

  // The filters come from the page URL, also when Back or Forward changes it.
  useEffect(() => {
    const f = parseFilters(location.search, categoryKeys);
    setFilters(f);
    setDraft(f);
    const onPop = () => {
      const f = parseFilters(location.search, categoryKeys);
      setFilters(f);
      setDraft(f);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Province staff choose a county; the list of counties comes from the API.
  useEffect(() => {
    if (staff?.role === 'province' && counties.length === 0) loadCounties(base).then(setCounties, () => undefined);
  }, [staff]);

  // The list follows the filters.
  useEffect(() => {
    if (session.phase !== 'in' || !staff) return;
    const mine = ++seq.current;
    setListState('loading');
    const query = filtersToQuery(staff.role === 'province' ? filters : { ...filters, county: undefined });
    staffApi<ReportList>(base, `/api/staff/reports${query}`)
      .then((data) => {
        if (mine !== seq.current) return;
        setList(data);
        setListState('idle');
        if (focusListAfterLoad.current) {
          focusListAfterLoad.current = false;
          listHeading.current?.focus();
        }
      })
      .catch((err: unknown) => {
        if (mine !== seq.current) return;
        if (err instanceof StaffApiError && err.status === 401) {
          session.end('expired');
          return;
        }
        setListError(err instanceof Error ? err.message : String(err));
        setListState('error');
      });
  }, [session.phase, staff, filters]);

  const apply = (f: InboxFilters, focusList: boolean) => {
    const query = filtersToQuery(f);
    if (query !== location.search) history.pushState(null, '', `${location.pathname}${query}`);
    focusListAfterLoad.current = focusList;
    setFilters(f);
    setDraft(f);
  };

  if (session.phase === 'checking') return <p class="st-loading">{t('staff.ui.loading')}</p>;
  if (session.phase === 'error')
    return (
      <p class="rf-status rf-status-error" role="alert">
        {session.error}
      </p>
    );
  if (session.phase === 'login' || !staff)
    return (
      <>
        {session.ended === 'logout' && (
          <p class="rf-status rf-status-ok" role="status">
            {t('staff.ui.session.loggedOut')}
          </p>
        )}
        <LoginForm base={base} focusOnMount={session.ended === 'logout'} onLogin={session.loggedIn} />
      </>
    );

  const province = staff.role === 'province';
  const countyName = (adcode: string) => counties.find((c) => c.adcode === adcode)?.name ?? adcode;
  const reportHref = (id: number) => `${base}/staff/report/?id=${encodeURIComponent(String(id))}`;
  const shortcut = (f: Partial<InboxFilters>) => ({ ...NO_FILTERS, county: filters.county, ...f });
  // The export takes the same filters as the list (what you see is what you download).
  const csvQuery = new URLSearchParams(filtersToQuery(province ? filters : { ...filters, county: undefined }));
  if (includeContact) csvQuery.set('includeContact', '1');

  return (
    <div class="st">
      <SessionBar
        staff={staff}
        onLogout={async () => {
          await session.logout();
          setList(null);
        }}
      />
      {province && <p class="notice">{t('staff.ui.inbox.provinceNote')}</p>}

      {list && (
        <section aria-labelledby="st-counts-title">
          <h2 id="st-counts-title">
            {province && filters.county ? t('staff.ui.counts.titleCounty', { county: countyName(filters.county) }) : t('staff.ui.counts.title')}
          </h2>
          <ul class="st-counts">
            {REPORT_STATUSES.map((s) => (
              <li key={s}>
                <a
                  href={filtersToQuery(shortcut({ status: s })) || '?'}
                  data-status={s}
                  aria-current={filters.status === s && !filters.overdue && !filters.category && !filters.nearBorder ? 'true' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    apply(shortcut({ status: s }), true);
                  }}
                >
                  <span>{statusLabel(s)}</span> <strong>{list.counts.byStatus[s] ?? 0}</strong>
                </a>
              </li>
            ))}
            <li>
              <a
                href={filtersToQuery(shortcut({ overdue: true }))}
                class="st-count-overdue"
                onClick={(e) => {
                  e.preventDefault();
                  apply(shortcut({ overdue: true }), true);
                }}
              >
                <span>{t('staff.ui.counts.overdue')}</span> <strong>{list.counts.overdue}</strong>
              </a>
            </li>
          </ul>
        </section>
      )}

      <form
        class="st-filters"
        aria-labelledby="st-filters-title"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft, false);
        }}
      >
        <h2 id="st-filters-title">{t('staff.ui.filters.title')}</h2>
        <div class="st-filter-grid">
          {province && (
            <div class="rf-field">
              <label for="st-f-county">{t('staff.ui.filters.county')}</label>
              <select
                id="st-f-county"
                name="county"
                value={draft.county ?? ''}
                onChange={(e) => setDraft({ ...draft, county: (e.currentTarget as HTMLSelectElement).value || undefined })}
              >
                <option value="">{t('staff.ui.filters.allCounties')}</option>
                <CountyOptions counties={counties} />
              </select>
            </div>
          )}
          <div class="rf-field">
            <label for="st-f-status">{t('staff.ui.filters.status')}</label>
            <select
              id="st-f-status"
              name="status"
              value={draft.status ?? ''}
              onChange={(e) => setDraft({ ...draft, status: ((e.currentTarget as HTMLSelectElement).value || undefined) as InboxFilters['status'] })}
            >
              <option value="">{t('staff.ui.filters.all')}</option>
              {REPORT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div class="rf-field">
            <label for="st-f-category">{t('staff.ui.filters.category')}</label>
            <select
              id="st-f-category"
              name="category"
              value={draft.category ?? ''}
              onChange={(e) => setDraft({ ...draft, category: categories.find((c) => c.key === (e.currentTarget as HTMLSelectElement).value)?.key })}
            >
              <option value="">{t('staff.ui.filters.all')}</option>
              {categories.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="st-checks">
          <label class="st-check">
            <input
              type="checkbox"
              name="overdue"
              value="1"
              checked={draft.overdue}
              onChange={(e) => setDraft({ ...draft, overdue: (e.currentTarget as HTMLInputElement).checked })}
            />
            <span>{t('staff.ui.filters.overdue')}</span>
          </label>
          <label class="st-check">
            <input
              type="checkbox"
              name="nearBorder"
              value="1"
              checked={draft.nearBorder}
              onChange={(e) => setDraft({ ...draft, nearBorder: (e.currentTarget as HTMLInputElement).checked })}
            />
            <span>{t('staff.ui.filters.nearBorder')}</span>
          </label>
        </div>
        <div class="rf-actions">
          <button class="button" type="submit">
            {t('staff.ui.filters.apply')}
          </button>
          {isFiltered(filters) && (
            <button type="button" class="button secondary" onClick={() => apply({ ...NO_FILTERS }, true)}>
              {t('staff.ui.filters.clear')}
            </button>
          )}
        </div>
      </form>

      <section aria-labelledby="st-list-title" class="st-results">
        <h2 id="st-list-title" ref={listHeading} tabIndex={-1}>
          {t('staff.ui.inbox.listTitle')}
        </h2>
        <p class="st-live" role="status" aria-live="polite">
          {listState === 'loading' ? t('staff.ui.loading') : listState === 'error' ? '' : list ? t('staff.ui.inbox.count', { n: list.reports.length }) : ''}
        </p>
        {listState === 'error' && (
          <p class="rf-status rf-status-error" role="alert">
            {listError}
          </p>
        )}
        {list && list.reports.length === 0 && listState === 'idle' && (
          <p>{isFiltered(filters) ? t('staff.ui.inbox.emptyFiltered') : t('staff.ui.inbox.empty')}</p>
        )}
        {list && list.reports.length > 0 && (
          <ol class="st-list" aria-busy={listState === 'loading' ? 'true' : undefined}>
            {list.reports.map((r) => (
              <li key={r.id} class={`st-item${r.deadline?.overdue ? ' st-overdue' : ''}`}>
                <div class="st-item-head">
                  <h3>
                    <a href={reportHref(r.id)}>
                      <span class="code">{r.trackingNumber}</span> <span class="st-item-cat">{r.categoryName}</span>
                    </a>
                  </h3>
                  <span class="st-status" data-status={r.status}>
                    {statusLabel(r.status)}
                  </span>
                </div>
                <Facts class="st-meta">
                  {province && <FactRow label={t('staff.ui.field.county')}>{r.countyName}</FactRow>}
                  <FactRow label={t('staff.ui.field.place')}>{r.placeName}</FactRow>
                  <FactRow label={t('staff.ui.field.outfall')}>
                    {r.outfallCode ? (
                      <>
                        {r.outfallName ?? ''} <span class="code">{r.outfallCode}</span>
                      </>
                    ) : (
                      t('staff.ui.field.noOutfall')
                    )}
                  </FactRow>
                  <FactRow label={t('staff.ui.field.age')}>
                    {t('staff.ui.field.ageDays', { n: r.ageDays })}
                    <span class="st-sub">{t('staff.ui.field.receivedOn', { date: formatDate(r.receivedAt) })}</span>
                  </FactRow>
                  <FactRow label={t('staff.ui.field.deadline')}>
                    {r.deadline ? (
                      <>
                        {deadlineLabel(r.deadline)}
                        {r.deadline.overdue && <strong class="st-overdue-mark">{t('staff.ui.deadline.overdue')}</strong>}
                      </>
                    ) : (
                      t('staff.ui.deadline.none')
                    )}
                  </FactRow>
                  {(r.nearBorder || r.photoCount > 0) && (
                    <FactRow label={t('staff.ui.field.flags')}>
                      {r.nearBorder && <span class="st-flag">{t('staff.ui.flag.nearBorder')}</span>}
                      {r.photoCount > 0 && <span class="st-flag">{t('staff.ui.flag.photos', { n: r.photoCount })}</span>}
                    </FactRow>
                  )}
                </Facts>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="st-export-title" class="st-export">
        <h2 id="st-export-title">{t('staff.ui.export.title')}</h2>
        <p class="rf-hint">
          {province && filters.county
            ? t('staff.ui.export.leadCounty', { county: countyName(filters.county) })
            : province
              ? t('staff.ui.export.leadProvince')
              : t('staff.ui.export.lead')}
          {isFiltered({ ...filters, county: undefined }) && ` ${t('staff.ui.export.filtered')}`}
        </p>
        <label class="st-check">
          <input
            type="checkbox"
            checked={includeContact}
            aria-describedby="st-export-warning"
            onChange={(e) => setIncludeContact((e.currentTarget as HTMLInputElement).checked)}
          />
          <span>{t('staff.ui.export.includeContact')}</span>
        </label>
        <p id="st-export-warning" class={includeContact ? 'st-warning' : 'rf-hint'}>
          {t('staff.ui.export.warning')}
        </p>
        <a class="button secondary" href={`${base}/api/staff/reports.csv${csvQuery.size ? `?${csvQuery}` : ''}`} download>
          {includeContact ? t('staff.ui.export.downloadWithContact') : t('staff.ui.export.download')}
        </a>
      </section>
    </div>
  );
}
