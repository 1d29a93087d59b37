/**
 * Limits of a citizen report, shared by the API that enforces them (api/reports/schemas.ts) and the
 * form that tells the citizen about them before sending (src/pages/report/).
 */

/** At most this many photos per report. */
export const MAX_PHOTOS = 6;
/** Description length in characters (code points). */
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 2000;
export const CONTACT_NAME_MAX = 40;
/** How the report's location was obtained. */
export const LOCATION_SOURCES = ['gps', 'map', 'typed', 'photo'] as const;
/** The national ecology and environment hotline (12369 环保举报热线), named wherever a citizen may need to call. */
export const HOTLINE = '12369';
