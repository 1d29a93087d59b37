import { useEffect, useRef, useState } from 'preact/hooks';
import { type FormState, formatDegrees, formatDistance, type LocationSource, locationOf } from './form-model.ts';
import type { LocationMessage, PhotoGpsOffer } from './form-state.ts';
import { distanceM, type NearOutfall } from './geo.ts';
import { t } from './i18n.ts';
import type { MapConfig, MapPicker } from './map-picker.ts';
import { TextField } from './TextField.tsx';

interface Props {
  state: FormState;
  disabled: boolean;
  errors: { lat?: string; lng?: string; outfallCode?: string };
  message: LocationMessage | null;
  photoOffer: PhotoGpsOffer | null;
  /** Nearest outfalls (plus the selected one); null while unknown. */
  nearby: NearOutfall[] | null;
  nearbyStatus: 'idle' | 'loading' | 'failed' | 'ready';
  nearbyRadiusKm: number;
  /** Name of an outfall preselected with ?outfall=. */
  preselected: { code: string; name: string } | null;
  /** The home map's files and base configuration (the picker map reuses them). */
  mapConfig: MapConfig;
  /** The island runs: GPS and the map are offered (without script only the typed inputs work). */
  scripted: boolean;
  onLocation(lat: string, lng: string, source: LocationSource, accuracyM?: number): void;
  onMessage(m: LocationMessage | null): void;
  onUsePhoto(): void;
  onOutfall(code: string): void;
}

/**
 * Location: phone GPS, a point picked on the map (maplibre is loaded only when the citizen asks
 * for the map), or typed decimal degrees — the typed inputs are always there, so keyboard and
 * screen-reader users never depend on the map. Below, the outfalls nearest to the point.
 */
