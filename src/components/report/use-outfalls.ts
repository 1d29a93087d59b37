import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type FormState, locationOf, nearbyOutfalls } from './form-model.ts';
import type { Store } from './form-state.ts';
import { loadOutfalls, type NearOutfall, type OutfallRow } from './geo.ts';
import { t } from './i18n.ts';

/** Outfalls further than this from the point are not offered. */
export const NEARBY_RADIUS_KM = 20;

export type OutfallsStatus = 'idle' | 'loading' | 'failed' | 'ready';

export interface OutfallLookup {
  /** The outfalls offered for the current point (plus the chosen one); null while unknown. */
  nearby: NearOutfall[] | null;
  status: OutfallsStatus;
  /** Looks up ?outfall=<code> and takes its published position as the location. */
  preselect(code: string, keepDraftLocation: boolean): Promise<void>;
}

/**
 * The published outfalls around the report's point. The lookup file is loaded once a point is
 * known (or an outfall is preselected), never before: a citizen who only types pays nothing for it.
 * GPS, the map and the typed inputs themselves live in LocationField; they dispatch `locate`.
 */
export function useOutfalls(store: Store, outfallsUrl: string, fields: FormState): OutfallLookup {
  const [rows, setRows] = useState<OutfallRow[] | null>(null);
  const [status, setStatus] = useState<OutfallsStatus>('idle');
  const loaded = useRef<OutfallRow[] | null>(null);
  const loc = locationOf(fields);

  const ensure = async (): Promise<OutfallRow[] | null> => {
    if (loaded.current) return loaded.current;
    setStatus('loading');
    try {
      const list = await loadOutfalls(outfallsUrl);
      loaded.current = list.rows;
      setRows(list.rows);
      setStatus('ready');
      return list.rows;
    } catch {
      setStatus('failed');
      return null;
    }
  };

  useEffect(() => {
    if (loc && status === 'idle') void ensure();
  }, [loc?.lat, loc?.lng, status]);

  const nearby = useMemo(
    () => (rows && loc ? nearbyOutfalls(rows, loc, fields.outfallCode, NEARBY_RADIUS_KM) : null),
    [rows, loc?.lat, loc?.lng, fields.outfallCode],
  );

  const preselect = async (code: string, keepDraftLocation: boolean) => {
    const list = await ensure();
    const row = list?.find((r) => r[0] === code);
    if (!row) {
      if (list) store.dispatch({ type: 'set', facts: { locationMessage: { kind: 'error', text: t('reportForm.location.outfallNotFound', { code }) } } });
      return;
    }
    const [, name, lat, lng] = row;
    store.dispatch({ type: 'outfallPreselected', code, name, lat, lng, keepDraftLocation });
  };

  return { nearby, status, preselect };
}
