import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContactAnswer, ContactView, CountyOption, ReportAnswer, ReportDetail } from '../../kernel/report/contract/staff.ts';
import { loadCounties, StaffApiError, staffApi } from './api.ts';
import { FactRow, Facts } from './Facts.tsx';
import { t } from './i18n.ts';
import { LoginForm } from './LoginForm.tsx';
import { actorLabel, deadlineLabel, eventLabel, formatCoords, formatDateTime, formatDistance, statusLabel } from './model.ts';
import { ReportActions } from './ReportActions.tsx';
import { SessionBar } from './SessionBar.tsx';
import { useStaffSession } from './session.ts';

export interface StaffReportProps {
  /** import.meta.env.BASE_URL without the trailing slash. */
  base: string;
}

/** What the page shows once logged in. */
type View = 'loading' | 'report' | 'missing' | 'error';

/**
 * /staff/report/?id=<id>: everything a report holds, for the staff of its county (or the
 * province). The reporter's contact is fetched only when asked for, because each viewing is
 * written to the audit trail (POST …/contact).
 */
export function StaffReport({ base }: StaffReportProps) {
  // The report is loaded once the session is known (and again after a new login).
  const session = useStaffSession(base, () => void load());
  const { staff } = session;
  const [view, setView] = useState<View>('loading');
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [counties, setCounties] = useState<CountyOption[]>([]);
  const [fatal, setFatal] = useState('');
  const [message, setMessage] = useState('');
  const [contact, setContact] = useState<ContactView | null>(null);
  const [contactBusy, setContactBusy] = useState(false);
  const [contactError, setContactError] = useState('');
  const [focusAfter, setFocusAfter] = useState<'current' | 'contact' | 'title' | null>(null);
  const current = useRef<HTMLParagraphElement>(null);
  const contactBox = useRef<HTMLDListElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const idRef = useRef('');

  const load = async (quiet = false) => {
    const id = idRef.current;
    if (!/^\d+$/.test(id)) {
      setView('missing');
      return;
    }
    try {
      const { report } = await staffApi<ReportAnswer>(base, `/api/staff/reports/${id}`);
      setReport(report);
      setView('report');
    } catch (err) {
      if (err instanceof StaffApiError && err.status === 401) session.end('expired');
      else if (err instanceof StaffApiError && err.status === 404) setView('missing');
      else if (!quiet) {
        setFatal(err instanceof Error ? err.message : String(err));
        setView('error');
      }
    }
  };

  useEffect(() => {
    idRef.current = new URLSearchParams(location.search).get('id') ?? '';
    loadCounties(base).then(setCounties, () => undefined);
  }, []);

  useEffect(() => {
    if (!focusAfter) return;
    (focusAfter === 'current' ? current : focusAfter === 'contact' ? contactBox : title).current?.focus();
    setFocusAfter(null);
  }, [focusAfter, report, contact]);

  const countyName = (adcode: string | null | undefined) =>
    adcode ? (counties.find((c) => c.adcode === adcode)?.name ?? adcode) : t('staff.ui.routing.outsideProvince');

  // Once the session is gone by the logout button or while acting, nothing of the report stays on the page.
  const forget = () => {
    setReport(null);
    setContact(null);
    setMessage('');
  };
  const expired = () => {
    session.end('expired');
    forget();
  };
  const logout = async () => {
    await session.logout();
    forget();
  };

  const showContact = async () => {
    if (!report) return;
    setContactBusy(true);
    setContactError('');
    try {
      const res = await staffApi<ContactAnswer>(base, `/api/staff/reports/${report.id}/contact`, { json: {} });
      setContact(res.contact);
      setFocusAfter('contact');
      // The viewing is now in the audit trail; show it in the timeline.
      void load(true);
    } catch (err) {
      if (err instanceof StaffApiError && err.status === 401) return expired();
      setContactError(err instanceof Error ? err.message : String(err));
    } finally {
      setContactBusy(false);
    }
  };

  const heading = (
    <h1 ref={title} tabIndex={-1}>
      {report && session.phase === 'in' && view === 'report' ? t('staff.ui.report.title', { n: report.trackingNumber }) : t('staff.ui.report.titleLoading')}
    </h1>
  );
  const inboxHref = `${base}/staff/`;

  const loading = (
    <>
      {heading}
      <p class="st-loading">{t('staff.ui.loading')}</p>
    </>
  );
  const failed = (text: string) => (
    <>
      {heading}
      <p class="rf-status rf-status-error" role="alert">
        {text}
      </p>
    </>
  );

  if (session.phase === 'checking') return loading;
  if (session.phase === 'error') return failed(session.error);
  if (session.phase === 'login' || !staff) {
    // After a logout or an expired session the form says so and takes the focus.
    const relogin = session.ended !== null;
    return (
      <>
        {heading}
        {relogin && <p class="notice">{t('staff.ui.session.expired')}</p>}
        <LoginForm
          base={base}
          focusOnMount={relogin}
          onLogin={(s) => {
            session.loggedIn(s);
            setView('loading');
            void load();
          }}
        />
      </>
    );
  }
  if (view === 'loading') return loading;
  if (view === 'error') return failed(fatal);
  const bar = <SessionBar staff={staff} inboxHref={inboxHref} onLogout={logout} />;
  if (view === 'missing' || !report)
    return (
      <>
        {heading}
        {bar}
        <p class="rf-status rf-status-error" role="alert">
          {t('staff.ui.report.missing')}
        </p>
      </>
    );

  const r = report;
  const routing = r.routing;
  const countyStaff = staff.role === 'county';

  return (
    <div class="st st-report">
      {heading}
      {bar}
      <p class="st-live" role="status" aria-live="polite">
        {message}
      </p>

      <section aria-labelledby="st-summary-title">
        <h2 id="st-summary-title" class="visually-hidden">
          {t('staff.ui.report.summary')}
        </h2>
        <p class="st-current" ref={current} tabIndex={-1}>
          {t('staff.ui.report.currentStatus')}{' '}
          <span class="st-status" data-status={r.status}>
            {statusLabel(r.status)}
          </span>
          {r.deadline && (
            <span class="st-current-deadline">
              {deadlineLabel(r.deadline)}
              {r.deadline.overdue && <strong class="st-overdue-mark">{t('staff.ui.deadline.overdue')}</strong>}
            </span>
          )}
        </p>
        <Facts>
          <FactRow label={t('staff.ui.field.category')}>{r.categoryName}</FactRow>
          <FactRow label={t('staff.ui.field.receivedAt')}>
            <time dateTime={r.receivedAt}>{formatDateTime(r.receivedAt)}</time> {t('staff.ui.field.ageParen', { n: r.ageDays })}
          </FactRow>
          <FactRow label={t('staff.ui.field.county')}>{r.countyName}</FactRow>
          <FactRow label={t('staff.ui.field.place')}>{r.placeName}</FactRow>
          <FactRow label={t('staff.ui.field.coords')}>
            <span class="code">{formatCoords(r.lat, r.lng)}</span>
            <span class="st-sub">{t('staff.ui.field.coordsHint')}</span>
          </FactRow>
          <FactRow label={t('staff.ui.field.outfall')}>
            {r.outfallCode ? (
              <a href={`${base}/outfalls/${encodeURIComponent(r.outfallCode)}/`}>
                {r.outfallName ?? r.outfallCode} <span class="code">{r.outfallCode}</span>
              </a>
            ) : (
              t('staff.ui.field.noOutfall')
            )}
          </FactRow>
        </Facts>
      </section>

      <section aria-labelledby="st-desc-title">
        <h2 id="st-desc-title">{t('staff.ui.report.description')}</h2>
        <p class="st-description">{r.description}</p>
      </section>

      <section aria-labelledby="st-photos-title">
        <h2 id="st-photos-title">{t('staff.ui.report.photos', { n: r.photos.length })}</h2>
        {r.photos.length === 0 ? (
          <p>{t('staff.ui.report.noPhotos')}</p>
        ) : (
          <ul class="st-photos">
            {r.photos.map((p, i) => (
              <li key={p.n}>
                <a href={p.url} target="_blank" rel="noopener">
                  <img src={p.url} width={p.width} height={p.height} loading="lazy" alt={t('staff.ui.report.photoAlt', { i: i + 1, n: r.photos.length })} />
                  <span class="st-sub">{t('staff.ui.report.photoOpen', { w: p.width, h: p.height })}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="st-contact-title">
        <h2 id="st-contact-title">{t('staff.ui.contact.title')}</h2>
        {!r.hasContact ? (
          <p>{t('staff.ui.contact.none')}</p>
        ) : contact ? (
          <Facts class="facts st-contact" focusRef={contactBox}>
            <FactRow label={t('staff.ui.contact.name')}>{contact.name || t('staff.ui.contact.notGiven')}</FactRow>
            <FactRow label={t('staff.ui.contact.phone')}>
              {contact.phone ? (
                <a class="tel" href={`tel:${contact.phone}`}>
                  {contact.phone}
                </a>
              ) : (
                t('staff.ui.contact.notGiven')
              )}
            </FactRow>
          </Facts>
        ) : countyStaff ? (
          <>
            <p id="st-contact-warning" class="st-warning">
              {t('staff.ui.contact.warning')}
            </p>
            <button type="button" class="button secondary" aria-describedby="st-contact-warning" disabled={contactBusy} onClick={showContact}>
              {t('staff.ui.contact.show')}
            </button>
            {contactError && (
              <p class="rf-status rf-status-error" role="alert">
                {contactError}
              </p>
            )}
          </>
        ) : (
          <p>{t('staff.ui.contact.provinceNo')}</p>
        )}
      </section>

      <section aria-labelledby="st-routing-title">
        <h2 id="st-routing-title">{t('staff.ui.routing.title')}</h2>
        <p>
          {routing.rule === 'outfall_county'
            ? t('staff.ui.routing.ruleOutfall', { county: countyName(routing.routedCountyAdcode) })
            : routing.rule === 'point_in_polygon'
              ? t('staff.ui.routing.rulePoint', { county: countyName(routing.routedCountyAdcode) })
              : t('staff.ui.routing.ruleOther', { rule: routing.rule, county: countyName(routing.routedCountyAdcode) })}
        </p>
        <Facts>
          <FactRow label={t('staff.ui.routing.pointCounty')}>{countyName(routing.pointCountyAdcode)}</FactRow>
          <FactRow label={t('staff.ui.routing.routedCounty')}>
            {countyName(routing.routedCountyAdcode)}
            {routing.routedCountyAdcode !== r.countyAdcode && <span class="st-sub">{t('staff.ui.routing.transferredSince', { county: r.countyName })}</span>}
          </FactRow>
          <FactRow label={t('staff.ui.routing.nearBorder')}>
            {routing.nearBorder.length === 0 ? (
              t('staff.ui.routing.nearBorderNone')
            ) : (
              <ul class="st-plain">
                {routing.nearBorder.map((n) => (
                  <li key={n.adcode}>{t('staff.ui.routing.neighbour', { county: n.name, distance: formatDistance(n.distanceM) })}</li>
                ))}
              </ul>
            )}
          </FactRow>
          <FactRow label={t('staff.ui.routing.boundaryVersion')} valueClass="code">
            {routing.boundaryVersion}
          </FactRow>
        </Facts>
        {routing.outfallCountyMismatch && (
          <p class="st-warning">
            {t('staff.ui.routing.mismatch', { point: countyName(routing.pointCountyAdcode), county: countyName(routing.routedCountyAdcode) })}
          </p>
        )}
        {routing.nearBorder.length > 0 && <p class="rf-hint">{t('staff.ui.routing.nearBorderHint')}</p>}
      </section>

      <ReportActions
        base={base}
        report={r}
        staff={staff}
        counties={counties}
        onLoggedOut={expired}
        onDone={(next, msg) => {
          setReport(next);
          setMessage(msg);
          setFocusAfter(next.countyAdcode !== r.countyAdcode && staff.role === 'county' ? 'title' : 'current');
        }}
      />

      <section aria-labelledby="st-timeline-title">
        <h2 id="st-timeline-title">{t('staff.ui.timeline.title')}</h2>
        <ol class="st-timeline">
          {r.timeline.map((e, i) => (
            <li key={i} class={e.public ? 'st-ev-public' : 'st-ev-internal'}>
              <p class="st-ev-head">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                <span class={`st-tag ${e.public ? 'st-tag-public' : 'st-tag-internal'}`}>
                  {e.public ? t('staff.ui.timeline.public') : t('staff.ui.timeline.internal')}
                </span>
              </p>
              <p class="st-ev-label">
                {eventLabel(e, (a) => countyName(a))} <span class="st-sub">{actorLabel(e.actor, e.actorLogin)}</span>
              </p>
              {e.note && <p class={e.public ? 'tr-reply' : 'st-note'}>{e.note}</p>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
