import type { Db } from '../../src/kernel/db/client.ts';
import type { RoutingNeighbour, RoutingRule } from '../../src/kernel/db/schema.ts';
import { BOUNDARY_VERSION, type County, countyByAdcode } from '../../src/kernel/geo/admin.ts';
import { type CountyLookup, countyLookup } from '../../src/kernel/geo/county-lookup.ts';
import { publishedOutfall } from '../../src/kernel/published/read.ts';
import { ApiError } from '../errors.ts';

/**
 * Routing is data: a reported point (and optionally the outfall it concerns) → the county-level
 * unit whose ecology and environment bureau handles it. The decision keeps everything it used, so
 * "why did this report go to X?" can be answered later from the report row alone.
 */

/** A point closer than this to another county's boundary is flagged as near the border. */
export const NEAR_BORDER_M = 500;

export interface RoutingDecision {
  /** The county chosen. */
  county: County;
  rule: RoutingRule;
  /** The county containing the point; undefined when the point lies outside Jilin (allowed only with an outfall). */
  pointCounty?: County;
  /** Other counties whose boundary is within NEAR_BORDER_M of the point, nearest first. */
  nearBorder: RoutingNeighbour[];
  /** The named outfall's county differs from the point's county. */
  outfallCountyMismatch: boolean;
  boundaryVersion: string;
}

export interface RouteInput {
  lng: number;
  lat: number;
  /** Normalised outfall code, if the report names one. */
  outfallCode?: string;
}

/**
 * Decides the county for a report.
 *
 * - With an outfall code: the outfall must be published (`unknown_outfall`, 400, otherwise) and its
 *   county wins; a point in another county (or, for an outfall on a boundary river, outside the
 *   province) is recorded as a mismatch, not refused.
 * - Without: the county containing the point (`point_in_polygon`); a point outside Jilin is refused
 *   with `outside_province` (422), whose message names the national 12369 channel.
 *
 * @example routeReport(db, { lng: 125.3245, lat: 43.8868 }).county.name // '南关区'
 */
export function routeReport(db: Db, input: RouteInput, lookup: CountyLookup = countyLookup()): RoutingDecision {
  const hit = lookup.locate(input.lng, input.lat, NEAR_BORDER_M);
  const nearBorder = (hit?.nearBorder ?? []).map((n) => ({ adcode: n.county.adcode, name: n.county.name, distanceM: n.distanceM }));

  if (input.outfallCode) {
    const record = publishedOutfall(db, input.outfallCode);
    if (!record) throw new ApiError('unknown_outfall', { field: 'outfallCode' });
    const outfallCounty = countyByAdcode(record.countyAdcode);
    // The importer checks county codes against the boundaries, so this only happens if the records
    // store was written by something else; fall back to the point rather than lose the report.
    if (outfallCounty) {
      return {
        county: outfallCounty,
        rule: 'outfall_county',
        pointCounty: hit?.county,
        nearBorder,
        outfallCountyMismatch: hit?.county.adcode !== outfallCounty.adcode,
        boundaryVersion: BOUNDARY_VERSION,
      };
    }
  }

  if (!hit) throw new ApiError('outside_province', { field: 'location' });
  return {
    county: hit.county,
    rule: 'point_in_polygon',
    pointCounty: hit.county,
    nearBorder,
    outfallCountyMismatch: false,
    boundaryVersion: hit.boundaryVersion,
  };
}
