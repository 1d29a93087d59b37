import { distanceM, inJilinBox, type NearOutfall, nearestOutfalls, type OutfallRow } from './geo.ts';
import { t } from './i18n.ts';

/**
 * The report form's data, its client-side checks and its mapping to the API's multipart fields
 * and error fields. Pure functions: no DOM, so the rules can be unit-tested in Node.
 */

/** Where the location came from; `outfall` = the published position of a preselected outfall. */
export type LocationSource = '' | 'gps' | 'map' | 'typed' | 'photo' | 'outfall';

/** What the citizen typed or chose; strings as in the inputs, so a draft restores them exactly. */
export interface FormState {
  lat: string;
  lng: string;
  locationSource: LocationSource;
  /** GPS accuracy in metres, when the location came from the phone. */
  accuracyM: string;
  /** '' = not attached to an outfall. */
  outfallCode: string;
  category: string;
  description: string;
  contactName: string;
  contactPhone: string;
}

export const EMPTY_FORM: FormState = {
  lat: '',
  lng: '',
  locationSource: '',
  accuracyM: '',
  outfallCode: '',
  category: '',
  description: '',
  contactName: '',
  contactPhone: '',
};

/** The API's limits (api/reports/schemas.ts), handed to the island by the page at build time. */
export interface FormLimits {
  descriptionMin: number;
  descriptionMax: number;
  contactNameMax: number;
  maxPhotos: number;
}

/** A problem with one form field, in the order of the form. */
export interface FieldError {
  /** The API's field name: lat, lng, category, description, outfallCode, contactName, contactPhone, photos. */
  field: string;
  message: string;
}

/** The API's decimal degrees: no exponent, at most 12 decimals (api/reports/schemas.ts DECIMAL). */
const DECIMAL = /^[+-]?\d{1,3}(?:\.\d{1,12})?$/;

/** Parses a typed coordinate, accepting a full-width or comma decimal separator; NaN when invalid. */
export function parseCoordinate(s: string): number {
  const v = s.normalize('NFKC').trim().replace(/[,，]/, '.');
  return DECIMAL.test(v) ? Number(v) : Number.NaN;
}

/** The location as numbers, when both coordinates are valid degrees. */
export function locationOf(state: Pick<FormState, 'lat' | 'lng'>): { lat: number; lng: number } | undefined {
  const lat = parseCoordinate(state.lat);
  const lng = parseCoordinate(state.lng);
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180)) return undefined;
  return { lat, lng };
}

/** Characters as the API counts them: code points of the trimmed, NFC-normalised text. */
export function charCount(s: string): number {
  return [...s.normalize('NFC').trim()].length;
}