export function LocationField(props: Props) {
  const { state, disabled, errors, message, photoOffer, nearby, nearbyStatus, preselected } = props;
  const [locating, setLocating] = useState(false);
  const [mapOpen, setMapOpen] = useState(false);
  const [mapStatus, setMapStatus] = useState<'loading' | 'ready' | 'failed'>('loading');
  const mapEl = useRef<HTMLDivElement>(null);
  const picker = useRef<MapPicker | null>(null);
  const loc = locationOf(state);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      props.onMessage({ kind: 'error', text: t('reportForm.location.gpsUnsupported') });
      return;
    }
    if (!window.isSecureContext) {
      props.onMessage({ kind: 'error', text: t('reportForm.location.gpsInsecure') });
      return;
    }
    setLocating(true);
    props.onMessage({ kind: 'info', text: t('reportForm.location.locating') });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const accuracy = Math.round(pos.coords.accuracy);
        props.onLocation(formatDegrees(pos.coords.latitude), formatDegrees(pos.coords.longitude), 'gps', accuracy);
        props.onMessage({ kind: 'ok', text: t('reportForm.location.gpsOk', { accuracy }) });
      },
      (err) => {
        setLocating(false);
        const key =
          err.code === err.PERMISSION_DENIED
            ? 'reportForm.location.gpsDenied'
            : err.code === err.TIMEOUT
              ? 'reportForm.location.gpsTimeout'
              : 'reportForm.location.gpsUnavailable';
        props.onMessage({ kind: 'error', text: t(key) });
      },
      // High accuracy: a riverbank point must be within tens of metres to name the right outfall.
      // A cached fix up to 30 s old is fine for someone standing still.
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  };

  // Open/close the lazily loaded map.
  useEffect(() => {
    if (!mapOpen || !mapEl.current) return;
    let cancelled = false;
    setMapStatus('loading');
    import('./map-picker.ts')
      .then(({ openMapPicker }) =>
        openMapPicker(mapEl.current!, {
          config: props.mapConfig,
          point: loc ?? undefined,
          label: t('reportForm.location.mapLabel'),
          onPick: (lat, lng, outfallCode) => {
            props.onLocation(formatDegrees(lat), formatDegrees(lng), 'map');
            if (outfallCode) props.onOutfall(outfallCode);
            props.onMessage({ kind: 'ok', text: t('reportForm.location.mapPicked') });
          },
        }),
      )
      .then((p) => {
        if (cancelled) return p.destroy();
        picker.current = p;
        setMapStatus('ready');
      })
      .catch(() => {
        if (!cancelled) setMapStatus('failed');
      });
    return () => {
      cancelled = true;
      picker.current?.destroy();
      picker.current = null;
    };
    // Only the open/close toggle rebuilds the map; point changes go through setPoint below.
  }, [mapOpen]);

  useEffect(() => {
    if (loc) picker.current?.setPoint(loc.lat, loc.lng);
  }, [loc?.lat, loc?.lng, mapStatus]);

  return (
    <div class="rf-location">
      {preselected && <p class="rf-preselected">{t('reportForm.outfall.preselected', preselected)}</p>}
      {props.scripted && (
        <div class="rf-actions">
          <button type="button" class="button" disabled={disabled || locating} onClick={locate} aria-describedby="rf-location-status">
            {t('reportForm.location.gps')}
          </button>
          <button
            type="button"
            class="button secondary"
            disabled={disabled}
            aria-expanded={mapOpen ? 'true' : 'false'}
            aria-controls="rf-map-wrap"
            onClick={() => setMapOpen(!mapOpen)}
          >
            {mapOpen ? t('reportForm.location.mapClose') : t('reportForm.location.map')}
          </button>
        </div>
      )}
      <div id="rf-location-status" role="status" class={`rf-status${message ? ` rf-status-${message.kind}` : ''}`}>
        {message?.text}
      </div>
      <div id="rf-map-wrap" hidden={!mapOpen}>
        {mapOpen && (
          <>
            <p class="rf-hint">
              {mapStatus === 'failed'
                ? t('reportForm.location.mapFailed')
                : mapStatus === 'loading'
                  ? t('reportForm.location.mapLoading')
                  : t('reportForm.location.mapHint')}
            </p>
            <div ref={mapEl} class="rf-map" />
          </>
        )}
      </div>
      {photoOffer && (
        <div class="rf-offer">
          <p>
            {loc
              ? t('reportForm.location.photoOffer', {
                  name: photoOffer.name,
                  lat: formatDegrees(photoOffer.lat),
                  lng: formatDegrees(photoOffer.lng),
                  distance: formatDistance(distanceM(loc, photoOffer)),
                })
              : t('reportForm.location.photoOfferNoLocation', {
                  name: photoOffer.name,
                  lat: formatDegrees(photoOffer.lat),
                  lng: formatDegrees(photoOffer.lng),
                })}
          </p>
          <button type="button" class="button secondary" disabled={disabled} onClick={props.onUsePhoto}>
            {t('reportForm.location.usePhoto')}
          </button>
        </div>
      )}
      <fieldset class="rf-coords">
        <legend>{t('reportForm.location.typedLegend')}</legend>
        <TextField
          name="lat"
          label={t('reportForm.location.lat')}
          hint={t('reportForm.location.latHint')}
          error={errors.lat}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={state.lat}
          required
          disabled={disabled}
          onInput={(e) => props.onLocation(e.currentTarget.value, state.lng, 'typed')}
        />
        <TextField
          name="lng"
          label={t('reportForm.location.lng')}
          hint={t('reportForm.location.lngHint')}
          error={errors.lng}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={state.lng}
          required
          disabled={disabled}
          onInput={(e) => props.onLocation(state.lat, e.currentTarget.value, 'typed')}
        />
      </fieldset>

      <fieldset
        class={`rf-outfalls${errors.outfallCode ? ' rf-invalid' : ''}`}
        aria-describedby={`rf-outfall-hint${errors.outfallCode ? ' rf-outfall-error' : ''}`}
      >
        <legend>{t('reportForm.outfall.legend')}</legend>
        <p id="rf-outfall-hint" class="rf-hint">
          {t('reportForm.outfall.hint')}
        </p>
        {errors.outfallCode && (
          <p id="rf-outfall-error" class="rf-error">
            {errors.outfallCode}
          </p>
        )}
        <div role="status" class="rf-status">
          {nearbyStatus === 'loading'
            ? t('reportForm.outfall.loading')
            : nearbyStatus === 'failed'
              ? t('reportForm.outfall.loadFailed')
              : nearbyStatus === 'ready' && loc && nearby?.length === 0
                ? t('reportForm.outfall.noneNearby', { km: props.nearbyRadiusKm })
                : ''}
        </div>
        <ul class="rf-choices">
          <li>
            <input
              type="radio"
              id="rf-outfall-none"
              name="outfallCode"
              value=""
              checked={state.outfallCode === ''}
              disabled={disabled}
              onChange={() => props.onOutfall('')}
            />
            <label for="rf-outfall-none">{t('reportForm.outfall.none')}</label>
          </li>
          {(nearby ?? []).map((o) => (
            <li key={o.code}>
              <input
                type="radio"
                id={`rf-outfall-${o.code}`}
                name="outfallCode"
                value={o.code}
                checked={state.outfallCode === o.code}
                disabled={disabled}
                onChange={() => props.onOutfall(o.code)}
              />
              <label for={`rf-outfall-${o.code}`}>
                {t('reportForm.outfall.item', { name: o.name, distance: formatDistance(o.distanceM) })}
                <span class="rf-sub">{t('reportForm.outfall.code', { code: o.code })}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}
