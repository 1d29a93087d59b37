/**
 * Outfall code after HJ 1235-2021, normalised to upper-case ASCII letters, digits and hyphens. It is
 * the outfall's permanent key and its URL slug (`/outfalls/<code>/`), so it is never regenerated.
 * Both wings check it: the importer on the way in, the report API on a report that names an outfall.
 */
export const OUTFALL_CODE = /^[A-Z0-9][A-Z0-9-]{4,39}$/;