/** Formats degrees for an input: 6 decimals (about 0.1 m) is more than any phone GPS gives. */
export function formatDegrees(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

/**
 * Checks what the server would refuse for sure, so the citizen hears it before a slow upload.
 * The server checks everything again (and decides the province boundary exactly).
 */
export function validate(state: FormState, limits: FormLimits, photoCount: number): FieldError[] {
  const errors: FieldError[] = [];
  const latEmpty = state.lat.trim() === '';
  const lngEmpty = state.lng.trim() === '';
  if (latEmpty && lngEmpty) {
    errors.push({ field: 'lat', message: t('reportForm.errors.location') });
  } else {
    const lat = parseCoordinate(state.lat);
    const lng = parseCoordinate(state.lng);
    const latOk = Math.abs(lat) <= 90;
    const lngOk = Math.abs(lng) <= 180;
    if (!latOk) errors.push({ field: 'lat', message: t('report.error.invalid_lat') });
    if (!lngOk) errors.push({ field: 'lng', message: t('report.error.invalid_lng') });
    if (latOk && lngOk && !inJilinBox(lat, lng)) errors.push({ field: 'lat', message: t('reportForm.location.outsideJilin') });
  }
  if (!state.category) errors.push({ field: 'category', message: t('report.error.invalid_category') });
  const n = charCount(state.description);
  if (n === 0) errors.push({ field: 'description', message: t('report.error.required', { field: t('report.field.description') }) });
  else if (n < limits.descriptionMin) errors.push({ field: 'description', message: t('report.error.description_too_short', { min: limits.descriptionMin }) });
  else if (n > limits.descriptionMax) errors.push({ field: 'description', message: t('report.error.description_too_long', { max: limits.descriptionMax }) });
  if (charCount(state.contactName) > limits.contactNameMax) {
    errors.push({ field: 'contactName', message: t('report.error.contact_name_too_long', { max: limits.contactNameMax }) });
  }
  if (photoCount > limits.maxPhotos) errors.push({ field: 'photos', message: t('report.error.too_many_photos', { max: limits.maxPhotos }) });
  return errors;
}

/**
 * The multipart text fields of POST /api/reports. Empty optional fields are left out; a location
 * taken from a preselected outfall has no API source of its own and is sent without one.
 */
export function apiFields(state: FormState): Record<string, string> {
  const loc = locationOf(state);
  const fields: Record<string, string> = {
    lat: loc ? formatDegrees(loc.lat) : state.lat.trim(),
    lng: loc ? formatDegrees(loc.lng) : state.lng.trim(),
    category: state.category,
    description: state.description.trim(),
  };
  if (state.locationSource && state.locationSource !== 'outfall') fields.locationSource = state.locationSource;
  if (state.outfallCode) fields.outfallCode = state.outfallCode;
  if (state.contactName.trim()) fields.contactName = state.contactName.trim();
  if (state.contactPhone.trim()) fields.contactPhone = state.contactPhone.trim();
  return fields;
}

/** The inverse of `apiFields`, for a refused outbox item put back into the form. */
export function stateFromApiFields(fields: Record<string, string>): FormState {
  const source = fields.locationSource as LocationSource | undefined;
  return {
    ...EMPTY_FORM,
    lat: fields.lat ?? '',
    lng: fields.lng ?? '',
    locationSource: source ?? (fields.outfallCode ? 'outfall' : 'typed'),
    outfallCode: fields.outfallCode ?? '',
    category: fields.category ?? '',
    description: fields.description ?? '',
    contactName: fields.contactName ?? '',
    contactPhone: fields.contactPhone ?? '',
  };
}

/** Id of the input that shows an error about an API field (the API names fields, the page has ids). */
export function inputIdFor(field: string, categoryKeys: readonly string[]): string {
  switch (field) {
    case 'lat':
    case 'location':
    case 'locationSource':
      return 'rf-lat';
    case 'lng':
      return 'rf-lng';
    case 'category':
      return `rf-category-${categoryKeys[0] ?? ''}`;
    case 'outfallCode':
      return 'rf-outfall-none';
    case 'description':
    case 'contactName':
    case 'contactPhone':
    case 'photos':
      return `rf-${field}`;
    default:
      return 'rf-description';
  }
}

/** Which field an API error belongs to in the form; errors without a field are shown at the top. */
export function errorsFromApi(error: {
  code: string;
  message: string;
  field: string | null;
  issues?: { code?: string; field: string; message: string }[];
}): FieldError[] {
  const issues = error.issues?.length ? error.issues : [{ field: error.field ?? '', message: error.message }];
  // The point as a whole (`location`, e.g. 422 outside_province) and its source are shown at the
  // latitude input, the first of the location inputs.
  const formField = (f: string) => (f === 'location' || f === 'locationSource' ? 'lat' : f);
  return issues.map((i) => ({ field: formField(i.field), message: i.message }));
}

/**
 * True when there is no draft worth keeping. A location alone does not count: it is quick to get
 * again, and opening the form from a signboard (?outfall=) fills it without the citizen typing.
 */
export function isEmpty(state: FormState, photoCount: number): boolean {
  return photoCount === 0 && !state.category && !state.description.trim() && !state.contactName.trim() && !state.contactPhone.trim();
}

/**
 * The outfalls offered for a point: the five nearest within `radiusKm`, and the chosen one even when
 * the point has moved away from it (first, with its distance).
 */
export function nearbyOutfalls(rows: readonly OutfallRow[], point: { lat: number; lng: number }, chosen: string, radiusKm: number): NearOutfall[] {
  const list = nearestOutfalls(rows, point.lat, point.lng, 5, radiusKm * 1000);
  if (chosen && !list.some((o) => o.code === chosen)) {
    const row = rows.find((r) => r[0] === chosen);
    if (row) list.unshift({ code: row[0], name: row[1], lat: row[2], lng: row[3], distanceM: distanceM(point, { lat: row[2], lng: row[3] }) });
  }
  return list;
}

/** Human distance: 850 米, 1.2 公里. */
export function formatDistance(m: number): string {
  return m < 1000
    ? t('reportForm.distance.m', { n: Math.round(m / 10) * 10 || Math.round(m) })
    : t('reportForm.distance.km', { n: (m / 1000).toFixed(m < 10_000 ? 1 : 0) });
}

/** A UUID v4 for the Idempotency-Key; `crypto.randomUUID` needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
